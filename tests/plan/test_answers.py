"""Answers to "can I ...?": verdicts, limits, weights, weeks, dates."""

import pytest

from spinerecov.errors import UsageError
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.knowledge.values import weight_kg as parse_weight
from spinerecov.plan.answers import answer
from spinerecov.plan.days import week_days
from spinerecov.plan.personalise import personalise


def _answer(kb: KnowledgeBase, procedure: str, activity: str, week: int, weight: float | None = None):  # type: ignore[no-untyped-def]
    first, last = week_days(week)
    return answer(kb, personalise(kb, procedure, PatientFactors()), activity, first, last, weight)


def test_lifting_in_week_4_is_limited_with_the_limit(kb: KnowledgeBase) -> None:
    """General MISS (which keeps fusion limits), week 4: 4.5 kg, free from day 182, with its range and sources."""
    result = _answer(kb, "miss", "lift", 4)
    assert result.verdict == "limited"
    assert result.step.limit is not None and result.step.limit.max_kg == 4.5
    assert result.allowed_from_day == 182
    assert result.allowed_from_range is not None
    assert (result.allowed_from_range.from_day, result.allowed_from_range.to_day) == (91, 364)
    assert [c.day for c in result.changes] == [91, 182]
    assert "totalspine-fusion" in result.sources
    assert result.sources_differ


def test_a_load_within_the_limit_is_yes_and_over_it_not_yet(kb: KnowledgeBase) -> None:
    """--weight answers for that load after endoscopic surgery: 4 kg is fine in week 1, 10 kg from day 21."""
    assert _answer(kb, "endoscopic", "lift", 1, 4.0).verdict == "yes"
    assert _answer(kb, "endoscopic", "lift", 1, 4.5).verdict == "yes"
    heavy = _answer(kb, "endoscopic", "lift", 1, 10.0)
    assert heavy.verdict == "not-yet"
    assert heavy.allowed_from_day == 21
    week_3 = _answer(kb, "endoscopic", "lift", 3, 10.0)
    assert week_3.verdict == "not-yet"  # the most cautious day of the week (day 14-20) answers
    assert _answer(kb, "endoscopic", "lift", 4, 10.0).verdict == "yes"
    very_heavy = _answer(kb, "endoscopic", "lift", 4, 20.0)
    assert very_heavy.verdict == "not-yet"
    assert very_heavy.allowed_from_day == 84


def test_week_spanning_a_change_gives_the_cautious_answer(kb: KnowledgeBase) -> None:
    """Driving opens on day 14 (week 3 starts on day 14); week 2 stays 'not yet' throughout."""
    assert _answer(kb, "tubular", "drive", 2).verdict == "not-yet"
    assert _answer(kb, "tubular", "drive", 3).verdict == "limited"


def test_manual_work_never_becomes_unconditional(kb: KnowledgeBase) -> None:
    """Manual work stays 'with the surgeon's agreement': no automatic first-yes day."""
    assert _answer(kb, "tubular", "work-manual", 20).allowed_from_day is None


def test_driving_conditions_are_always_given(kb: KnowledgeBase) -> None:
    """Driving answers carry the opioid condition even when the verdict is yes."""
    result = _answer(kb, "tubular", "drive", 10)
    assert result.verdict == "yes"
    assert any("opioid" in c.text for c in result.conditions)


@pytest.mark.parametrize(
    ("text", "kilograms"),
    [("10kg", 10.0), ("4.5 kg", 4.5), ("22lb", 9.979), ("22 lbs", 9.979), ("1 pound", 0.4536), ("10KG", 10.0)],
)
def test_weights_parse_to_kilograms(text: str, kilograms: float) -> None:
    """Weights in kg or lb (several spellings) become kilograms."""
    assert parse_weight(text) == pytest.approx(kilograms, rel=1e-3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("10", "needs a unit"),
        ("10st", "unknown unit 'st'"),
        ("heavy", "is not a weight"),
        ("0kg", "out of range"),
        ("900kg", "out of range"),
        ("-3kg", "is not a weight"),
    ],
)
def test_bad_weights_say_what_is_wrong(text: str, message: str) -> None:
    """A weight without a unit, with an unknown unit, or absurd, is a usage error with a clear message."""
    with pytest.raises(UsageError, match=message):
        parse_weight(text)
