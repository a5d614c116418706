"""`spinerecov export`: the plan as a file to keep (markdown, JSON, calendar, FHIR or a printable HTML handout)."""

from typing import Annotated, Optional

import typer

from spinerecov.cli.app import app, out, reports_errors, say, warn
from spinerecov.cli.option_groups import PatientValues, with_patient
from spinerecov.cli.options import FORMAT_NAMES, PatientIdOption, export_format_help, export_output_help
from spinerecov.cli.parsers import choice_among
from spinerecov.cli.plan_inputs import patient_plan, resolve_patient_id
from spinerecov.cli.record_options import FhirBundleOption, PatientIdSystemOption, bundle_type
from spinerecov.errors import UsageError, clip_path
from spinerecov.i18n import _


@app.command()
@reports_errors
@with_patient
def export(
    output_format: Annotated[
        Optional[str],
        typer.Option("--format", "-f", **choice_among(FORMAT_NAMES), help=export_format_help()),
    ] = None,
    output: Annotated[
        Optional[str],
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|-",
            help=export_output_help(),
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=_("Replace the output file if it exists."))] = False,
    patient_id: PatientIdOption = None,
    patient_id_system: PatientIdSystemOption = None,
    fhir_bundle: FhirBundleOption = None,
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
    and a Patient with only --patient-id (and --patient-id-system); with
    --fhir-bundle transaction a FHIR server can take it in one request. A
    calendar exported again after a change replaces the one before, even on the
    same day. An existing file is never replaced without --force.

    \b
    Examples:
      spinerecov export --procedure endoscopic --date 2024-05-01
      spinerecov export -p tlif -d 2024-05-01 --smoker --output plan.md
      spinerecov export --format ics --output plan.ics
      spinerecov export -p tlif -d 2024-05-01 --format html --output handout.html
      spinerecov export -p endoscopic -d 2024-05-01 --format json --output -
      spinerecov export -p tlif -d 2024-05-01 --format fhir --patient-id MRN123
      spinerecov export -p tlif -d 2024-05-01 --format fhir --patient-id MRN123 \\
        --patient-id-system http://hospital.example.org/mrn --fhir-bundle transaction
    """
    assert patient is not None  # noqa: S101 - with_patient always passes it
    from spinerecov.output.plan_formats import Recipient, format_of_file, plan_format
    from spinerecov.store.files import write_atomic

    chosen = plan_format(output_format) if output_format else format_of_file(output)
    if patient_id_system is not None and patient_id is None:
        raise UsageError(
            _("--patient-id-system says whose --patient-id it is: give --patient-id too, e.g. {example}.").format(
                example="--patient-id MRN-42 --patient-id-system http://hospital.example.org/mrn"
            )
        )
    bundle = bundle_type(fhir_bundle, chosen.name)
    knowledge, built = patient_plan(patient, "spinerecov export --procedure endoscopic --date 2024-05-01")
    who = resolve_patient_id(patient_id) if chosen.needs_patient_id else patient_id
    recipient = Recipient(who or "", patient_id_system, bundle)
    remember = None
    content: str | bytes
    if chosen.name == "ics":
        from spinerecov.cli.calendar_revisions import revised_calendar
        from spinerecov.store.calendar_revisions import data_folder

        content, remember = revised_calendar(built, knowledge, recipient, data_folder() / "calendars", warn)
    else:
        content = chosen.render(built, knowledge, recipient)
    if output == "-":
        out(content)
    else:
        extension = chosen.extensions[0]
        target = output or f"recovery-plan-{built.procedure_id}-{built.surgery_date.isoformat()}.{extension}"
        written = write_atomic(target, content, force=force, private=True, warn=warn)
        say(_("Saved your plan ({format}) to {path}").format(format=chosen.name, path=clip_path(written)))
    if remember is not None:
        remember()
