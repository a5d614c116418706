"""Groups of options declared once and added to many commands: who and when, the factors, the sources.

A decorator adds a group's options to a command's signature, which Typer reads,
and hands the command their values as one argument.
"""

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Any, NamedTuple, Optional, TypeVar

from spinerecov.cli.factor_options import FACTOR_OPTIONS
from spinerecov.cli.options import KbOption, ProcedureOption, ProtocolOption, SurgeryDateOption, TodayOption

FactorValues = Optional[dict[str, Any]]
"""What a command decorated with `with_factors` receives: each factor option given, by field name."""


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
    factors are declared once, in the factor table, and every command lists them alike.
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
