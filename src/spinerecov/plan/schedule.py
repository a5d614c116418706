"""An activity's schedule in a plan: its steps, which verdict a step gives, when it opens, a step's sourced range."""

import functools
from collections.abc import Sequence

from spinerecov.i18n import _, current_language
from spinerecov.knowledge.models import (
    VERDICTS,
    ActivityStep,
    DayRange,
    Procedure,
    Verdict,
)


def schedule(procedure: Procedure, activity_id: str) -> list[ActivityStep]:
    """The procedure's steps for an activity; one it says nothing about is "ask your surgeon"."""
    steps = procedure.activities.get(activity_id)
    return steps if steps else _ask_your_surgeon(current_language())


@functools.cache
def _ask_your_surgeon(language: str) -> list[ActivityStep]:
    """The one step of an activity a plan says nothing about, with its note in `language` (the current one)."""
    # A clinic's protocol may add an activity without covering every procedure: never guess a date.
    step = ActivityStep.model_construct(
        from_day=0,
        cautious_from_day=None,
        verdict="not-yet",
        limit=None,
        note=_("This plan says nothing about this activity: ask your surgeon before you do it."),
        sources=["general-guidance"],
        sources_differ=None,
        range=None,
    )
    return [step]


def verdict_for(step: ActivityStep, weight_kg: float | None = None) -> Verdict:
    """The step's verdict; for a given load, within a weight limit is yes and over it is not-yet."""
    if weight_kg is None or step.verdict != "limited" or step.limit is None or step.limit.max_kg is None:
        return step.verdict
    return "yes" if weight_kg <= step.limit.max_kg else "not-yet"


def first_day_at_least(steps: Sequence[ActivityStep], verdict: Verdict, weight_kg: float | None = None) -> int | None:
    """First day the activity is at least as free as `verdict` and stays so; None if never."""
    rank = VERDICTS.index(verdict)
    first: int | None = None
    for step in steps:
        if VERDICTS.index(verdict_for(step, weight_kg)) >= rank:
            first = step.from_day if first is None else first
        else:
            first = None
    return first


def fixed_range(day: int, sources: Sequence[str]) -> DayRange:
    """A range of one day: for facts fixed by definition (the surgery day) or added by a factor rule."""
    return DayRange.model_construct(from_day=day, to_day=day, typical_day=None, sources=list(sources))


def step_range(step: ActivityStep) -> DayRange:
    """The sourced range of a step's first day (a day-0 step starts with the surgery)."""
    return step.range or fixed_range(step.from_day, step.sources)
