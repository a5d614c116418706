"""Commands about what the knowledge base holds: procedures, activities, red flags."""

from typing import TYPE_CHECKING

from spinerecov.cli.app import app, console, out, reports_errors
from spinerecov.cli.option_groups import with_sources
from spinerecov.cli.options import JsonOption, KbOption, ProcedureOption, ProtocolOption
from spinerecov.cli.plan_inputs import load_kb, note_ambiguous, resolve_inputs

if TYPE_CHECKING:
    from spinerecov.knowledge.models import KnowledgeBase
    from spinerecov.output.json.catalogue_shapes import RedFlagsDoc


@app.command()
@reports_errors
def procedures(json_output: JsonOption = False, protocol: ProtocolOption = None, kb: KbOption = None) -> None:
    """List the procedures the knowledge base knows, with the other names you can use.

    \b
    Examples:
      spinerecov procedures
      spinerecov procedures --json
      spinerecov procedures --protocol clinic.yaml
    """
    knowledge = _catalogue_kb(protocol, kb)
    if json_output:
        from spinerecov.output.json.documents import procedures_to_dict
        from spinerecov.output.json.encoding import to_json

        out(to_json(procedures_to_dict(knowledge)))
        return
    from spinerecov.output.terminal.catalogue import render_procedures

    render_procedures(console(), knowledge)


@app.command()
@reports_errors
def activities(json_output: JsonOption = False, protocol: ProtocolOption = None, kb: KbOption = None) -> None:
    """List the activities you can ask about with can-i, with the other names you can use.

    \b
    Examples:
      spinerecov activities
      spinerecov activities --json
      spinerecov --lang es activities
    """
    knowledge = _catalogue_kb(protocol, kb)
    if json_output:
        from spinerecov.output.json.documents import activities_to_dict
        from spinerecov.output.json.encoding import to_json

        out(to_json(activities_to_dict(knowledge)))
        return
    from spinerecov.output.terminal.catalogue import render_activities

    render_activities(console(), knowledge)


def _catalogue_kb(protocol: str | None, kb: str | None) -> "KnowledgeBase":
    """The knowledge base a catalogue lists: `--kb` (or the default) with the clinic's protocol on top."""
    inputs = resolve_inputs(None, None, {}, protocol, takes=frozenset({"protocol"}))
    return load_kb(kb, inputs.protocol)


@app.command("red-flags")
@reports_errors
@with_sources
def red_flags(
    procedure: ProcedureOption = None,
    json_output: JsonOption = False,
    protocol: str | None = None,
    kb: str | None = None,
) -> None:
    """Warning signs after spine surgery: when to call your surgeon, when to go to the emergency department.

    \b
    Examples:
      spinerecov red-flags
      spinerecov red-flags --procedure mis-fusion
      spinerecov red-flags --json
    """
    from spinerecov.knowledge.lookup import find_procedure

    inputs = resolve_inputs(procedure, None, {}, protocol, takes=frozenset({"procedure", "protocol"}))
    knowledge = load_kb(kb, inputs.protocol)
    procedure_id, chosen = find_procedure(knowledge, inputs.procedure)
    note_ambiguous(knowledge, inputs.procedure)
    flags = (*knowledge.red_flags, *chosen.red_flags)
    if json_output:
        from spinerecov.output.json.encoding import clinic_to_dict, red_flag_to_dict, to_json

        document: RedFlagsDoc = {
            "schema": "spinerecov/red-flags/v1",
            "procedure": procedure_id,
            "red_flags": [red_flag_to_dict(f) for f in flags],
            "clinic": clinic_to_dict(knowledge.clinic),
            "disclaimer": knowledge.disclaimer,
        }
        out(to_json(document))
        return
    from spinerecov.output.terminal.console import render_red_flags

    render_red_flags(console(), flags, knowledge.disclaimer, knowledge.clinic)
