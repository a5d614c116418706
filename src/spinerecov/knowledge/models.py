"""The knowledge base as pydantic models: frozen, strict, and closed to unknown keys.

These models describe what `data/procedures.yaml` may say. Cross-checks that
need the whole knowledge base live in `cross_checks.py`; the models check each
value on its own.

Annotations are real types, not strings (no `from __future__ import
annotations`): pydantic would otherwise evaluate every one of them at import,
which costs start-up time.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from spinerecov.i18n import _
from spinerecov.knowledge.rule_conditions import condition_problem

Verdict = Literal["yes", "limited", "not-yet"]
"""An answer to "can I ...?": allowed, allowed within a limit, or not yet."""


VERDICTS: tuple[Verdict, ...] = ("not-yet", "limited", "yes")
"""Verdicts from most to least cautious."""


Day = Annotated[int, Field(ge=0, le=3650)]


Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]


SourceList = Annotated[list[str], Field(min_length=1)]


Text = Annotated[str, Field(min_length=1)]


JobType = Literal["desk", "light", "manual", "heavy"]


HealthLevel = Literal["good", "fair", "poor"]


RedFlagAction = Literal["emergency", "call-surgeon", "call-within-24h"]
"""Red-flag tiers: go to the emergency department now; call your surgeon now (if you cannot
reach them, go to the emergency department); call within 24 hours."""


class Model(BaseModel):
    """Base for every knowledge-base model: immutable and strict."""

    # strict: YAML values are never coerced ("62380" stays text, 1 is not True).
    # defer_build: building validators costs start-up time; a cached knowledge
    # base is unpickled without validating, so build them only when needed.
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, defer_build=True)


class Source(Model):
    """A document that facts cite, with an optional note on how it is read."""

    title: Text
    kind: Literal["seed", "guideline", "paper", "handout", "general", "protocol"]
    note: Text | None = None


class DayRange(Model):
    """The earliest and latest day the sources give for a dated fact, and those sources."""

    from_day: Day
    to_day: Day
    typical_day: Day | None = None
    sources: SourceList

    @model_validator(mode="after")
    def _ordered(self) -> "DayRange":
        if self.to_day < self.from_day:
            raise ValueError(_("to_day must not be before from_day"))
        if self.typical_day is not None and not self.from_day <= self.typical_day <= self.to_day:
            raise ValueError(_("typical_day must lie inside the range"))
        return self


class SourcesDiffer(Model):
    """Another view from other sources, recorded beside the cautious default."""

    text: Text
    sources: SourceList


class Condition(Model):
    """A condition on an activity that is not about time (e.g. no opioids before driving)."""

    text: Text
    sources: SourceList


class Activity(Model):
    """An entry of the activity catalogue."""

    name: Text
    verb: Text | None = None
    aliases: list[Identifier] = []
    key: bool = False
    description: Text
    conditions: list[Condition] = []


class Limit(Model):
    """How far a limited activity may go."""

    max_kg: Annotated[float, Field(gt=0, le=100)] | None = None
    max_minutes: Annotated[int, Field(gt=0, le=600)] | None = None
    text: Text | None = None

    @model_validator(mode="after")
    def _says_something(self) -> "Limit":
        if self.max_kg is None and self.max_minutes is None and self.text is None:
            raise ValueError(_("a limit needs max_kg, max_minutes or text"))
        return self


class ActivityStep(Model):
    """From `from_day` on (until the next step), the activity has this verdict."""

    from_day: Day
    cautious_from_day: Day | None = None
    range: DayRange | None = None
    verdict: Verdict
    limit: Limit | None = None
    note: Text | None = None
    sources: SourceList
    sources_differ: SourcesDiffer | None = None

    @model_validator(mode="after")
    def _limit_matches_verdict(self) -> "ActivityStep":
        if self.verdict == "limited" and self.limit is None:
            raise ValueError(_("a 'limited' step needs a limit"))
        if self.verdict != "limited" and self.limit is not None:
            raise ValueError(_("a '{verdict}' step cannot have a limit").format(verdict=self.verdict))
        if self.cautious_from_day is not None and self.cautious_from_day <= self.from_day:
            raise ValueError(_("cautious_from_day must be later than from_day"))
        return self


class Phase(Model):
    """A stretch of recovery, days `start` to `end` inclusive."""

    id: Identifier
    name: Text
    start: Day
    range: DayRange | None = None
    end: Day
    cautious_end: Day | None = None
    expect: Text
    goals: list[Text] = []
    sources: SourceList

    @model_validator(mode="after")
    def _ordered(self) -> "Phase":
        if self.end < self.start:
            raise ValueError(_("end must not be before start"))
        if self.cautious_end is not None and self.cautious_end <= self.end:
            raise ValueError(_("cautious_end must be later than end"))
        return self


class Milestone(Model):
    """A dated event: fixed (`day`), when an activity opens (`activity`), or when a phase starts (`phase`)."""

    id: Identifier
    name: Text
    kind: Literal["event", "visit", "activity", "check-in"]
    day: Day | None = None
    cautious_day: Day | None = None
    range: DayRange | None = None
    activity: Identifier | None = None
    phase: Identifier | None = None
    optional: bool = False
    description: Text
    # Empty only for a milestone anchored to an activity or phase: it cites that step or phase.
    sources: list[str] = []
    sources_differ: SourcesDiffer | None = None

    @model_validator(mode="after")
    def _one_anchor(self) -> "Milestone":
        anchors = [name for name in ("day", "activity", "phase") if getattr(self, name) is not None]
        if len(anchors) != 1:
            raise ValueError(_("a milestone needs exactly one of day, activity or phase"))
        if self.cautious_day is not None and (self.day is None or self.cautious_day <= self.day):
            raise ValueError(_("cautious_day needs a day and must be later than it"))
        if self.day is not None and not self.sources:
            raise ValueError(_("a milestone with a day needs sources"))
        return self


class RedFlag(Model):
    """A symptom that needs urgent care, with what to do."""

    id: Identifier
    symptom: Text
    short: Text | None = None
    action: RedFlagAction
    sources: SourceList


class HospitalStay(Model):
    """What to expect about the hospital stay."""

    text: Text
    sources: SourceList


class Procedure(Model):
    """One operation and its recovery plan."""

    name: Text
    category: Literal["minimally-invasive", "open"]
    family: Literal["discectomy", "fusion", "general"] | None = None
    open_counterpart: Identifier | None = None
    aliases: list[Identifier] = []
    codes: list[Annotated[str, Field(pattern=r"^[0-9]{5}$")]] = []
    description: Text
    sources: SourceList
    hospital_stay: HospitalStay
    phases: Annotated[list[Phase], Field(min_length=1)]
    milestones: list[Milestone]
    red_flags: list[RedFlag] = []
    activities: dict[Identifier, Annotated[list[ActivityStep], Field(min_length=1)]]


class CheckIn(Model):
    """A check-in a factor rule adds to the plan."""

    id: Identifier
    name: Text
    day: Day
    description: Text


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


class Clinic(Model):
    """The clinic whose protocol this is: shown next to the red flags in every plan."""

    name: Text
    phone: Text | None = None
    note: Text | None = None


class AmbiguousName(Model):
    """Names that can mean the open or the minimally invasive operation: they resolve to the open one."""

    names: Annotated[list[Identifier], Field(min_length=1)]
    resolves_to: Identifier
    minimally_invasive: Annotated[list[Identifier], Field(min_length=1)]


class KnowledgeBase(Model):
    """The whole knowledge base."""

    version: Literal[1]
    default_procedure: Identifier
    disclaimer: Text
    sources: dict[str, Source]
    activities: dict[Identifier, Activity]
    red_flags: Annotated[list[RedFlag], Field(min_length=1)]
    procedures: dict[Identifier, Procedure]
    factor_rules: list[FactorRule] = []
    ambiguous_names: list[AmbiguousName] = []
    clinic: Clinic | None = None
