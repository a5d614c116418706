"""The conditions a factor rule can set, made from the factor table: what the models and the matcher share."""

from typing import Any

from spinerecov.i18n import _
from spinerecov.knowledge.factors import FACTORS, ConditionTest, Factor, rule_conditions

__all__ = ["RULE_CONDITIONS", "ConditionTest", "condition_problem", "conditions_of"]


def conditions_of(factors: tuple[Factor, ...]) -> dict[str, tuple[ConditionTest, str]]:
    """Each condition a rule can set on `factors`: how it is tested, and on which factor, in the order described."""
    return {name: (factor.test, factor.name) for name, factor in rule_conditions(factors).items()}


RULE_CONDITIONS: dict[str, tuple[ConditionTest, str]] = conditions_of(FACTORS)
"""Every condition a factor rule can set: how it is tested, and on which patient factor, in the order described.

The matcher (plan/personalise.py) tests exactly these. A condition that is not
here is refused when the knowledge base is read, and refused again by the
matcher: a rule table fails closed, it never matches every patient.
"""


def condition_problem(name: str, value: Any) -> str | None:
    """Why a condition a rule sets cannot be tested (not in the table, or given without a value); None if it can."""
    if name not in RULE_CONDITIONS:
        known = ", ".join(RULE_CONDITIONS)
        return _("'{condition}' is not a condition a rule can test (known: {known})").format(
            condition=name, known=known
        )
    if value is None:
        return _("the condition '{condition}' needs a value").format(condition=name)
    return None
