"""Pure: "can I <activity> on day N / in week N?" -> verdict, limit, when it changes, why.

A week spans seven days; if the answer changes inside it, the most cautious
answer of the week is given and the change is reported with its day.
"""

from typing import NamedTuple

from spinerecov.knowledge.models import (
    VERDICTS,
    ActivityStep,
    Condition,
    DayRange,
    KnowledgeBase,
    SourcesDiffer,
    Verdict,
)
from spinerecov.knowledge.steps import step_on
from spinerecov.plan.personalise import Adjustment, Personalised
from spinerecov.plan.schedule import first_day_at_least, schedule, step_range, verdict_for


class Change(NamedTuple):
    """From `day` on, the answer becomes `verdict` (with `step`'s limit)."""

    day: int
    verdict: Verdict
    step: ActivityStep


class Answer(NamedTuple):
    """The answer to one "can I ...?" question."""

    activity_id: str
    activity_name: str
    procedure_id: str
    procedure_name: str
    is_default_procedure: bool
    first_day: int
    last_day: int
    verdict: Verdict
    step: ActivityStep
    weight_kg: float | None
    allowed_from_day: int | None
    allowed_from_range: DayRange | None
    unlimited_from_day: int | None
    unlimited_from_range: DayRange | None
    changes: tuple[Change, ...]
    conditions: tuple[Condition, ...]
    sources_differ: tuple[SourcesDiffer, ...]
    sources: tuple[str, ...]
    adjustments: tuple[Adjustment, ...]


def answer(
    kb: KnowledgeBase,
    plan: Personalised,
    activity_id: str,
    first_day: int,
    last_day: int | None = None,
    weight_kg: float | None = None,
) -> Answer:
    """Answer "can I do `activity_id` from `first_day` to `last_day`?" for a personalised plan.

    Args:
        kb: The knowledge base (for the activity catalogue).
        plan: The patient's personalised procedure.
        activity_id: A known activity id.
        first_day: First day asked about (0 is the surgery day).
        last_day: Last day asked about (a week asks about seven days); defaults to `first_day`.
        weight_kg: For lifting, the load asked about.
    """
    last = first_day if last_day is None else last_day
    steps = schedule(plan.procedure, activity_id)
    in_range = [step_on(steps, first_day), *(s for s in steps if first_day < s.from_day <= last)]
    worst = min(in_range, key=lambda s: VERDICTS.index(verdict_for(s, weight_kg)))
    later = [s for s in steps if s.from_day > first_day]
    activity = kb.activities[activity_id]
    allowed_from = first_day_at_least(steps, "yes", weight_kg)
    opening = _opening(steps, allowed_from)
    # With a load, "allowed" is that load's day; "without limits" keeps its own meaning (no limit at all).
    unlimited_from = allowed_from if weight_kg is None else first_day_at_least(steps, "yes")
    unlimited = opening if weight_kg is None else _opening(steps, unlimited_from)
    shown = [*in_range, *(s for s in (opening, unlimited) if s is not None and s not in in_range)]
    return Answer(
        activity_id=activity_id,
        activity_name=activity.name,
        procedure_id=plan.procedure_id,
        procedure_name=plan.procedure.name,
        is_default_procedure=plan.procedure_id == kb.default_procedure,
        first_day=first_day,
        last_day=last,
        verdict=verdict_for(worst, weight_kg),
        step=worst,
        weight_kg=weight_kg,
        allowed_from_day=allowed_from,
        allowed_from_range=step_range(opening) if opening is not None else None,
        unlimited_from_day=unlimited_from,
        unlimited_from_range=step_range(unlimited) if unlimited is not None else None,
        changes=tuple(Change(s.from_day, verdict_for(s, weight_kg), s) for s in later),
        conditions=(*activity.conditions, *plan.extra_conditions.get(activity_id, ())),
        sources_differ=_distinct([s.sources_differ for s in shown if s.sources_differ]),
        sources=tuple(dict.fromkeys(src for s in in_range for src in s.sources)),
        adjustments=tuple(a for a in plan.adjustments if a.target == f"activity:{activity_id}"),
    )


def _opening(steps: list[ActivityStep], day: int | None) -> ActivityStep | None:
    """The step that starts on `day` (None when `day` is None)."""
    return next((s for s in steps if s.from_day == day), None) if day is not None else None


def _distinct(views: list[SourcesDiffer]) -> tuple[SourcesDiffer, ...]:
    # The models hold lists, so they are not hashable; compare them instead.
    distinct: list[SourcesDiffer] = []
    for view in views:
        if view not in distinct:
            distinct.append(view)
    return tuple(distinct)
