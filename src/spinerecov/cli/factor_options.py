"""The patient-factor options, made from the factor table: one option per row, in the table's order.

A yes/no row is `--name/--no-name`; a number row takes plain digits within its
bounds, read as knowledge/values.py reads them everywhere; a choice row takes
one of its words (any case, "did you mean" on a typo). Every option sits in
the "Patient factors" panel of --help, with its row's help in the current language.
"""

from enum import StrEnum
from typing import Annotated, Any, Optional

import typer

from spinerecov.cli.parsers import choice_of, decimal_number, whole_number
from spinerecov.i18n import _
from spinerecov.knowledge.factors import FACTORS, Factor

FACTORS_PANEL = _("Patient factors (they only ever lengthen the plan; --explain says why)")


def factor_option(factor: Factor) -> Any:
    """The `Annotated` type of the option that gives `factor`, as Typer reads it from a signature."""
    panel: dict[str, Any] = {"help": _(factor.help), "rich_help_panel": FACTORS_PANEL}
    if factor.kind == "yes-no":
        return Annotated[Optional[bool], typer.Option(factor.flags, **panel)]
    if factor.kind == "choice":
        # The functional Enum API: the members are the row's words, known only when the table is read.
        words = StrEnum("FactorChoice", {value: value for value in factor.choices})  # type: ignore[misc]
        return Annotated[Optional[words], typer.Option(factor.flags, **choice_of(words, factor.spanish_words), **panel)]
    assert factor.bounds is not None  # noqa: S101 - a number row always has bounds
    number = (int, whole_number) if factor.kind == "whole" else (float, decimal_number)
    parse = number[1](factor.bounds)
    return Annotated[Optional[number[0]], typer.Option(factor.flags, metavar=factor.metavar, parser=parse, **panel)]


def factor_options(factors: tuple[Factor, ...]) -> dict[str, Any]:
    """Every option of `factors`, by the name of its field in PatientFactors."""
    return {factor.name: factor_option(factor) for factor in factors}


FACTOR_OPTIONS: dict[str, Any] = factor_options(FACTORS)
"""Every patient-factor option, by the name of its field in PatientFactors."""
