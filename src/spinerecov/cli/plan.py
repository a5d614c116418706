"""Commands about one patient's plan: timeline and can-i."""

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from spinerecov.cli.app import app, console, out, reports_errors, terminal_width
from spinerecov.cli.completion import complete_activity
from spinerecov.cli.option_groups import PatientValues, with_patient
from spinerecov.cli.options import ExplainOption, JsonOption
from spinerecov.cli.parsers import parse_date, whole_number
from spinerecov.cli.plan_inputs import patient_plan, plan_for, resolve_inputs
from spinerecov.errors import UsageError
from spinerecov.i18n import _
from spinerecov.knowledge.values import DAY, WEEK

if TYPE_CHECKING:
    pass


ChartOption = Annotated[
    bool,
    typer.Option("--chart", help=_("Also draw the plan as a chart: phases as bars across weeks, milestones, today.")),
]


@app.command()
@reports_errors
@with_patient
def timeline(
    explain: ExplainOption = False,
    show_activities: Annotated[
        bool,
        typer.Option("--activities", "-a", help=_("Also show when each activity opens (with limits, without limits).")),
    ] = False,
    chart: ChartOption = False,
    json_output: JsonOption = False,
    patient: PatientValues = None,
) -> None:
    """Show your recovery plan with dates: phases, milestones, key limits and red flags.

    The phase you are in today is marked NOW; a future surgery date gives the plan ahead.

    \b
    Examples:
      spinerecov timeline --procedure endoscopic --date 2024-05-01
      spinerecov timeline -p tlif -d 2024-05-01 --smoker --age 72 --explain
      spinerecov timeline -p endoscopic -d 2024-05-01 --activities --chart
      spinerecov timeline -p endoscopic -d 2024-05-01 --json
    """
    assert patient is not None  # noqa: S101 - with_patient always passes it
    example = "spinerecov timeline --procedure endoscopic --date 2024-05-01"
    knowledge, built = patient_plan(patient, example)
    if json_output:
        from spinerecov.output.json.plan import timeline_json

        out(timeline_json(built, knowledge))
        return
    from spinerecov.output.terminal.plan import render_timeline

    render_timeline(console(), built, knowledge, explain, show_activities, chart)


@app.command("can-i")
@reports_errors
@with_patient
def can_i(
    activity: Annotated[
        str,
        typer.Argument(
            metavar="ACTIVITY",
            help=_("What you want to do: lift, drive, sit, work-desk ... (see 'spinerecov activities')."),
            autocompletion=complete_activity,
        ),
    ],
    week: Annotated[
        Optional[int],
        typer.Option(
            "--week",
            "-w",
            metavar="N",
            parser=whole_number(WEEK),
            help=_("Week after surgery (week 1 = days 0-6), 1 to 520."),
        ),
    ] = None,
    day: Annotated[
        Optional[int],
        typer.Option(
            "--day",
            metavar="N",
            parser=whole_number(DAY),
            help=_("Day after surgery (day 0 = the surgery day), 0 to 3650."),
        ),
    ] = None,
    on: Annotated[
        Optional[dt.date],
        typer.Option(
            "--on",
            parser=parse_date,
            metavar="YYYY-MM-DD",
            help=_("A calendar date (needs --date), up to 3650 days after the surgery."),
        ),
    ] = None,
    weight: Annotated[
        Optional[str],
        typer.Option(
            "--weight",
            metavar="LOAD",
            help=_("For lift: the load, with a unit, e.g. 10kg, 4,5kg or 22lb (up to 500 kg)."),
        ),
    ] = None,
    json_output: JsonOption = False,
    patient: PatientValues = None,
) -> None:
    """Can I do ACTIVITY yet? Answers yes, limited (with the limit) or not yet, and when it changes.

    Say when with one of --week, --day or --on. With a surgery date (--date, or
    your profile's) the answer shows calendar dates, and with no --week/--day/--on
    it answers for today.

    \b
    Examples:
      spinerecov can-i lift --week 4
      spinerecov can-i lift --week 4 --weight 10kg --procedure endoscopic
      spinerecov can-i drive --on 2024-05-20 --date 2024-05-01 -p tubular
      spinerecov can-i work-desk --day 30 --job desk --json
    """
    assert patient is not None  # noqa: S101 - with_patient always passes it
    from spinerecov.knowledge.lookup import find_activity
    from spinerecov.knowledge.values import weight_kg
    from spinerecov.plan.answers import answer

    inputs = resolve_inputs(patient.procedure, patient.date, patient.factors, patient.protocol)
    from spinerecov.knowledge.values import check_surgery_date

    surgery = check_surgery_date(inputs.surgery_date) if inputs.surgery_date else None
    first, last = _when_asked(week, day, on, surgery, patient.today)
    knowledge, plan = plan_for(patient.kb, inputs, patient.today)
    from spinerecov.knowledge.lookup import own_work

    activity_id, _entry = find_activity(knowledge, own_work(knowledge, activity, inputs.factors.job) or activity)
    if weight is not None and activity_id != "lift":
        raise UsageError(_("--weight only applies to lift, not to '{activity}'.").format(activity=activity_id))
    result = answer(knowledge, plan.personalised, activity_id, first, last, weight_kg(weight) if weight else None)
    if json_output:
        from spinerecov.output.json.encoding import to_json
        from spinerecov.output.json.plan import answer_to_dict

        out(to_json(answer_to_dict(result, surgery, knowledge)))
        return
    # The plain answer is the fast path: the JSON and markdown builders stay unloaded.
    from spinerecov.output.answer_text import answer_text

    out(answer_text(result, surgery, knowledge, terminal_width()))


def _when_asked(
    week: int | None, day: int | None, on: dt.date | None, surgery: dt.date | None, today: dt.date | None
) -> tuple[int, int]:
    """First and last day asked about, from exactly one of --week, --day, --on (or today)."""
    import functools

    from spinerecov.plan.days import week_days

    given = [name for name, value in (("--week", week), ("--day", day), ("--on", on)) if value is not None]
    if len(given) > 1:
        both = functools.reduce(
            lambda first, second: _("{first} and {second}").format(first=first, second=second), given
        )
        raise UsageError(_("Give only one of --week, --day or --on (you gave {options}).").format(options=both))
    if week is not None:
        return week_days(week)
    if day is not None:
        return day, day
    if on is None and surgery is None:
        raise UsageError(
            _(
                "Say when: --week N, --day N, or --on YYYY-MM-DD with --date, e.g. spinerecov can-i lift --week 4."
                " Or give your surgery date (--date YYYY-MM-DD) alone to ask about today."
            )
        )
    if surgery is None:
        raise UsageError(_("--on needs your surgery date too: add --date YYYY-MM-DD."))
    asked = on or today or dt.date.today()
    offset = (asked - surgery).days
    if offset < 0:
        if on:
            before = _(
                "--on ({asked}) is before your surgery date ({surgery});"
                " ask about a week or day after surgery, e.g. --week 2."
            )
        else:
            before = _(
                "Today ({asked}) is before your surgery date ({surgery});"
                " ask about a week or day after surgery, e.g. --week 2."
            )
        raise UsageError(before.format(asked=asked.isoformat(), surgery=surgery.isoformat()))
    if on and offset > DAY.high:
        raise UsageError(
            _(
                "--on ({asked}) is more than {days} days after your surgery ({surgery}); ask about a date up to {last}."
            ).format(
                asked=on.isoformat(),
                days=int(DAY.high),
                surgery=surgery.isoformat(),
                last=(surgery + dt.timedelta(days=DAY.high)).isoformat(),
            )
        )
    return offset, offset
