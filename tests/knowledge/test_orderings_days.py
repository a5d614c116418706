"""`first_stricter_day` compares two schedules only where either changes, and finds what a day-by-day search finds."""

from hypothesis import given, settings
from hypothesis import strategies as st

from spinerecov.knowledge.models import VERDICTS, ActivityStep, Limit, Verdict
from spinerecov.knowledge.orderings import HORIZON_DAYS, first_stricter_day
from spinerecov.knowledge.steps import allows_less, freedom, step_on


@st.composite
def schedules(draw: st.DrawFn) -> list[ActivityStep]:
    """A schedule: steps on increasing days (the first on day 0 or later, some past the horizon), any verdicts."""
    near = st.integers(0, 3) | st.integers(HORIZON_DAYS - 2, HORIZON_DAYS + 1) | st.integers(0, HORIZON_DAYS + 30)
    days = sorted(draw(st.sets(near, min_size=1, max_size=6)))
    steps = []
    for day in days:
        verdict: Verdict = draw(st.sampled_from(VERDICTS))
        limit = None
        if verdict == "limited":
            limit = Limit(max_kg=draw(st.none() | st.sampled_from([2.0, 4.5, 10.0])), text="a limit")
        steps.append(ActivityStep(from_day=day, verdict=verdict, limit=limit, sources=["general-guidance"]))
    return steps


def every_day(fast: list[ActivityStep], slow: list[ActivityStep], reverse: bool) -> int | None:
    """The first stricter day, found by trying each day of the horizon in turn."""
    for day in range(HORIZON_DAYS):
        mine, theirs = freedom(step_on(fast, day)), freedom(step_on(slow, day))
        if allows_less(theirs, mine) if reverse else allows_less(mine, theirs):
            return day
    return None


@settings(max_examples=100)
@given(fast=schedules(), slow=schedules(), reverse=st.booleans())
def test_the_first_stricter_day_is_the_one_a_day_by_day_search_finds(
    fast: list[ActivityStep], slow: list[ActivityStep], reverse: bool
) -> None:
    """Only day 0 and the days a step starts are compared, and the answer is the same as trying all 400 days."""
    assert first_stricter_day(fast, slow, reverse) == every_day(fast, slow, reverse)
