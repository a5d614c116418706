"""`spinerecov kb check | schema | sources | fhir`: tooling for people who edit knowledge bases and protocols."""

from enum import StrEnum
from typing import Annotated, Optional

import typer

from spinerecov.cli.app import app, given_protocol, group_language, load_kb, out, reports_errors, say
from spinerecov.cli.options import JsonOption, KbOption
from spinerecov.cli.parsers import choice_of
from spinerecov.cli.usage import SpeakingGroup
from spinerecov.errors import clip_path
from spinerecov.i18n import _, current_language, ngettext

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
    import os
    from pathlib import Path

    from spinerecov.knowledge.loader import KB_ENV, parse_for_check, resolve_kb_path
    from spinerecov.knowledge.quality import fidelity_errors, summary, warnings

    protocol = given_protocol(protocol)
    path = resolve_kb_path(file)
    kb, base, where = parse_for_check(path, Path(protocol) if protocol else None)
    found = warnings(kb, base, where)
    errors = fidelity_errors(kb, where)
    if protocol:
        # A clinic's protocol is its own source: where it departs from the published order, say so, not fail.
        intended = _("{problem} (your protocol: check this is intended)")
        found += [f._replace(message=intended.format(problem=f.message)) for f in errors]
        errors = []
    translation_errors = []
    if current_language() != "en":
        # In another language, every text must have a current translation (a stale one is never shown),
        # and the translated knowledge base must itself be valid (a Spanish alias can clash with a name).
        from spinerecov.knowledge.loader import check_in_language
        from spinerecov.knowledge.translation_check import translation_findings

        translation_errors = translation_findings(path, Path(protocol) if protocol else None, current_language())
        check_in_language(path, Path(protocol) if protocol else None, current_language())
    errors += translation_errors
    counts = summary(kb)
    if json_output:
        from spinerecov.output.json.encoding import schema_name, to_json

        document = {
            "schema": schema_name("kb-check"),
            "file": str(path),
            "protocol": protocol,
            "valid": not errors,
            "summary": counts,
            "errors": [f._asdict() for f in errors],
            "warnings": [f._asdict() for f in found],
        }
        out(to_json(document))
        if errors:
            raise typer.Exit(1)
        return
    label = str(path) if file or os.environ.get(KB_ENV) else _("the built-in knowledge base")
    with_protocol = _("{knowledge_base} with the clinic protocol {protocol}")
    checked = (
        with_protocol.format(knowledge_base=clip_path(label), protocol=clip_path(protocol))
        if protocol
        else clip_path(label)
    )
    if errors:
        count = len(errors)
        problems = ngettext("{count} clinical-fidelity problem", "{count} clinical-fidelity problems", count)
        if translation_errors:
            problems = ngettext("{count} translation problem", "{count} translation problems", count)
            if count > len(translation_errors):
                problems = ngettext("{count} problem", "{count} problems", count)
        lines = [_("Not valid: {checked} ({problems}):").format(checked=checked, problems=problems.format(count=count))]
        lines += [f"  {f.path} ({f.where}): {f.message}" for f in errors]
        say("\n".join(lines))
        raise typer.Exit(1)
    procedures, activities = counts["procedures"], counts["activities"]
    lines = [
        _("Valid: {checked}").format(checked=checked),
        _("  {count} procedures: {names}").format(count=len(procedures), names=", ".join(procedures)),
        _("  {phases} phases, {milestones} milestones, {red_flags} red flags, {factor_rules} factor rules").format(
            **{key: counts[key] for key in ("phases", "milestones", "red_flags", "factor_rules")}
        ),
        _("  {count} activities: {names}").format(count=len(activities), names=", ".join(activities)),
        _("  sources: {counts}").format(
            counts=", ".join(f"{n} {kind}" for kind, n in sorted(counts["sources"].items()))
        ),
    ]
    if counts["clinic"]:
        lines.append(_("  clinic: {clinic}").format(clinic=counts["clinic"]))
    if found:
        lines.append(ngettext("{count} warning:", "{count} warnings:", len(found)).format(count=len(found)))
    else:
        lines.append(_("{count} warnings.").format(count=0))
    lines += [f"  {f.path} ({f.where}): {f.message}" for f in found]
    out("\n".join(lines) + "\n")


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
        from spinerecov.output.json.encoding import schema_name, to_json

        out(to_json({"schema": schema_name("kb-sources"), "sources": index}))
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
def fhir(protocol: ProtocolFileOption = None, kb: KbOption = None) -> None:
    """Print the knowledge base (with a clinic's protocol) as HL7 FHIR R4 PlanDefinitions, one per procedure.

    A Bundle (JSON) for a CPG-on-FHIR engine or a health record: each phase,
    milestone and activity step is an action timed in days after surgery, with
    its sources as citations; procedure codes are CPT codes only.

    \b
    Examples:
      spinerecov kb fhir > protocols.fhir.json
      spinerecov kb fhir --protocol examples/clinic-protocol.yaml > clinic.fhir.json
    """
    from spinerecov.output.fhir.knowledge_base import kb_bundle
    from spinerecov.output.json.encoding import to_json

    out(to_json(kb_bundle(load_kb(kb, protocol))))
