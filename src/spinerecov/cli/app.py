"""The Typer app, the options commands share, and the one place errors become exit codes.

Only typer and the standard library are imported here at module level (and
no `from __future__ import annotations`: Typer would evaluate every string
annotation at start-up); the knowledge base, the engine, YAML and Rich are
imported inside the commands that need them, so `--help` and `can-i` start fast.
"""

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Optional, TypeVar

import typer

from spinerecov import __version__
from spinerecov.errors import SpinerecovError, UsageError

if TYPE_CHECKING:
    from spinerecov.models import KnowledgeBase, PatientFactors
    from spinerecov.personalise import Personalised
    from spinerecov.profile import Resolved
    from spinerecov.timeline import Timeline

DEBUG_ENV = "SPINERECOV_DEBUG"
WEEK_RULE_HELP = "Day 0 is the surgery day; week N is days 7(N-1) to 7N-1, so week 1 is the first seven days."

APP_SETTINGS: dict[str, Any] = {
    "name": "spinerecov",
    "help": (
        "Your recovery plan after minimally invasive spine surgery: a dated timeline,"
        " plain answers to 'can I lift / drive / work yet?', and a plan to keep.\n\n"
        f"{WEEK_RULE_HELP}\n\n"
        "Save your operation and date once with 'spinerecov profile set'; every command then uses them.\n\n"
        "Not medical advice: your surgeon's instructions come first."
    ),
    "no_args_is_help": True,
    "rich_markup_mode": None,
    "pretty_exceptions_show_locals": False,
    "add_completion": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**APP_SETTINGS)


class Job(StrEnum):
    """The kind of work you return to."""

    desk = "desk"
    light = "light"
    manual = "manual"
    heavy = "heavy"


class Health(StrEnum):
    """Your overall health apart from your back."""

    good = "good"
    fair = "fair"
    poor = "poor"


class PlanFormat(StrEnum):
    """Formats a plan can be written in."""

    markdown = "markdown"
    json = "json"
    ics = "ics"


PLAN_EXTENSIONS = {PlanFormat.markdown: "md", PlanFormat.json: "json", PlanFormat.ics: "ics"}


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
            " Default: your profile's, else miss (general minimally invasive surgery)."
        ),
    ),
]
SurgeryDateOption = Annotated[
    Optional[dt.date],
    typer.Option(
        "--date",
        "-d",
        parser=parse_date,
        metavar="YYYY-MM-DD",
        help="The day of your surgery (day 0). Default: your profile's.",
    ),
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
SmokerOption = Annotated[
    Optional[bool], typer.Option("--smoker/--no-smoker", help="You smoke.", rich_help_panel=FACTORS)
]
DiabetesOption = Annotated[
    Optional[bool], typer.Option("--diabetes/--no-diabetes", help="You have diabetes.", rich_help_panel=FACTORS)
]
BmiOption = Annotated[
    Optional[float],
    typer.Option("--bmi", metavar="BMI", min=10, max=100, help="Your body-mass index.", rich_help_panel=FACTORS),
]
JobOption = Annotated[
    Optional[Job], typer.Option("--job", case_sensitive=False, help="The work you go back to.", rich_help_panel=FACTORS)
]
NerveDamageOption = Annotated[
    Optional[bool],
    typer.Option(
        "--nerve-damage/--no-nerve-damage",
        help="Weakness or numbness before surgery, or a nerve compressed for a long time.",
        rich_help_panel=FACTORS,
    ),
]
HealthOption = Annotated[
    Optional[Health],
    typer.Option("--health", case_sensitive=False, help="Your overall health.", rich_help_panel=FACTORS),
]
WorkersCompOption = Annotated[
    Optional[bool],
    typer.Option(
        "--workers-comp/--no-workers-comp",
        help="You have a workers' compensation claim for your back.",
        rich_help_panel=FACTORS,
    ),
]
DepressionAnxietyOption = Annotated[
    Optional[bool],
    typer.Option(
        "--depression-anxiety/--no-depression-anxiety",
        help="You live with depression and anxiety.",
        rich_help_panel=FACTORS,
    ),
]
LevelsOption = Annotated[
    Optional[int],
    typer.Option(
        "--levels", metavar="N", min=1, max=10, help="How many spinal levels were fused.", rich_help_panel=FACTORS
    ),
]
ExplainOption = Annotated[bool, typer.Option("--explain", help="Show why each adjustment was made, with its sources.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables (see README 'JSON output').")]
ProtocolOption = Annotated[
    Optional[str],
    typer.Option(
        "--protocol",
        metavar="FILE",
        help=(
            "A clinic's protocol (YAML) applied on top of the knowledge base"
            " (also: SPINERECOV_PROTOCOL, or your profile's)."
        ),
    ),
]
KbOption = Annotated[
    Optional[str],
    typer.Option(
        "--kb", metavar="PATH", help="Use this knowledge-base YAML instead of the built-in one (also: SPINERECOV_KB)."
    ),
]

CommandFunction = TypeVar("CommandFunction", bound=Callable[..., None])


def reports_errors(command: CommandFunction) -> CommandFunction:
    """Turn our errors into one clear message on stderr and an exit code: 2 for usage, 1 otherwise."""

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


# --- helpers shared by the commands ---------------------------------------------


def load_kb(kb_path: str | None, protocol: str | None = None) -> "KnowledgeBase":
    """The knowledge base from --kb, $SPINERECOV_KB or the built-in copy, with a clinic protocol if given."""
    from pathlib import Path

    from spinerecov.knowledge import load_knowledge_base, resolve_kb_path

    return load_knowledge_base(resolve_kb_path(kb_path), Path(protocol) if protocol else None)


def given_factors(
    age: int | None,
    smoker: bool | None,
    diabetes: bool | None,
    bmi: float | None,
    job: Job | None,
    nerve_damage: bool | None,
    health: Health | None,
    workers_comp: bool | None = None,
    depression_anxiety: bool | None = None,
    levels: int | None = None,
) -> dict[str, Any]:
    """The factor options as given on the command line; None means "not given"."""
    return {
        "workers_comp": workers_comp,
        "depression_anxiety": depression_anxiety,
        "levels": levels,
        "age": age,
        "smoker": smoker,
        "diabetes": diabetes,
        "bmi": bmi,
        "job": job.value if job else None,
        "nerve_damage": nerve_damage,
        "health": health.value if health else None,
    }


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
    from spinerecov.profile import ALL_INPUTS, load_profile, merge, profile_path

    path = profile_path()
    resolved = merge(load_profile(path), procedure, date, factors, given_protocol(protocol), takes or ALL_INPUTS)
    if resolved.from_profile:
        typer.echo(f"Using your profile ({path}): {', '.join(resolved.from_profile)}.", err=True)
    return resolved


def given_protocol(protocol: str | None) -> str | None:
    """--protocol, else $SPINERECOV_PROTOCOL (the profile's comes after, where a command uses it)."""
    from spinerecov.knowledge import PROTOCOL_ENV

    return protocol or os.environ.get(PROTOCOL_ENV)


def personalised(kb: "KnowledgeBase", procedure: str | None, factors: "PatientFactors") -> "Personalised":
    """The procedure (default when None) adjusted for the patient's factors."""
    from spinerecov.knowledge import find_procedure
    from spinerecov.personalise import personalise

    procedure_id, _ = find_procedure(kb, procedure)
    note_ambiguous(kb, procedure)
    return personalise(kb, procedure_id, factors)


def note_ambiguous(kb: "KnowledgeBase", procedure: str | None) -> None:
    """Say once, on stderr, when a procedure name can mean the open or the minimally invasive operation."""
    from spinerecov.knowledge import ambiguity_note

    note = ambiguity_note(kb, procedure)
    if note:
        typer.echo(note, err=True)


def dated_plan(
    kb_path: str | None, inputs: "Resolved", today: dt.date | None, example: str
) -> tuple["KnowledgeBase", "Timeline"]:
    """Load the knowledge base, personalise the procedure, and date the plan."""
    from spinerecov.timeline import build_timeline

    surgery = need_surgery_date(inputs.surgery_date, example)
    knowledge = load_kb(kb_path, inputs.protocol)
    plan = personalised(knowledge, inputs.procedure, inputs.factors)
    return knowledge, build_timeline(knowledge, plan, inputs.factors, surgery, today or dt.date.today())


def need_surgery_date(date: dt.date | None, example: str) -> dt.date:
    """The surgery date, or a usage error that says how to give it."""
    if date is None:
        raise UsageError(
            f"Tell me your surgery date with --date YYYY-MM-DD, e.g. {example}"
            " (or save it once: spinerecov profile set --date YYYY-MM-DD)."
        )
    return check_surgery_date(date)


def check_surgery_date(date: dt.date) -> dt.date:
    """A surgery date the plan can be dated from (a year's plan must fit in the calendar)."""
    from spinerecov.timeline import EARLIEST_SURGERY, LATEST_SURGERY

    if not EARLIEST_SURGERY <= date <= LATEST_SURGERY:
        raise UsageError(
            f"--date {date.isoformat()} is not a plausible surgery date; "
            f"give one between {EARLIEST_SURGERY.isoformat()} and {LATEST_SURGERY.isoformat()}."
        )
    return date


def out(text: str) -> None:
    """Write text to stdout as it is."""
    sys.stdout.write(text)
    sys.stdout.flush()


def terminal_width() -> int:
    """Columns to wrap plain text to ($COLUMNS, else the terminal, else 100)."""
    import shutil

    return shutil.get_terminal_size((100, 24)).columns - 1
