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
from spinerecov.errors import clip


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
    """YYYY-MM-DD (exactly: not 20240501 or 2024-W18) to a date, or a clear usage error."""
    import re

    text = value.strip()
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text, flags=re.ASCII):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"'{clip(value)}' is not a real date; write it as YYYY-MM-DD, e.g. 2024-05-01."
        ) from None


def parse_today(value: str) -> dt.date:
    """--today: a real date inside the years a plan can be dated in (not 9999-12-31)."""
    from spinerecov.plan.timeline import EARLIEST_SURGERY, LATEST_SURGERY

    date = parse_date(value)
    if not EARLIEST_SURGERY <= date <= LATEST_SURGERY + dt.timedelta(days=3660):
        raise typer.BadParameter(
            f"{date.isoformat()} is not a plausible date for today; give one between"
            f" {EARLIEST_SURGERY.year} and {LATEST_SURGERY.year + 10}."
        )
    return date


WHOLE = r"[+-]?[0-9]+"
DECIMAL = r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+"


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """A parser for a whole number from `low` to `high`, in plain digits (not 4_0, not ٤)."""
    return _number_parser(WHOLE, int, "whole number", low, high)  # type: ignore[return-value]


def decimal_number(low: float, high: float) -> Callable[[str], float]:
    """A parser for a number from `low` to `high`, in plain digits with an optional decimal point (not 3_0)."""
    return _number_parser(DECIMAL, float, "number", low, high)


def _shown(number: float) -> str:
    return str(int(number)) if float(number).is_integer() and abs(number) < 1e15 else f"{number:g}"


def _number_parser(
    pattern: str, kind: type[int] | type[float], words: str, low: float, high: float
) -> Callable[[str], float]:
    import re

    example = f"{low + 1:g}" if kind is int else f"{low + 14:g}"

    def parse(value: str) -> float:
        text = value.strip()
        if not re.fullmatch(pattern, text, flags=re.ASCII):
            raise typer.BadParameter(f"'{clip(value)}' is not a {words}; write it in digits, e.g. {example}.")
        number = kind(text)
        if not low <= number <= high:
            raise typer.BadParameter(f"{_shown(number)} is not between {_shown(low)} and {_shown(high)}.")
        return number

    return parse


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
        parser=parse_today,
        metavar="YYYY-MM-DD",
        help="Treat this date as today (for reproducible output). Default: the real date.",
    ),
]


AgeOption = Annotated[
    Optional[int],
    typer.Option(
        "--age", metavar="YEARS", parser=whole_number(0, 120), help="Your age in years.", rich_help_panel=FACTORS
    ),
]


SmokerOption = Annotated[
    Optional[bool], typer.Option("--smoker/--no-smoker", help="You smoke.", rich_help_panel=FACTORS)
]


DiabetesOption = Annotated[
    Optional[bool], typer.Option("--diabetes/--no-diabetes", help="You have diabetes.", rich_help_panel=FACTORS)
]


BmiOption = Annotated[
    Optional[float],
    typer.Option(
        "--bmi", metavar="BMI", parser=decimal_number(10, 100), help="Your body-mass index.", rich_help_panel=FACTORS
    ),
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
        "--levels",
        metavar="N",
        parser=whole_number(1, 10),
        help="How many spinal levels were fused.",
        rich_help_panel=FACTORS,
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
