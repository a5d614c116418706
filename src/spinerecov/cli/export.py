"""`spinerecov export`: the plan as a file to keep (markdown, JSON, calendar, FHIR or a printable HTML handout)."""

from typing import Annotated, Optional

import typer

from spinerecov.cli.app import app, out, reports_errors, say, warn
from spinerecov.cli.option_groups import PatientValues, with_patient
from spinerecov.cli.options import PLAN_EXTENSIONS, PatientIdOption, PlanFormat
from spinerecov.cli.parsers import choice_of
from spinerecov.cli.plan_inputs import patient_plan, resolve_patient_id
from spinerecov.errors import clip_path
from spinerecov.i18n import _


@app.command()
@reports_errors
@with_patient
def export(
    output_format: Annotated[
        Optional[PlanFormat],
        typer.Option(
            "--format",
            "-f",
            **choice_of(PlanFormat),
            help=_(
                "markdown, json, ics (a calendar), fhir (an HL7 FHIR R4 bundle) or html (a handout to print)."
                " Default: from the file name, else markdown."
            ),
        ),
    ] = None,
    output: Annotated[
        Optional[str],
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|-",
            help=_(
                "Where to write; '-' prints it."
                " Default: recovery-plan-PROCEDURE-DATE.md (or .json, .ics, .fhir.json, .html) here."
            ),
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=_("Replace the output file if it exists."))] = False,
    patient_id: PatientIdOption = None,
    patient: PatientValues = None,
) -> None:
    """Save your plan: markdown (to keep), JSON, a calendar (ics), FHIR (a health record) or an HTML handout.

    The HTML handout is one self-contained file for clinic staff to print and
    hand over: the clinic's number, the red flags in a box on the first page, a
    chart, the phases, a milestone checklist with tick boxes, when each activity
    opens, and the sources. The markdown has your details, the disclaimer, the phases, a milestone
    checklist, when each activity opens, a mermaid chart, the red flags and the
    sources. The calendar has an all-day event for every milestone and phase,
    with a reminder the day before each visit; importing an updated plan
    replaces its events. The FHIR bundle holds a CarePlan, a Goal per milestone
    and a Patient with only --patient-id. An existing file is never replaced
    without --force.

    \b
    Examples:
      spinerecov export --procedure endoscopic --date 2024-05-01
      spinerecov export -p tlif -d 2024-05-01 --smoker --output plan.md
      spinerecov export --format ics --output plan.ics
      spinerecov export -p tlif -d 2024-05-01 --format html --output handout.html
      spinerecov export -p endoscopic -d 2024-05-01 --format json --output -
      spinerecov export -p tlif -d 2024-05-01 --format fhir --patient-id MRN123
    """
    assert patient is not None  # noqa: S101 - with_patient always passes it
    from spinerecov.output.plan_formats import render_plan
    from spinerecov.store.files import write_atomic

    chosen = output_format or _format_from_name(output)
    knowledge, built = patient_plan(patient, "spinerecov export --procedure endoscopic --date 2024-05-01")
    who = resolve_patient_id(patient_id) if chosen in (PlanFormat.fhir, PlanFormat.ics) else patient_id
    content = render_plan(built, knowledge, chosen.value, patient_id=who)
    if output == "-":
        out(content)
        return
    extension = PLAN_EXTENSIONS[chosen]
    target = output or f"recovery-plan-{built.procedure_id}-{built.surgery_date.isoformat()}.{extension}"
    written = write_atomic(target, content, force=force, private=True, warn=warn)
    say(_("Saved your plan ({format}) to {path}").format(format=chosen.value, path=clip_path(written)))


def _format_from_name(output: str | None) -> PlanFormat:
    if (output or "").lower().endswith(".fhir.json"):
        return PlanFormat.fhir
    suffix = (output or "").lower().rsplit(".", 1)[-1]
    by_suffix = {"json": PlanFormat.json, "ics": PlanFormat.ics, "html": PlanFormat.html, "htm": PlanFormat.html}
    return by_suffix.get(suffix, PlanFormat.markdown)
