"""The conditions a factor rule can set: the one table that the models and the matcher share."""

from typing import Any, Literal

from spinerecov.i18n import _

ConditionTest = Literal["flag", "at-least", "one-of"]
"""How a rule's condition is tested: a yes/no factor equals it, a number reaches it, or a choice is among it."""

RULE_CONDITIONS: dict[str, tuple[ConditionTest, str]] = {
    "smoker": ("flag", "smoker"),
    "diabetes": ("flag", "diabetes"),
    "nerve_damage": ("flag", "nerve_damage"),
    "workers_comp": ("flag", "workers_comp"),
    "depression_anxiety": ("flag", "depression_anxiety"),
    "age_at_least": ("at-least", "age"),
    "bmi_at_least": ("at-least", "bmi"),
    "levels_at_least": ("at-least", "levels"),
    "job_in": ("one-of", "job"),
    "health_in": ("one-of", "health"),
}
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
