"""What a command gathers before it renders: the knowledge base, the profile under the options, the plan.

Each step says on stderr, once, what the person should know about their
inputs (which saved values were used, an ambiguous procedure name, the
plan's note). Like every command module, this imports only typer and the
standard library at module level; the engine comes in when a step runs.
"""

import datetime as dt
from typing import TYPE_CHECKING, Any

import typer

from spinerecov.cli.failures import say
from spinerecov.errors import UsageError, clip_path
from spinerecov.i18n import _, current_language

if TYPE_CHECKING:
    from spinerecov.cli.option_groups import Patient
    from spinerecov.knowledge.models import KnowledgeBase
    from spinerecov.plan.dated import Plan
    from spinerecov.plan.timeline import Timeline
    from spinerecov.store.profile import Resolved


def load_kb(kb_path: str | None, protocol: str | None = None) -> "KnowledgeBase":
    """The knowledge base from --kb, $SPINERECOV_KB or the built-in copy, with a clinic protocol if given."""
    from pathlib import Path

    from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path

    return load_knowledge_base(resolve_kb_path(kb_path), Path(protocol) if protocol else None, current_language())


def resolve_inputs(
    procedure: str | None,
    date: dt.date | None,
    factors: dict[str, Any],
    protocol: str | None = None,
    takes: frozenset[str] | None = None,
) -> "Resolved":
    """Merge the command line over the saved profile, and say once which saved values were used.

    A clinic protocol comes from --protocol, else $SPINERECOV_PROTOCOL, else the profile.
    `takes` names the inputs the command uses (default: all of them).
    """
    from spinerecov.store.profile import ALL_INPUTS, load_profile, merge, profile_path

    path = profile_path()
    resolved = merge(load_profile(path), procedure, date, factors, given_protocol(protocol), takes or ALL_INPUTS)
    if resolved.from_profile:
        used = ", ".join(resolved.from_profile)
        say(_("Using your profile ({path}): {settings}.").format(path=clip_path(path), settings=used))
    return resolved


def resolve_patient_id(patient_id: str | None) -> str:
    """--patient-id, else the profile's id (made and saved once), else a new random id, said on stderr."""
    if patient_id is not None:
        return patient_id
    from spinerecov.knowledge.identity import random_patient_id
    from spinerecov.store.profile import profile_path, remembered_patient_id

    path = profile_path()
    remembered, made = remembered_patient_id(path)
    if remembered is None:
        typer.echo(
            _(
                "No --patient-id given: this plan's records carry a new random id. Give --patient-id ID (your"
                " record's identifier) so that re-importing an updated plan updates the same records."
            ),
            err=True,
        )
        return random_patient_id()
    if made:
        typer.echo(
            _("Saved a random patient id in your profile ({path}); --patient-id ID uses yours.").format(
                path=clip_path(path)
            ),
            err=True,
        )
    return remembered


def given_protocol(protocol: str | None) -> str | None:
    """--protocol, else $SPINERECOV_PROTOCOL (the profile's comes after, where a command uses it)."""
    from spinerecov.knowledge.loader import PROTOCOL_ENV, from_environment

    return protocol or from_environment(PROTOCOL_ENV, _("a clinic protocol file"))


def plan_for(
    kb_path: str | None, inputs: "Resolved", today: dt.date | None, needs_date: str | None = None
) -> tuple["KnowledgeBase", "Plan"]:
    """Load the knowledge base and make the patient's plan; say its note (if any) once on stderr.

    With `needs_date` (an example command), a missing surgery date is a usage error that shows it.
    """
    from spinerecov.plan.dated import PatientInputs, make_plan

    if needs_date is not None and inputs.surgery_date is None:
        raise UsageError(
            _(
                "Tell me your surgery date with --date YYYY-MM-DD, e.g. {example}"
                " (or save it once: spinerecov profile set --date YYYY-MM-DD)."
            ).format(example=needs_date)
        )
    knowledge = load_kb(kb_path, inputs.protocol)
    plan = make_plan(
        knowledge, PatientInputs(inputs.procedure, inputs.surgery_date, inputs.factors), today or dt.date.today()
    )
    if plan.note:
        say(plan.note)
    return knowledge, plan


def patient_plan(patient: "Patient", example: str) -> tuple["KnowledgeBase", "Timeline"]:
    """The dated plan for the options a `with_patient` command received (the profile fills the gaps)."""
    inputs = resolve_inputs(patient.procedure, patient.date, patient.factors, patient.protocol)
    return dated_plan(patient.kb, inputs, patient.today, example)


def dated_plan(
    kb_path: str | None, inputs: "Resolved", today: dt.date | None, example: str
) -> tuple["KnowledgeBase", "Timeline"]:
    """The patient's dated plan (the surgery date is required; `example` shows how to give it)."""
    knowledge, plan = plan_for(kb_path, inputs, today, needs_date=example)
    assert plan.timeline is not None  # noqa: S101 - plan_for refused a missing date
    return knowledge, plan.timeline


def note_ambiguous(kb: "KnowledgeBase", procedure: str | None) -> None:
    """Say once, on stderr, when a procedure name can mean the open or the minimally invasive operation."""
    from spinerecov.knowledge.lookup import ambiguity_note

    note = ambiguity_note(kb, procedure)
    if note:
        say(note)
