"""The knowledge base as pydantic models: frozen, strict, and closed to unknown keys.

These models describe what `data/procedures.yaml` may say. Cross-checks that
need the whole knowledge base live in `cross_checks.py`; the models check each
value on its own.

Annotations are real types, not strings (no `from __future__ import
annotations`): pydantic would otherwise evaluate every one of them at import,
which costs start-up time.
"""

from typing import Annotated, Literal

from pydantic import Field, model_validator

from spinerecov.i18n import _
from spinerecov.knowledge.check_in_models import CheckInSection
from spinerecov.knowledge.factor_rule_models import AfterSurgery as AfterSurgery
from spinerecov.knowledge.factor_rule_models import CheckIn as CheckIn
from spinerecov.knowledge.factor_rule_models import FactorCondition as FactorCondition
from spinerecov.knowledge.factor_rule_models import FactorRule as FactorRule
from spinerecov.knowledge.model_types import VERDICTS as VERDICTS
from spinerecov.knowledge.model_types import Day as Day
from spinerecov.knowledge.model_types import HealthLevel as HealthLevel
from spinerecov.knowledge.model_types import Identifier as Identifier
from spinerecov.knowledge.model_types import IdentifierSystem as IdentifierSystem
from spinerecov.knowledge.model_types import JobType as JobType
from spinerecov.knowledge.model_types import Model as Model
from spinerecov.knowledge.model_types import RedFlagAction as RedFlagAction
from spinerecov.knowledge.model_types import SourceId as SourceId
from spinerecov.knowledge.model_types import SourceList as SourceList
from spinerecov.knowledge.model_types import Text as Text
from spinerecov.knowledge.model_types import Verdict as Verdict
from spinerecov.knowledge.not_covered import NotCovered
from spinerecov.knowledge.phone import PhoneNumber
from spinerecov.knowledge.questionnaire_models import Questionnaire, QuestionnaireTimepoint


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
    # True for a schedule's window (when to answer the outcome questionnaires), not a spread of
    # recoveries: it is then said as "answer within", never as "most people".
    window: bool = False

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
    """An entry of the activity catalogue; `job`: the job it is the work of; `opens_after`: what must be free first."""

    name: Text
    verb: Text | None = None
    aliases: list[Identifier] = []
    key: bool = False
    description: Text
    conditions: list[Condition] = []
    job: JobType | None = None
    opens_after: list[Identifier] = []


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
    kind: Literal["event", "visit", "activity", "check-in", "questionnaire"]
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


class Clinic(Model):
    """The clinic whose protocol this is: shown next to the red flags in every plan."""

    name: Text
    phone: PhoneNumber | None = None
    note: Text | None = None
    identifier_system: IdentifierSystem | None = None
    """The URI that names the clinic's patient identifiers (FHIR `Patient.identifier.system`)."""


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
    sources: dict[SourceId, Source]
    activities: dict[Identifier, Activity]
    red_flags: Annotated[list[RedFlag], Field(min_length=1)]
    procedures: dict[Identifier, Procedure]
    factor_rules: list[FactorRule] = []
    ambiguous_names: list[AmbiguousName] = []
    clinic: Clinic | None = None
    check_in: CheckInSection = CheckInSection()
    questionnaires: dict[Identifier, Questionnaire] = {}
    questionnaire_schedule: list[QuestionnaireTimepoint] = []
    # Operations people name that have no plan here, each with the closest covered one.
    not_covered: list[NotCovered] = []
