"""The pydantic fields made from the factor table: a patient's factors, and the conditions a rule can set on them.

A yes/no factor is a `bool` (no by default), a number is bounded by its row
(and None until given), a choice is one of its row's words. A rule's
condition on a yes/no factor is that yes or no, on a number the least value
that matches (within the factor's bounds), on a choice a list of its words.
"""

from typing import Annotated, Any, Literal

from pydantic import Field

from spinerecov.knowledge.factors import Factor, rule_conditions

FieldSpec = tuple[Any, Any]
"""(annotation, default), as `pydantic.create_model` takes a field."""


def _value_type(factor: Factor) -> Any:
    """The type of a given value of `factor` (a number within its bounds, or one of its words)."""
    if factor.kind == "choice":
        return Literal[tuple(factor.choices)]
    number = int if factor.kind == "whole" else float
    assert factor.bounds is not None, factor.name  # noqa: S101 - a number row always has bounds
    return Annotated[number, Field(ge=factor.bounds.low, le=factor.bounds.high)]


def patient_fields(factors: tuple[Factor, ...]) -> dict[str, FieldSpec]:
    """The fields of `PatientFactors`, in the table's order: a yes/no is False unless given, the others None."""
    return {
        factor.name: (bool, False) if factor.kind == "yes-no" else (_value_type(factor) | None, None)
        for factor in factors
    }


def condition_fields(factors: tuple[Factor, ...]) -> dict[str, FieldSpec]:
    """The fields of `FactorCondition`: every condition a rule can set, None when the rule does not set it."""
    fields: dict[str, FieldSpec] = {}
    for name, factor in rule_conditions(factors).items():
        if factor.kind == "yes-no":
            fields[name] = (bool | None, None)
        elif factor.kind == "choice":
            fields[name] = (list[_value_type(factor)] | None, None)  # type: ignore[misc]
        else:
            fields[name] = (_value_type(factor) | None, None)
    return fields
