"""The command line: parse arguments, call the core, pick a renderer, map errors to exit codes.

Only typer and the standard library are imported here at module level (and
no `from __future__ import annotations`: Typer would evaluate every string
annotation at start-up); the
knowledge base, the engine, YAML and Rich are imported inside the commands
that need them, so `--help` and `can-i` start fast.
"""

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Optional, TypeVar

import typer

from spinerecov import __version__
from spinerecov.errors import SpinerecovError, UsageError

if TYPE_CHECKING:
    from spinerecov.models import KnowledgeBase, PatientFactors
    from spinerecov.personalise import Personalised
    from spinerecov.timeline import Timeline

DEBUG_ENV = "SPINERECOV_DEBUG"

app = typer.Typer(
    name="spinerecov",
    help=(
        "Your recovery plan after minimally invasive spine surgery: a dated timeline,"
        " plain answers to 'can I lift / drive / work yet?', and a plan to keep.\n\n"
        "Day 0 is the surgery day; week N is days 7(N-1) to 7N-1, so week 1 is the first seven days.\n\n"
        "Not medical advice: your surgeon's instructions come first."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Job(str, Enum):
    """The kind of work you return to."""

    desk = "desk"
    light = "light"
    manual = "manual"
    heavy = "heavy"


class Health(str, Enum):
    """Your overall health apart from your back."""

    good = "good"
    fair = "fair"
    poor = "poor"


class Format(str, Enum):
    """Export formats."""

    markdown = "markdown"
    json = "json"


def parse_date(value: str) -> dt.date:
    """YYYY-MM-DD to a date, or a clear usage error."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a real date; write it as YYYY-MM-DD, e.g. 2024-05-01.") from None


FACTORS = "Patient factors (they only ever lengthen the plan; --explain says why)"

ProcedureOption = Annotated[
    Optional[str],
    typer.Option(
        "--procedure",
        "-p",
        metavar="NAME",
        help=(
            "Your operation: an id or alias from 'spinerecov procedures'."
            " Default: miss (general minimally invasive surgery)."
        ),
    ),
]
SurgeryDateOption = Annotated[
    Optional[dt.date],
    typer.Option("--date", "-d", parser=parse_date, metavar="YYYY-MM-DD", help="The day of your surgery (day 0)."),
]
TodayOption = Annotated[
    Optional[dt.date],
    typer.Option(
        "--today",
        parser=parse_date,
        metavar="YYYY-MM-DD",
        help="Treat this date as today (for reproducible output). Default: the real date.",
    ),
]
AgeOption = Annotated[
    Optional[int],
    typer.Option("--age", metavar="YEARS", min=0, max=120, help="Your age in years.", rich_help_panel=FACTORS),
]
SmokerOption = Annotated[bool, typer.Option("--smoker", help="You smoke.", rich_help_panel=FACTORS)]
DiabetesOption = Annotated[bool, typer.Option("--diabetes", help="You have diabetes.", rich_help_panel=FACTORS)]
BmiOption = Annotated[
    Optional[float],
    typer.Option("--bmi", metavar="BMI", min=10, max=100, help="Your body-mass index.", rich_help_panel=FACTORS),
]
JobOption = Annotated[
    Optional[Job], typer.Option("--job", case_sensitive=False, help="The work you go back to.", rich_help_panel=FACTORS)
]
NerveDamageOption = Annotated[
    bool,
    typer.Option(
        "--nerve-damage",
        help="Weakness or numbness before surgery, or a nerve compressed for a long time.",
        rich_help_panel=FACTORS,
    ),
]
HealthOption = Annotated[
    Optional[Health],
    typer.Option("--health", case_sensitive=False, help="Your overall health.", rich_help_panel=FACTORS),
]
ExplainOption = Annotated[bool, typer.Option("--explain", help="Show why each adjustment was made, with its sources.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables (see README 'JSON output').")]
KbOption = Annotated[
    Optional[str],
    typer.Option(
        "--kb",
        metavar="PATH",
        help="Use this knowledge-base YAML instead of the built-in one (also: SPINERECOV_KB).",
    ),
]

CommandFunction = TypeVar("CommandFunction", bound=Callable[..., None])


def reports_errors(command: CommandFunction) -> CommandFunction:
    """Turn our errors into one clear line on stderr and an exit code: 2 for usage, 1 otherwise."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except typer.Exit:
            raise
        except SpinerecovError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            # The reader went away (e.g. `| head`); nothing more to say.
            sys.stderr.close()
            raise typer.Exit(0) from None
        except Exception as exc:
            if os.environ.get(DEBUG_ENV):
                raise
            typer.echo(
                f"Error: unexpected failure ({type(exc).__name__}: {exc}). This is a bug in spinerecov;"
                f" please report it. Set {DEBUG_ENV}=1 to see the details.",
                err=True,
            )
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"spinerecov {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Your recovery plan after minimally invasive spine surgery."""


# --- helpers ------------------------------------------------------------------


def _load(kb_path: str | None) -> "KnowledgeBase":
    from spinerecov.knowledge import load_knowledge_base, resolve_kb_path

    return load_knowledge_base(resolve_kb_path(kb_path))


def _factors(
    age: int | None,
    smoker: bool,
    diabetes: bool,
    bmi: float | None,
    job: Job | None,
    nerve_damage: bool,
    health: Health | None,
) -> "PatientFactors":
    from spinerecov.models import PatientFactors

    # Typer has already checked every value (types, ranges, choices), so the
    # model is built without validating again: validation would build the
    # model's schema, which costs start-up time on every command.
    return PatientFactors.model_construct(
        age=age,
        smoker=smoker,
        diabetes=diabetes,
        bmi=bmi,
        job=job.value if job else None,
        nerve_damage=nerve_damage,
        health=health.value if health else None,
    )


def _plan(kb: "KnowledgeBase", procedure: Optional[str], factors: "PatientFactors") -> "Personalised":
    from spinerecov.knowledge import find_procedure
    from spinerecov.personalise import personalise

    procedure_id, _ = find_procedure(kb, procedure)
    return personalise(kb, procedure_id, factors)


EARLIEST_SURGERY = dt.date(1950, 1, 1)
LATEST_SURGERY = dt.date(2200, 12, 31)


def _dated_plan(
    kb_path: Optional[str],
    procedure: Optional[str],
    factors: "PatientFactors",
    surgery: dt.date,
    today: Optional[dt.date],
) -> tuple["KnowledgeBase", "Timeline"]:
    """Load the knowledge base, personalise the procedure, and date the plan."""
    from spinerecov.timeline import build_timeline

    knowledge = _load(kb_path)
    plan = _plan(knowledge, procedure, factors)
    return knowledge, build_timeline(knowledge, plan, factors, surgery, today or dt.date.today())


def _need_date(date: dt.date | None, example: str) -> dt.date:
    if date is None:
        raise UsageError(f"Tell me your surgery date with --date YYYY-MM-DD, e.g. {example}")
    return _surgery_date(date)


def _surgery_date(date: dt.date) -> dt.date:
    """A surgery date the plan can be dated from (a year's plan must fit in the calendar)."""
    if not EARLIEST_SURGERY <= date <= LATEST_SURGERY:
        raise UsageError(
            f"--date {date.isoformat()} is not a plausible surgery date; "
            f"give one between {EARLIEST_SURGERY.isoformat()} and {LATEST_SURGERY.isoformat()}."
        )
    return date


def _out(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


# --- commands -----------------------------------------------------------------


@app.command()
@reports_errors
def timeline(
    procedure: ProcedureOption = None,
    date: SurgeryDateOption = None,
    today: TodayOption = None,
    age: AgeOption = None,
    smoker: SmokerOption = False,
    diabetes: DiabetesOption = False,
    bmi: BmiOption = None,
    job: JobOption = None,
    nerve_damage: NerveDamageOption = False,
    health: HealthOption = None,
    explain: ExplainOption = False,
    show_activities: Annotated[
        bool,
        typer.Option("--activities", "-a", help="Also show when each activity opens (with limits, without limits)."),
    ] = False,
    json_output: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Show your recovery plan with dates: phases, milestones, key limits and red flags.

    The phase you are in today is marked NOW; a future surgery date gives the plan ahead.

    \b
    Examples:
      spinerecov timeline --procedure endoscopic --date 2024-05-01
      spinerecov timeline -p tlif -d 2024-05-01 --smoker --age 72 --explain
      spinerecov timeline -p endoscopic -d 2024-05-01 --activities
      spinerecov timeline -p endoscopic -d 2024-05-01 --json
    """
    surgery = _need_date(date, "spinerecov timeline --procedure endoscopic --date 2024-05-01")
    factors = _factors(age, smoker, diabetes, bmi, job, nerve_damage, health)
    knowledge, built = _dated_plan(kb, procedure, factors, surgery, today)
    if json_output:
        from spinerecov.export import timeline_to_dict, to_json

        _out(to_json(timeline_to_dict(built, knowledge)))
        return
    from spinerecov.render import make_console, render_timeline

    render_timeline(make_console(), built, knowledge, explain, show_activities)


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
    smoker: SmokerOption = False,
    diabetes: DiabetesOption = False,
    bmi: BmiOption = None,
    job: JobOption = None,
    nerve_damage: NerveDamageOption = False,
    health: HealthOption = None,
    json_output: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Can I do ACTIVITY yet? Answers yes, limited (with the limit) or not yet, and when it changes.

    Say when with one of --week, --day or --on. With --date (your surgery date) the
    answer shows calendar dates, and with no --week/--day/--on it answers for today.

    \b
    Examples:
      spinerecov can-i lift --week 4
      spinerecov can-i lift --week 4 --weight 10kg --procedure endoscopic
      spinerecov can-i drive --on 2024-05-20 --date 2024-05-01 -p tubular
      spinerecov can-i work-desk --day 30 --job desk --json
    """
    from spinerecov.answers import answer, parse_weight
    from spinerecov.knowledge import find_activity

    if date is not None:
        _surgery_date(date)
    first, last = _when_asked(week, day, on, date, today)
    knowledge = _load(kb)
    activity_id, _ = find_activity(knowledge, activity)
    weight_kg = None
    if weight is not None:
        if activity_id != "lift":
            raise UsageError(f"--weight only applies to lift, not to '{activity_id}'.")
        weight_kg = parse_weight(weight)
    factors = _factors(age, smoker, diabetes, bmi, job, nerve_damage, health)
    plan = _plan(knowledge, procedure, factors)
    result = answer(knowledge, plan, activity_id, first, last, weight_kg)
    from spinerecov.export import answer_text, answer_to_dict, to_json

    if json_output:
        _out(to_json(answer_to_dict(result, date, knowledge)))
    else:
        import shutil

        _out(answer_text(result, date, knowledge, shutil.get_terminal_size((100, 24)).columns - 1))


def _when_asked(
    week: int | None, day: int | None, on: dt.date | None, date: dt.date | None, today: dt.date | None
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
    if on is None and date is None:
        raise UsageError(
            "Say when: --week N, --day N, or --on YYYY-MM-DD with --date, e.g. spinerecov can-i lift --week 4"
        )
    if date is None:
        raise UsageError("--on needs your surgery date too: add --date YYYY-MM-DD.")
    asked = on or today or dt.date.today()
    offset = (asked - date).days
    if offset < 0:
        label = "--on" if on else "Today"
        raise UsageError(
            f"{label} ({asked.isoformat()}) is before your surgery date ({date.isoformat()}); "
            "ask about a week or day after surgery, e.g. --week 2."
        )
    return offset, offset


@app.command()
@reports_errors
def export(
    procedure: ProcedureOption = None,
    date: SurgeryDateOption = None,
    age: AgeOption = None,
    smoker: SmokerOption = False,
    diabetes: DiabetesOption = False,
    bmi: BmiOption = None,
    job: JobOption = None,
    nerve_damage: NerveDamageOption = False,
    health: HealthOption = None,
    output_format: Annotated[
        Optional[Format],
        typer.Option(
            "--format", "-f", case_sensitive=False, help="markdown or json. Default: from the file name, else markdown."
        ),
    ] = None,
    output: Annotated[
        Optional[str],
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|-",
            help="Where to write; '-' prints it. Default: recovery-plan-PROCEDURE-DATE.md in this folder.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")] = False,
    today: TodayOption = None,
    kb: KbOption = None,
) -> None:
    """Save your plan as markdown (to keep, print or share) or JSON.

    The markdown has your details, the disclaimer, the phases, a milestone
    checklist, when each activity opens, a mermaid chart, the red flags and the
    sources. An existing file is never replaced without --force.

    \b
    Examples:
      spinerecov export --procedure endoscopic --date 2024-05-01
      spinerecov export -p tlif -d 2024-05-01 --smoker --output plan.md
      spinerecov export -p endoscopic -d 2024-05-01 --format json --output -
    """
    from spinerecov.export import timeline_to_dict, to_json, to_markdown
    from spinerecov.files import write_atomic

    surgery = _need_date(date, "spinerecov export --procedure endoscopic --date 2024-05-01")
    chosen = output_format or _format_from_name(output)
    factors = _factors(age, smoker, diabetes, bmi, job, nerve_damage, health)
    knowledge, built = _dated_plan(kb, procedure, factors, surgery, today)
    text = to_json(timeline_to_dict(built, knowledge)) if chosen is Format.json else to_markdown(built, knowledge)
    if output == "-":
        _out(text)
        return
    extension = "json" if chosen is Format.json else "md"
    target = output or f"recovery-plan-{built.procedure_id}-{surgery.isoformat()}.{extension}"
    written = write_atomic(target, text, force=force, private=True)
    typer.echo(f"Saved your plan ({chosen.value}) to {written}", err=True)


def _format_from_name(output: str | None) -> Format:
    if output and output.lower().endswith(".json"):
        return Format.json
    return Format.markdown


@app.command()
@reports_errors
def procedures(json_output: JsonOption = False, kb: KbOption = None) -> None:
    """List the procedures the knowledge base knows, with the other names you can use."""
    knowledge = _load(kb)
    if json_output:
        from spinerecov.export import procedures_to_dict, to_json

        _out(to_json(procedures_to_dict(knowledge)))
        return
    from spinerecov.render import make_console, render_procedures

    render_procedures(make_console(), knowledge)


@app.command()
@reports_errors
def activities(json_output: JsonOption = False, kb: KbOption = None) -> None:
    """List the activities you can ask about with can-i, with the other names you can use."""
    knowledge = _load(kb)
    if json_output:
        from spinerecov.export import activities_to_dict, to_json

        _out(to_json(activities_to_dict(knowledge)))
        return
    from spinerecov.render import make_console, render_activities

    render_activities(make_console(), knowledge)


@app.command("red-flags")
@reports_errors
def red_flags(procedure: ProcedureOption = None, json_output: JsonOption = False, kb: KbOption = None) -> None:
    """Warning signs after spine surgery: when to call your surgeon, when to go to the emergency department."""
    from spinerecov.knowledge import find_procedure

    knowledge = _load(kb)
    procedure_id, chosen = find_procedure(knowledge, procedure)
    flags = (*knowledge.red_flags, *chosen.red_flags)
    if json_output:
        from spinerecov.export import red_flag_to_dict, to_json

        document = {
            "procedure": procedure_id,
            "red_flags": [red_flag_to_dict(f) for f in flags],
            "disclaimer": knowledge.disclaimer,
        }
        _out(to_json(document))
        return
    from spinerecov.render import make_console, render_red_flags

    render_red_flags(make_console(), flags, knowledge.disclaimer)


def main() -> None:
    """Entry point of the `spinerecov` command."""
    app(prog_name="spinerecov")
