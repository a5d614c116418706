"""Ranges are said in the plan's own terms (ordinal weeks or days), so a date never looks outside its range."""

import re
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import run_cli
from spinerecov.i18n import use_language
from spinerecov.knowledge.models import DayRange
from spinerecov.output.wording import compared_value, describe_range, when
from spinerecov.plan.days import week_of

PROCEDURES = ["miss", "endoscopic", "tubular", "open-discectomy", "mis-fusion", "open-fusion"]
NUMBERS = re.compile(r"\d+")


def _range(first: int, last: int) -> DayRange:
    return DayRange.model_construct(from_day=first, to_day=last, typical_day=None, sources=["general-guidance"])


def _bounds(words: str) -> tuple[int, int]:
    numbers = [int(n) for n in NUMBERS.findall(words)]
    return numbers[0], numbers[-1]


@given(st.integers(0, 800), st.integers(0, 800), st.integers(0, 800), st.sampled_from(["en", "es"]))
def test_a_day_inside_a_range_is_shown_inside_it(a: int, b: int, c: int, language: Literal["en", "es"]) -> None:
    """For any day in any range, its week as shown ('week 7') lies inside the range as shown, in weeks and days."""
    first, day, last = sorted((a, b, c))
    use_language(language)
    try:
        low, high = _bounds(describe_range(_range(first, last)))
        assert low <= week_of(day) <= high
        assert f" {week_of(day)} " in f" {when(day, None)} "
        low, high = _bounds(describe_range(_range(first, last), in_days=True))
        assert low <= day <= high
        value, _sep, said = compared_value(day, _range(first, last)).partition("(")
        if said:  # a range ending on the surgery day is not said
            low, high = _bounds(said)
            assert low <= int(NUMBERS.findall(value)[0]) <= high
    finally:
        use_language("en")


@pytest.mark.parametrize(
    ("first", "last", "words"), [(14, 42, "weeks 3 to 7"), (0, 1, "week 1"), (84, 364, "weeks 13 to 53")]
)
def test_durations_become_ordinal_weeks(first: int, last: int, words: str) -> None:
    """'2 to 6 weeks' after surgery (days 14 to 42) is weeks 3 to 7 of the plan; one week is said once."""
    assert describe_range(_range(first, last)) == words


@pytest.mark.parametrize("procedure", PROCEDURES)
@pytest.mark.parametrize("language", ["en", "es"])
def test_no_markdown_date_looks_outside_its_range(runner: CliRunner, procedure: str, language: str) -> None:
    """In every plan's markdown, each 'week N; most people: weeks A to B' has A <= N <= B (44 of 178 did not)."""
    args = ("export", "-p", procedure, "-d", "2024-05-01", "--format", "markdown", "--output", "-", "--lang", language)
    code, out, _ = run_cli(runner, *args)
    assert code == 0, out
    pattern = r"\((?:week|semana) (\d+); [^:]+: (?:weeks?|semanas?) (\d+)(?: (?:to|a) (\d+))?\)"
    found = re.findall(pattern, out)
    assert len(found) > 20
    for week, low, high in found:
        assert int(low) <= int(week) <= int(high or low)


def test_status_says_the_week_beside_its_range(runner: CliRunner) -> None:
    """'Coming up' gives the week with the range, both as weeks of the plan."""
    args = ("status", "-p", "open-discectomy", "-d", "2024-05-01", "--today", "2024-05-03")
    code, out, _ = run_cli(runner, *args)
    assert code == 0, out
    flat = " ".join(out.split())
    for week, low, high in re.findall(r"\(week (\d+); most people: weeks? (\d+)(?: to (\d+))?\)", flat):
        assert int(low) <= int(week) <= int(high or low)
    assert "most people: weeks" in flat
