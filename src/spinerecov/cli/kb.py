"""`spinerecov kb check | schema | sources | fhir`: tooling for people who edit knowledge bases and protocols."""

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from spinerecov.cli.app import app, group_language, out, reports_errors, say
from spinerecov.cli.options import JsonOption, KbOption
from spinerecov.cli.parsers import choice_of
from spinerecov.cli.plan_inputs import given_protocol, load_kb
from spinerecov.cli.record_options import FhirBundleOption
from spinerecov.cli.usage import SpeakingGroup
from spinerecov.i18n import _, current_language, ngettext

if TYPE_CHECKING:
    from spinerecov.output.json.catalogue_shapes import KbSourcesDoc

kb_app = typer.Typer(
    cls=SpeakingGroup,
    help=_(
        "Check, describe, cite and export (FHIR) a knowledge base or a clinic's protocol"
        " (for clinic staff and editors)."
    ),
    no_args_is_help=True,
)
kb_app.callback()(group_language)
app.add_typer(kb_app, name="kb")

ProtocolFileOption = Annotated[
    Optional[str],
    typer.Option(
        "--protocol", metavar="FILE", help=_("A clinic's protocol to check on top of it (also: SPINERECOV_PROTOCOL).")
    ),
]


@kb_app.command("check")
@reports_errors
def check(
    file: Annotated[
        Optional[str], typer.Argument(metavar="FILE", help=_("The knowledge base. Default: the built-in one."))
    ] = None,
    protocol: ProtocolFileOption = None,
    json_output: JsonOption = False,
) -> None:
    """Validate a knowledge base (and a protocol): a summary and warnings, or every error with file:line.

    Exit 0 when it is valid (warnings do not fail it), 1 on any error. In Spanish (--lang es), every
    text must also have a Spanish translation that is not stale (data/i18n/es.yaml, and the
    protocol's own `translations`).

    \b
    Examples:
      spinerecov kb check
      spinerecov kb check --protocol examples/clinic-protocol.yaml
      spinerecov kb check my-procedures.yaml --json
      spinerecov kb check --lang es
    """
    from spinerecov.knowledge.check import check_knowledge_base

    result = check_knowledge_base(file, given_protocol(protocol), current_language())
    if json_output:
        from spinerecov.output.json.documents import kb_check_to_dict
        from spinerecov.output.json.encoding import to_json

        out(to_json(kb_check_to_dict(result)))
    else:
        from spinerecov.output.check_report import check_report

        report = check_report(result)
        if result.errors:
            say(report)
        else:
            out(report + "\n")
    if result.errors:
        raise typer.Exit(1)


class SchemaKind(StrEnum):
    """Which JSON Schema to print."""

    knowledge_base = "knowledge-base"
    protocol = "protocol"


@kb_app.command("schema")
@reports_errors
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(
            **{**choice_of(SchemaKind), "metavar": "KIND"},
            help=_("knowledge-base (procedures.yaml) or protocol (a clinic's overlay)."),
        ),
    ] = SchemaKind.knowledge_base,
) -> None:
    """Print the JSON Schema of the knowledge base or of a clinic protocol, for editors' autocompletion.

    Save it next to your YAML and point the YAML language server at it:
    # yaml-language-server: $schema=protocol.schema.json

    \b
    Examples:
      spinerecov kb schema > procedures.schema.json
      spinerecov kb schema protocol > protocol.schema.json
    """
    from spinerecov.output.json.encoding import to_json

    if kind is SchemaKind.protocol:
        from spinerecov.knowledge.protocol import Protocol

        document = Protocol.model_json_schema()
        document["title"] = "spinerecov clinic protocol"
    else:
        from spinerecov.knowledge.models import KnowledgeBase

        document = KnowledgeBase.model_json_schema()
        document["title"] = "spinerecov knowledge base"
    out(to_json({"$schema": "https://json-schema.org/draft/2020-12/schema", **document}))


@kb_app.command("sources")
@reports_errors
def sources(
    protocol: ProtocolFileOption = None,
    json_output: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """List every source and the facts that cite it.

    \b
    Examples:
      spinerecov kb sources
      spinerecov kb sources --protocol examples/clinic-protocol.yaml --json
    """
    from spinerecov.knowledge.quality import sources_index

    index = sources_index(load_kb(kb, given_protocol(protocol)))
    if json_output:
        from spinerecov.output.json.encoding import to_json

        document: KbSourcesDoc = {
            "schema": "spinerecov/kb-sources/v1",
            "sources": [
                {"id": c["id"], "kind": c["kind"], "title": c["title"], "note": c["note"], "cited_by": c["cited_by"]}
                for c in index
            ],
        }
        out(to_json(document))
        return
    lines = []
    for source in index:
        count = len(source["cited_by"])
        cited = ngettext("{id} ({kind}, cited by {count} fact)", "{id} ({kind}, cited by {count} facts)", count)
        lines.append(cited.format(id=source["id"], kind=source["kind"], count=count))
        lines.append(f"  {source['title']}")
        if source["note"]:
            lines.append(_("  Note: {note}").format(note=source["note"]))
        lines += [f"    {path}" for path in source["cited_by"]] or [_("    (not cited)")]
    out("\n".join(lines) + "\n")


@kb_app.command("fhir")
@reports_errors
def fhir(protocol: ProtocolFileOption = None, fhir_bundle: FhirBundleOption = None, kb: KbOption = None) -> None:
    """Print the knowledge base (with a clinic's protocol) as HL7 FHIR R4 PlanDefinitions, one per procedure.

    A Bundle (JSON) for a CPG-on-FHIR engine or a health record: each phase,
    milestone and activity step is an action timed in days after surgery, with
    its sources as citations; procedure codes are CPT codes only. Each
    PlanDefinition has a canonical url and version of its own for the built-in
    knowledge base and for each clinic's protocol.

    \b
    Examples:
      spinerecov kb fhir > protocols.fhir.json
      spinerecov kb fhir --protocol examples/clinic-protocol.yaml > clinic.fhir.json
      spinerecov kb fhir --fhir-bundle transaction > post-me.fhir.json
    """
    from spinerecov.output.fhir.knowledge_base import kb_bundle
    from spinerecov.output.json.encoding import to_json

    out(to_json(kb_bundle(load_kb(kb, protocol), fhir_bundle or "collection")))
