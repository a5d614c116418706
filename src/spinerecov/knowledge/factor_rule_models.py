"""The factor rules of a knowledge base: which patient factors trigger a rule, and what it changes.

Annotations are real types, not strings, for the same start-up reason as in `models.py`.
"""

from typing import Annotated, Literal

from pydantic import Field, model_validator

from spinerecov.i18n import _
from spinerecov.knowledge.model_types import Day, HealthLevel, Identifier, JobType, Model, SourceList, Text
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


class FactorCondition(Model):
    """Which patient factors trigger a rule; every condition given must hold."""

    smoker: bool | None = None
    diabetes: bool | None = None
    nerve_damage: bool | None = None
    workers_comp: bool | None = None
    depression_anxiety: bool | None = None
    levels_at_least: Annotated[int, Field(ge=1, le=10)] | None = None
    age_at_least: Annotated[int, Field(ge=0, le=120)] | None = None
    bmi_at_least: Annotated[float, Field(gt=0, le=100)] | None = None
    job_in: list[JobType] | None = None
    health_in: list[HealthLevel] | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> "FactorCondition":
        if not self.model_fields_set:
            raise ValueError(_("'when' needs at least one condition"))
        for name in sorted(self.model_fields_set):
            if problem := condition_problem(name, getattr(self, name)):
                raise ValueError(problem)
        return self


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
