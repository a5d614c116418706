"""An activity's steps in the knowledge base: the step in force on a day, and how free a step is."""

from collections.abc import Sequence

from spinerecov.knowledge.models import VERDICTS, ActivityStep

Freedom = tuple[int, float, float]
"""How much a step allows: its verdict's rank, then the weight and minutes (unlimited is infinite)."""


def step_on(steps: Sequence[ActivityStep], day: int) -> ActivityStep:
    """The activity step in force on `day` (the last one that has started)."""
    current = steps[0]
    for step in steps:
        if step.from_day <= day:
            current = step
    return current


def freedom(step: ActivityStep) -> Freedom:
    """Higher is freer: the verdict first, then (for limits) the weight and minutes allowed."""
    limit = step.limit
    kg = limit.max_kg if limit is not None and limit.max_kg is not None else float("inf")
    minutes = limit.max_minutes if limit is not None and limit.max_minutes is not None else float("inf")
    return VERDICTS.index(step.verdict), kg, float(minutes)


def allows_less(mine: Freedom, theirs: Freedom) -> bool:
    """True when `mine` allows less than `theirs` in any respect that can be compared."""
    return mine[0] < theirs[0] or (mine[0] == theirs[0] and (mine[1] < theirs[1] or mine[2] < theirs[2]))
