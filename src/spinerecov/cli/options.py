"""The options commands share, with their help: procedure, dates, patient factors, formats, files.

No `from __future__ import annotations` here or in any command module: Typer
reads these annotations at start-up.
"""

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, Optional

import typer

from spinerecov.cli.completion import complete_procedure


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
    fhir = "fhir"
    html = "html"


PLAN_EXTENSIONS = {
    PlanFormat.markdown: "md",
    PlanFormat.json: "json",
    PlanFormat.ics: "ics",
    PlanFormat.fhir: "fhir.json",
    PlanFormat.html: "html",
}


def choice_of(kind: type[StrEnum]) -> dict[str, Any]:
    """Parser, metavar and completion for an option or argument that takes one of `kind`'s values.

    Typer's own check words a wrong value as "Value error, 'desks' is not one
    of ..." (its validation library's wording); this one says "'desks' is not
    one of: desk, light, manual, heavy (did you mean 'desk'?)". Any case is accepted.
    """
    names = [member.value for member in kind]

    def parse(value: str) -> StrEnum:
        for member in kind:
            if member.value == value.strip().casefold():
                return member
        import difflib

        close = difflib.get_close_matches(value.strip().casefold(), names, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise typer.BadParameter(f"'{value}' is not one of: {', '.join(names)}{hint}.")

    def complete(incomplete: str) -> list[str]:
        return [name for name in names if name.startswith(incomplete.casefold())]

    settings: dict[str, Callable[[str], Any] | str] = {
        "parser": parse,
        "metavar": f"<{'|'.join(names)}>",
        "autocompletion": complete,
    }
    return settings


def parse_date(value: str) -> dt.date:
    """YYYY-MM-DD to a date, or a clear usage error."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a real date; write it as YYYY-MM-DD, e.g. 2024-05-01.") from None


def parse_patient_id(value: str) -> str:
    """A patient identifier (see knowledge/identity.py), or a clear usage error."""
    from spinerecov.knowledge.identity import PATIENT_ID_RULE, is_patient_id

    if not is_patient_id(value):
        raise typer.BadParameter(f"'{value}' is not a usable patient id; {PATIENT_ID_RULE}.")
    return value


FACTORS = "Patient factors (they only ever lengthen the plan; --explain says why)"


ProcedureOption = Annotated[
    Optional[str],
    typer.Option(
        "--procedure",
        "-p",
        metavar="NAME",
        autocompletion=complete_procedure,
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
    Optional[Job], typer.Option("--job", **choice_of(Job), help="The work you go back to.", rich_help_panel=FACTORS)
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
    typer.Option("--health", **choice_of(Health), help="Your overall health.", rich_help_panel=FACTORS),
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


PatientIdOption = Annotated[
    Optional[str],
    typer.Option(
        "--patient-id",
        parser=parse_patient_id,
        metavar="ID",
        help=(
            "The patient's identifier in your records (e.g. the MRN). Exports name their records after it,"
            " so re-importing an updated plan updates them. Default: a random id kept in your profile."
        ),
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
