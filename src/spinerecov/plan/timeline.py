"""Pure: (personalised procedure, surgery date, today) -> dated phases, milestones and activities."""

import datetime as dt
import functools
import itertools
from collections.abc import Sequence
from typing import NamedTuple

from spinerecov.knowledge.models import (
    ActivityStep,
    Clinic,
    DayRange,
    KnowledgeBase,
    Milestone,
    Procedure,
    RedFlag,
    SourcesDiffer,
)
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.knowledge.steps import step_on
from spinerecov.knowledge.values import EARLIEST_SURGERY
from spinerecov.plan.coherence import advice_for_today
from spinerecov.plan.personalise import Adjustment, Personalised
from spinerecov.plan.questionnaire_schedule import questionnaire_milestones
from spinerecov.plan.schedule import first_day_at_least, fixed_range, schedule, step_range


class PlannedPhase(NamedTuple):
    """A phase with its dates and where today falls."""

    id: str
    name: str
    start_day: int
    end_day: int
    start_date: dt.date
    end_date: dt.date
    status: str
    expect: str
    goals: tuple[str, ...]
    key_limits: tuple[tuple[str, tuple[tuple[int, ActivityStep], ...]], ...]
    sources: tuple[str, ...]
    start_range: DayRange


class PlannedMilestone(NamedTuple):
    """A milestone with its date and where today falls."""

    id: str
    name: str
    kind: str
    day: int
    date: dt.date
    status: str
    optional: bool
    description: str
    sources: tuple[str, ...]
    range: DayRange
    sources_differ: SourcesDiffer | None


class ActivityOutlook(NamedTuple):
    """When an activity opens: first allowed within a limit, and first allowed freely."""

    id: str
    name: str
    today: ActivityStep
    first_limited_day: int | None
    first_yes_day: int | None
    steps: tuple[ActivityStep, ...]


class Timeline(NamedTuple):
    """A whole personalised, dated recovery plan."""

    procedure_id: str
    procedure: Procedure
    is_default_procedure: bool
    surgery_date: dt.date
    today: dt.date
    factors: PatientFactors
    phases: tuple[PlannedPhase, ...]
    milestones: tuple[PlannedMilestone, ...]
    activities: tuple[ActivityOutlook, ...]
    adjustments: tuple[Adjustment, ...]
    red_flags: tuple[RedFlag, ...]
    disclaimer: str
    clinic: Clinic | None

    @property
    def day_today(self) -> int:
        """Days since surgery (negative before surgery)."""
        return (self.today - self.surgery_date).days

    @property
    def full_recovery(self) -> PlannedMilestone:
        """The full-recovery milestone (every procedure has one)."""
        return next(m for m in self.milestones if m.id == "full-recovery")

    def date_of(self, day: int) -> dt.date:
        """The calendar date of day `day` after surgery."""
        return self.surgery_date + dt.timedelta(days=day)

    def iso_date(self, day: int) -> str:
        """'2024-05-15': the date of day `day` after surgery as the plan files write it."""
        return _iso_of(self.surgery_date.toordinal() + day)

    def cited_sources(self) -> list[str]:
        """Every source id the plan cites, in first-cited order."""
        cited: list[Sequence[str]] = [phase.sources for phase in self.phases]
        for milestone in self.milestones:
            cited += [milestone.sources, milestone.range.sources]
            if milestone.sources_differ:
                cited.append(milestone.sources_differ.sources)
        for outlook in self.activities:
            for step in outlook.steps:
                cited.append(step.sources)
                if step.range:
                    cited.append(step.range.sources)
                if step.sources_differ:
                    cited.append(step.sources_differ.sources)
        cited += [adjustment.sources for adjustment in self.adjustments]
        cited += [flag.sources for flag in self.red_flags]
        cited.append(self.procedure.hospital_stay.sources)
        # One dictionary built once keeps the first-cited order (it was updated once per fact).
        return list(dict.fromkeys(itertools.chain.from_iterable(cited)))


@functools.lru_cache(maxsize=100_000)
def _iso_of(ordinal: int) -> str:
    # A plan writes a hundred dates and a batch the same few thousand again and again: each is made once.
    return dt.date.fromordinal(ordinal).isoformat()


def build_timeline(
    kb: KnowledgeBase, plan: Personalised, factors: PatientFactors, surgery_date: dt.date, today: dt.date
) -> Timeline:
    """Date every phase, milestone and activity of a personalised procedure."""
    procedure = plan.procedure
    day_today = (today - surgery_date).days
    phases, milestones, activities = _undated(kb, procedure)

    def on(day: int) -> dt.date:
        return surgery_date + dt.timedelta(days=day)

    return Timeline(
        procedure_id=plan.procedure_id,
        procedure=procedure,
        is_default_procedure=plan.procedure_id == kb.default_procedure,
        surgery_date=surgery_date,
        today=today,
        factors=factors,
        phases=tuple(
            p._replace(
                start_date=on(p.start_day), end_date=on(p.end_day), status=_status(day_today, p.start_day, p.end_day)
            )
            for p in phases
        ),
        milestones=tuple(m._replace(date=on(m.day), status=_status(day_today, m.day, m.day)) for m in milestones),
        activities=tuple(a._replace(today=step_on(a.steps, max(day_today, 0))) for a in activities),
        adjustments=advice_for_today(kb, plan.adjustments, day_today),
        red_flags=(*kb.red_flags, *procedure.red_flags),
        disclaimer=kb.disclaimer,
        clinic=kb.clinic,
    )


_Undated = tuple[tuple[PlannedPhase, ...], tuple[PlannedMilestone, ...], tuple[ActivityOutlook, ...]]
_undated_plans: dict[tuple[int, int], tuple[KnowledgeBase, Procedure, _Undated]] = {}
"""Each procedure's (personalised or not) undated plan; a batch dates the same few hundred again and again."""
UNDATED_PLANS_KEPT = 1024


def _undated(kb: KnowledgeBase, procedure: Procedure) -> _Undated:
    """The procedure's phases, milestones and activities with every date and status still to fill in."""
    key = (id(kb), id(procedure))
    kept = _undated_plans.get(key)
    # The objects themselves are kept with their plan, so an id is never reused while it is in here.
    if kept is not None and kept[0] is kb and kept[1] is procedure:
        return kept[2]
    if len(_undated_plans) >= UNDATED_PLANS_KEPT:
        _undated_plans.clear()
    undated = _build_undated(kb, procedure)
    _undated_plans[key] = (kb, procedure, undated)
    return undated


def _build_undated(kb: KnowledgeBase, procedure: Procedure) -> _Undated:
    key_activities = [a for a, activity in kb.activities.items() if activity.key]
    undated = EARLIEST_SURGERY  # each date and status is filled in by build_timeline
    phases = tuple(
        PlannedPhase(
            id=p.id,
            name=p.name,
            start_day=p.start,
            end_day=p.end,
            start_date=undated,
            end_date=undated,
            status="",
            expect=p.expect,
            goals=tuple(p.goals),
            key_limits=tuple((a, steps_within(schedule(procedure, a), p.start, p.end)) for a in key_activities),
            sources=tuple(p.sources),
            start_range=p.range or fixed_range(p.start, p.sources),
        )
        for p in procedure.phases
    )
    milestones = tuple(
        sorted(
            itertools.chain(
                (
                    PlannedMilestone(
                        id=m.id,
                        name=m.name,
                        kind=m.kind,
                        day=day,
                        date=undated,
                        status="",
                        optional=m.optional,
                        description=m.description,
                        sources=tuple(m.sources or anchor_range.sources),
                        range=anchor_range,
                        sources_differ=m.sources_differ or anchor_differ,
                    )
                    for m in procedure.milestones
                    for day in [milestone_day(procedure, m.id)]
                    for anchor_range, anchor_differ in [milestone_range(procedure, m, day)]
                ),
                (PlannedMilestone(*values) for values in questionnaire_milestones(kb, procedure)),
            ),
            key=lambda m: (m.day, m.kind != "visit", m.kind == "questionnaire"),
        )
    )
    activities = tuple(
        ActivityOutlook(
            id=a,
            name=kb.activities[a].name,
            today=step_on(schedule(procedure, a), 0),
            first_limited_day=first_day_at_least(schedule(procedure, a), "limited"),
            first_yes_day=first_day_at_least(schedule(procedure, a), "yes"),
            steps=tuple(schedule(procedure, a)),
        )
        for a in kb.activities
    )
    return phases, milestones, activities


def milestone_day(procedure: Procedure, milestone_id: str) -> int:
    """The day a milestone falls on: fixed, when its activity opens, or when its phase starts."""
    milestone = next(m for m in procedure.milestones if m.id == milestone_id)
    if milestone.day is not None:
        return milestone.day
    if milestone.phase is not None:
        return next(p.start for p in procedure.phases if p.id == milestone.phase)
    steps = schedule(procedure, milestone.activity or "")
    day = first_day_at_least(steps, "limited")
    if day is None:  # the knowledge-base cross-check rules this out
        raise ValueError(f"milestone '{milestone_id}': activity '{milestone.activity}' never opens")
    return day


def milestone_range(procedure: Procedure, milestone: Milestone, day: int) -> tuple[DayRange, SourcesDiffer | None]:
    """A milestone's sourced range and any other view: its own, or its activity step's or phase's."""
    if milestone.range is not None:
        return milestone.range, milestone.sources_differ
    if milestone.activity is not None:
        steps = schedule(procedure, milestone.activity)
        step = next((s for s in steps if s.from_day == day), step_on(steps, day))
        return step_range(step), step.sources_differ
    phase = next((p for p in procedure.phases if p.id == milestone.phase), None)
    if phase is not None:
        return phase.range or fixed_range(phase.start, phase.sources), None
    return fixed_range(day, milestone.sources), None


def _status(day_today: int, start: int, end: int) -> str:
    if day_today < start:
        return "upcoming"
    if day_today > end:
        return "done"
    return "now"


def steps_within(
    steps: list[ActivityStep] | tuple[ActivityStep, ...], start: int, end: int
) -> tuple[tuple[int, ActivityStep], ...]:
    """The step in force at `start`, then each step that begins before `end`."""
    within = [(start, step_on(steps, start))]
    within += [(s.from_day, s) for s in steps if start < s.from_day <= end]
    return tuple(within)
