"""The options commands share, with their help: procedure, dates, patient factors, formats, files.

No `from __future__ import annotations` here or in any command module: Typer
reads these annotations at start-up.
"""

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, NamedTuple, Optional, TypeVar

import typer


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
    html = "html"


PLAN_EXTENSIONS = {PlanFormat.markdown: "md", PlanFormat.json: "json", PlanFormat.ics: "ics", PlanFormat.html: "html"}


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


FactorValues = Optional[dict[str, Any]]
"""What a command decorated with `with_factors` receives: each factor option given, by field name."""

FACTOR_OPTIONS: dict[str, Any] = {
    "age": AgeOption,
    "smoker": SmokerOption,
    "diabetes": DiabetesOption,
    "bmi": BmiOption,
    "job": JobOption,
    "nerve_damage": NerveDamageOption,
    "health": HealthOption,
    "workers_comp": WorkersCompOption,
    "depression_anxiety": DepressionAnxietyOption,
    "levels": LevelsOption,
}
"""Every patient-factor option, by the name of its field in PatientFactors."""

SOURCE_OPTIONS: dict[str, Any] = {"protocol": ProtocolOption, "kb": KbOption}
"""Where the knowledge comes from: a clinic's protocol and another knowledge base."""

CommandFunction = TypeVar("CommandFunction", bound=Callable[..., None])


class Patient(NamedTuple):
    """What a command decorated with `with_patient` receives: the patient's options as given."""

    procedure: str | None
    date: dt.date | None
    today: dt.date | None
    factors: dict[str, Any]
    protocol: str | None
    kb: str | None


PatientValues = Optional[Patient]
"""The parameter type of `patient` in a command decorated with `with_patient` (Typer never sees it)."""

PATIENT_OPTIONS: dict[str, Any] = {"procedure": ProcedureOption, "date": SurgeryDateOption, "today": TodayOption}
"""Who and when: the operation, the surgery date, and the date to treat as today."""


def with_patient(command: CommandFunction) -> CommandFunction:
    """Give a command the operation, dates, every factor, --protocol and --kb; it receives them as `patient`."""

    def bundle(given: dict[str, Any]) -> Any:
        return Patient(
            factors=_factor_values({k: given[k] for k in FACTOR_OPTIONS}),
            **{k: given[k] for k in (*PATIENT_OPTIONS, *SOURCE_OPTIONS)},
        )

    options = {**PATIENT_OPTIONS, **FACTOR_OPTIONS, **SOURCE_OPTIONS}
    return _with_options(command, options, "patient", bundle)


def with_factors(command: CommandFunction) -> CommandFunction:
    """Give a command every patient-factor option; it receives the values given as one dict, `factors`.

    The options are added to the command's signature (which Typer reads), so the
    ten of them are declared once, here, and every command lists them alike.
    """
    return _with_options(command, FACTOR_OPTIONS, "factors", _factor_values)


def with_sources(command: CommandFunction) -> CommandFunction:
    """Give a command --protocol and --kb (in that order, last); it receives them as named."""
    return _with_options(command, SOURCE_OPTIONS, None, None)


def _factor_values(given: dict[str, Any]) -> dict[str, Any]:
    """The factor options as given on the command line (enums as their values); None means "not given"."""
    return {name: value.value if isinstance(value, StrEnum) else value for name, value in given.items()}


def _with_options(
    command: CommandFunction,
    options: dict[str, Any],
    bundle: str | None,
    convert: Callable[[dict[str, Any]], Any] | None,
) -> CommandFunction:
    import functools
    import inspect

    signature = inspect.signature(command)
    own = [p for name, p in signature.parameters.items() if name != bundle and name not in options]

    def added(names: list[str]) -> list[inspect.Parameter]:
        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        return [inspect.Parameter(n, kind, default=None, annotation=options[n]) for n in names]

    # In --help: arguments, then who and when, the command's own options, the factors, its output
    # options, and last where the knowledge comes from.
    first = next((i for i, p in enumerate(own) if p.default is not inspect.Parameter.empty), len(own))
    trailing = next((i for i, p in enumerate(own) if p.name in TRAILING), len(own)) if bundle else len(own)
    parameters = [
        *own[:first],
        *added([n for n in options if n in PATIENT_OPTIONS]),
        *own[first:trailing],
        *added([n for n in options if n in FACTOR_OPTIONS]),
        *own[trailing:],
        *added([n for n in options if n in SOURCE_OPTIONS]),
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        if bundle is not None and convert is not None:
            kwargs[bundle] = convert({name: kwargs.pop(name, None) for name in options})
        command(*args, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


TRAILING = frozenset({"explain", "show_activities", "chart", "output", "output_format", "force", "json_output"})
"""Options that stay after the shared ones in --help."""
