"""`spinerecov status`: where you are today in your plan."""

from spinerecov.cli.app import app, console, out, reports_errors
from spinerecov.cli.option_groups import PatientValues, with_patient
from spinerecov.cli.options import JsonOption
from spinerecov.cli.plan_inputs import patient_plan


@app.command()
@reports_errors
@with_patient
def status(
    json_output: JsonOption = False,
    patient: PatientValues = None,
) -> None:
    """Where you are today: day and week, this phase, progress, what is next, and what you can do today.

    Works from your saved profile (spinerecov profile set) or from --procedure and --date.

    \b
    Examples:
      spinerecov status
      spinerecov status --procedure endoscopic --date 2024-05-01
      spinerecov status --today 2024-05-20 --json
    """
    assert patient is not None  # noqa: S101 - with_patient always passes it
    from spinerecov.plan.status import build_status

    knowledge, built = patient_plan(patient, "spinerecov status --procedure endoscopic --date 2024-05-01")
    now = build_status(built)
    if json_output:
        from spinerecov.output.json.documents import status_to_dict
        from spinerecov.output.json.encoding import to_json

        out(to_json(status_to_dict(now, built, knowledge)))
        return
    from spinerecov.output.terminal.status import render_status

    render_status(console(), now, built, knowledge)
