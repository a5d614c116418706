"""Commands about one patient's plan: timeline, can-i, status, export, compare."""

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from spinerecov.cli.app import (
    PLAN_EXTENSIONS,
    AgeOption,
    BmiOption,
    DepressionAnxietyOption,
    DiabetesOption,
    ExplainOption,
    HealthOption,
    JobOption,
    JsonOption,
    KbOption,
    LevelsOption,
    NerveDamageOption,
    PlanFormat,
    ProcedureOption,
    ProtocolOption,
    SmokerOption,
    SurgeryDateOption,
    TodayOption,
    WorkersCompOption,
    app,
    check_surgery_date,
    dated_plan,
    given_factors,
    load_kb,
    note_ambiguous,
    out,
    parse_date,
    personalised,
    reports_errors,
    resolve_inputs,
    terminal_width,
)
from spinerecov.errors import UsageError

if TYPE_CHECKING:
    pass

ChartOption = Annotated[
    bool, typer.Option("--chart", help="Also draw the plan as a chart: phases as bars across weeks, milestones, today.")
]


@app.command()
@reports_errors
def timeline(
    procedure: ProcedureOption = None,
    date: SurgeryDateOption = None,
    today: TodayOption = None,
    age: AgeOption = None,
    smoker: SmokerOption = None,
    diabetes: DiabetesOption = None,
    bmi: BmiOption = None,
    job: JobOption = None,
    nerve_damage: NerveDamageOption = None,
    health: HealthOption = None,
    workers_comp: WorkersCompOption = None,
    depression_anxiety: DepressionAnxietyOption = None,
    levels: LevelsOption = None,
    explain: ExplainOption = False,
    show_activities: Annotated[
        bool,
        typer.Option("--activities", "-a", help="Also show when each activity opens (with limits, without limits)."),
    ] = False,
    chart: ChartOption = False,
    json_output: JsonOption = False,
    protocol: ProtocolOption = None,
    kb: KbOption = None,
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
    inputs = resolve_inputs(
        procedure,
        date,
        given_factors(age, smoker, diabetes, bmi, job, nerve_damage, health, workers_comp, depression_anxiety, levels),
        protocol,
    )
    example = "spinerecov timeline --procedure endoscopic --date 2024-05-01"
    knowledge, built = dated_plan(kb, inputs, today, example)
    if json_output:
        from spinerecov.export import timeline_to_dict, to_json

        out(to_json(timeline_to_dict(built, knowledge)))
        return
    from spinerecov.render import make_console, render_timeline

    render_timeline(make_console(), built, knowledge, explain, show_activities, chart)


@app.command("can-i")
@reports_errors
def can_i(
    activity: Annotated[
        str, typer.Argument(help="What you want to do: lift, drive, sit, work-desk ... (see 'spinerecov activities').")
    ],
    week: Annotated[
        Optional[int],
        typer.Option("--week", "-w", metavar="N", min=1, max=520, help="Week after surgery (week 1 = days 0-6)."),
    ] = None,
    day: Annotated[
        Optional[int],
        typer.Option("--day", metavar="N", min=0, max=3650, help="Day after surgery (day 0 = the surgery day)."),
    ] = None,
    on: Annotated[
        Optional[dt.date],
        typer.Option("--on", parser=parse_date, metavar="YYYY-MM-DD", help="A calendar date (needs --date)."),
    ] = None,
    procedure: ProcedureOption = None,
    date: SurgeryDateOption = None,
    weight: Annotated[
        Optional[str],
        typer.Option("--weight", metavar="LOAD", help="For lift: the load, with a unit, e.g. 10kg or 22lb."),
    ] = None,
    today: TodayOption = None,
    age: AgeOption = None,
    smoker: SmokerOption = None,
    diabetes: DiabetesOption = None,
    bmi: BmiOption = None,
    job: JobOption = None,
    nerve_damage: NerveDamageOption = None,
    health: HealthOption = None,
    workers_comp: WorkersCompOption = None,
    depression_anxiety: DepressionAnxietyOption = None,
    levels: LevelsOption = None,
    json_output: JsonOption = False,
    protocol: ProtocolOption = None,
    kb: KbOption = None,
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
    from spinerecov.answers import answer, parse_weight
    from spinerecov.knowledge import find_activity

    inputs = resolve_inputs(
        procedure,
        date,
        given_factors(age, smoker, diabetes, bmi, job, nerve_damage, health, workers_comp, depression_anxiety, levels),
        protocol,
    )
    surgery = check_surgery_date(inputs.surgery_date) if inputs.surgery_date else None
    first, last = _when_asked(week, day, on, surgery, today)
    knowledge = load_kb(kb, inputs.protocol)
    activity_id, _ = find_activity(knowledge, activity)
    weight_kg = None
    if weight is not None:
        if activity_id != "lift":
            raise UsageError(f"--weight only applies to lift, not to '{activity_id}'.")
        weight_kg = parse_weight(weight)
    plan = personalised(knowledge, inputs.procedure, inputs.factors)
    result = answer(knowledge, plan, activity_id, first, last, weight_kg)
    from spinerecov.export import answer_text, answer_to_dict, to_json

    if json_output:
        out(to_json(answer_to_dict(result, surgery, knowledge)))
    else:
        out(answer_text(result, surgery, knowledge, terminal_width()))


def _when_asked(
    week: int | None, day: int | None, on: dt.date | None, surgery: dt.date | None, today: dt.date | None
) -> tuple[int, int]:
    """First and last day asked about, from exactly one of --week, --day, --on (or today)."""
    from spinerecov.timeline import week_days

    given = [name for name, value in (("--week", week), ("--day", day), ("--on", on)) if value is not None]
    if len(given) > 1:
        raise UsageError(f"Give only one of --week, --day or --on (you gave {' and '.join(given)}).")
    if week is not None:
        return week_days(week)
    if day is not None:
        return day, day
    if on is None and surgery is None:
        raise UsageError(
            "Say when: --week N, --day N, or --on YYYY-MM-DD with --date, e.g. spinerecov can-i lift --week 4"
        )
    if surgery is None:
        raise UsageError("--on needs your surgery date too: add --date YYYY-MM-DD.")
    asked = on or today or dt.date.today()
    offset = (asked - surgery).days
    if offset < 0:
        label = "--on" if on else "Today"
        raise UsageError(
            f"{label} ({asked.isoformat()}) is before your surgery date ({surgery.isoformat()}); "
            "ask about a week or day after surgery, e.g. --week 2."
        )
    return offset, offset


@app.command()
@reports_errors
def status(
    procedure: ProcedureOption = None,
    date: SurgeryDateOption = None,
    today: TodayOption = None,
    age: AgeOption = None,
    smoker: SmokerOption = None,
    diabetes: DiabetesOption = None,
    bmi: BmiOption = None,
    job: JobOption = None,
    nerve_damage: NerveDamageOption = None,
    health: HealthOption = None,
    workers_comp: WorkersCompOption = None,
    depression_anxiety: DepressionAnxietyOption = None,
    levels: LevelsOption = None,
    json_output: JsonOption = False,
    protocol: ProtocolOption = None,
    kb: KbOption = None,
) -> None:
    """Where you are today: day and week, this phase, progress, what is next, and what you can do today.

    Works from your saved profile (spinerecov profile set) or from --procedure and --date.

    \b
    Examples:
      spinerecov status
      spinerecov status --procedure endoscopic --date 2024-05-01
      spinerecov status --today 2024-05-20 --json
    """
    from spinerecov.status import build_status

    inputs = resolve_inputs(
        procedure,
        date,
        given_factors(age, smoker, diabetes, bmi, job, nerve_damage, health, workers_comp, depression_anxiety, levels),
        protocol,
    )
    knowledge, built = dated_plan(kb, inputs, today, "spinerecov status --procedure endoscopic --date 2024-05-01")
    now = build_status(built)
    if json_output:
        from spinerecov.export import to_json
        from spinerecov.export_more import status_to_dict

        out(to_json(status_to_dict(now, built, knowledge)))
        return
    from spinerecov.render import make_console
    from spinerecov.render_today import render_status

    render_status(make_console(), now, built, knowledge)


@app.command()
@reports_errors
def export(
    procedure: ProcedureOption = None,
    date: SurgeryDateOption = None,
    age: AgeOption = None,
    smoker: SmokerOption = None,
    diabetes: DiabetesOption = None,
    bmi: BmiOption = None,
    job: JobOption = None,
    nerve_damage: NerveDamageOption = None,
    health: HealthOption = None,
    workers_comp: WorkersCompOption = None,
    depression_anxiety: DepressionAnxietyOption = None,
    levels: LevelsOption = None,
    output_format: Annotated[
        Optional[PlanFormat],
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="markdown, json or ics (a calendar). Default: from the file name, else markdown.",
        ),
    ] = None,
    output: Annotated[
        Optional[str],
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|-",
            help="Where to write; '-' prints it. Default: recovery-plan-PROCEDURE-DATE.md (or .json, .ics) here.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")] = False,
    today: TodayOption = None,
    protocol: ProtocolOption = None,
    kb: KbOption = None,
) -> None:
    """Save your plan as markdown (to keep, print or share), JSON, or a calendar (ics).

    The markdown has your details, the disclaimer, the phases, a milestone
    checklist, when each activity opens, a mermaid chart, the red flags and the
    sources. The calendar has an all-day event for every milestone and phase,
    with a reminder the day before each visit; importing an updated plan
    replaces its events. An existing file is never replaced without --force.

    \b
    Examples:
      spinerecov export --procedure endoscopic --date 2024-05-01
      spinerecov export -p tlif -d 2024-05-01 --smoker --output plan.md
      spinerecov export --format ics --output plan.ics
      spinerecov export -p endoscopic -d 2024-05-01 --format json --output -
    """
    from spinerecov.export import render_plan
    from spinerecov.files import write_atomic

    inputs = resolve_inputs(
        procedure,
        date,
        given_factors(age, smoker, diabetes, bmi, job, nerve_damage, health, workers_comp, depression_anxiety, levels),
        protocol,
    )
    chosen = output_format or _format_from_name(output)
    knowledge, built = dated_plan(kb, inputs, today, "spinerecov export --procedure endoscopic --date 2024-05-01")
    content = render_plan(built, knowledge, chosen.value)
    if output == "-":
        out(content.decode("utf-8") if isinstance(content, bytes) else content)
        return
    extension = PLAN_EXTENSIONS[chosen]
    target = output or f"recovery-plan-{built.procedure_id}-{built.surgery_date.isoformat()}.{extension}"
    written = write_atomic(target, content, force=force, private=True)
    typer.echo(f"Saved your plan ({chosen.value}) to {written}", err=True)


def _format_from_name(output: str | None) -> PlanFormat:
    suffix = (output or "").lower().rsplit(".", 1)[-1]
    return {"json": PlanFormat.json, "ics": PlanFormat.ics}.get(suffix, PlanFormat.markdown)


class CompareFormat(StrEnum):
    """Compare output formats besides the table."""

    table = "table"
    markdown = "markdown"


@app.command()
@reports_errors
def compare(
    procedures: Annotated[
        list[str], typer.Argument(metavar="PROCEDURE...", help="Two or more procedures (ids or aliases).")
    ],
    age: AgeOption = None,
    smoker: SmokerOption = None,
    diabetes: DiabetesOption = None,
    bmi: BmiOption = None,
    job: JobOption = None,
    nerve_damage: NerveDamageOption = None,
    health: HealthOption = None,
    workers_comp: WorkersCompOption = None,
    depression_anxiety: DepressionAnxietyOption = None,
    levels: LevelsOption = None,
    output_format: Annotated[
        CompareFormat, typer.Option("--format", "-f", case_sensitive=False, help="table (default) or markdown.")
    ] = CompareFormat.table,
    json_output: JsonOption = False,
    protocol: ProtocolOption = None,
    kb: KbOption = None,
) -> None:
    """Compare procedures side by side: hospital stay, milestone weeks, and when each activity opens.

    Differences are highlighted. Your profile's factors apply unless you give others.

    \b
    Examples:
      spinerecov compare endoscopic open-discectomy
      spinerecov compare mis-fusion open-fusion --smoker
      spinerecov compare endoscopic tubular miss --format markdown
    """
    from spinerecov.compare import compare_procedures

    if len(procedures) < 2:
        raise UsageError("Give at least two procedures to compare, e.g. spinerecov compare endoscopic open-discectomy")
    factors = given_factors(
        age, smoker, diabetes, bmi, job, nerve_damage, health, workers_comp, depression_anxiety, levels
    )
    inputs = resolve_inputs(None, None, factors, protocol, takes=frozenset({"factors", "protocol"}))
    knowledge = load_kb(kb, inputs.protocol)
    for name in procedures:
        note_ambiguous(knowledge, name)
    comparison = compare_procedures(knowledge, procedures, inputs.factors)
    if json_output:
        from spinerecov.export import to_json
        from spinerecov.export_more import comparison_to_dict

        out(to_json(comparison_to_dict(comparison, knowledge)))
    elif output_format is CompareFormat.markdown:
        from spinerecov.export_more import comparison_to_markdown

        out(comparison_to_markdown(comparison, knowledge))
    else:
        from spinerecov.render import make_console
        from spinerecov.render_today import render_comparison

        render_comparison(make_console(), comparison, knowledge)
