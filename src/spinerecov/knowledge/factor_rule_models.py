"""The factor rules of a knowledge base: which patient factors trigger a rule, and what it changes.

Annotations are real types, not strings, for the same start-up reason as in `models.py`.
"""

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, create_model, model_validator

from spinerecov.i18n import _
from spinerecov.knowledge.factor_fields import condition_fields
from spinerecov.knowledge.factors import FACTORS, Factor
from spinerecov.knowledge.model_types import Day, Identifier, Model, SourceList, Text
from spinerecov.knowledge.rule_conditions import condition_problem


class CheckIn(Model):
    """A check-in a factor rule adds to the plan."""

    id: Identifier
    name: Text
    day: Day
    description: Text


class AfterSurgery(Model):
    """A rule's advice from the surgery day on, when its `text` is timed before surgery ('stop 4 weeks before')."""

    text: Text
    sources: SourceList


class ConditionValues(Model):
    """Which patient factors trigger a rule; every condition given must hold (the fields come from the table)."""

    if TYPE_CHECKING:
        # Made from knowledge/factors.py when the module loads (see `PatientFactors`): read as Any here.
        def __getattr__(self, name: str) -> Any: ...  # noqa: D105

        def __init__(self, **conditions: Any) -> None: ...  # noqa: D107

    @model_validator(mode="after")
    def _not_empty(self) -> "ConditionValues":
        if not self.model_fields_set:
            raise ValueError(_("'when' needs at least one condition"))
        for name in sorted(self.model_fields_set):
            if problem := condition_problem(name, getattr(self, name)):
                raise ValueError(problem)
        return self


def conditions_model(factors: tuple[Factor, ...]) -> type[ConditionValues]:
    """The model of a rule's `when` for the table `factors`: one optional field per condition."""
    model: type[ConditionValues] = create_model(  # type: ignore[call-overload]
        "FactorCondition",
        __base__=ConditionValues,
        __module__=__name__,
        __doc__="Which patient factors trigger a rule; every condition given must hold.",
        **condition_fields(factors),
    )
    return model


if TYPE_CHECKING:
    FactorCondition = ConditionValues
else:
    FactorCondition = conditions_model(FACTORS)


class FactorRule(Model):
    """How a patient factor changes the plan, and why."""

    id: Identifier
    when: FactorCondition
    procedures: list[Identifier] | None = None
    effect: Literal["delay", "limit", "guidance", "check-in"]
    targets: list[Annotated[str, Field(pattern=r"^(phase|milestone|activity):[a-z0-9-]+$")]] = []
    activity: Identifier | None = None
    check_in: CheckIn | None = None
    text: Text
    sources: SourceList
    after_surgery: AfterSurgery | None = None

    @model_validator(mode="after")
    def _effect_has_what_it_needs(self) -> "FactorRule":
        needs = {"delay": "targets", "limit": "activity", "check-in": "check_in"}
        for effect, field in needs.items():
            given = bool(getattr(self, field))
            if self.effect == effect and not given:
                raise ValueError(_("a '{effect}' rule needs '{field}'").format(effect=effect, field=field))
            if self.effect != effect and given:
                raise ValueError(_("a '{effect}' rule cannot have '{field}'").format(effect=self.effect, field=field))
        return self
