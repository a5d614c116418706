"""Pure: a questionnaire's answers -> its score, and that score against the baseline and the published thresholds.

Nothing here invents a norm: a comparison names only the thresholds the
knowledge base gives, with their sources, and says "sources differ" when
there is more than one.
"""

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

from spinerecov.errors import UsageError, clip
from spinerecov.i18n import _
from spinerecov.knowledge.questionnaire_models import ChangeThreshold, Questionnaire, QuestionnaireItem

Answer = int | str
"""A number for an item with a range, the answer's id for an item with choices."""


def parse_answer(item: QuestionnaireItem, raw: str) -> Answer:
    """The typed answer checked against the item: a whole number in range, or one of its answer ids."""
    text = raw.strip()
    if item.answers is not None:
        by_number = {str(number): a.id for number, a in enumerate(item.answers, start=1)}
        choice = by_number.get(text, text.lower())
        if choice in {a.id for a in item.answers}:
            return choice
        choices = ", ".join(a.id for a in item.answers)
        raise UsageError(_("'{answer}' is not an answer to '{item}': use 1 to {count} or one of {choices}").format(
            answer=clip(text), item=item.id, count=len(item.answers), choices=choices
        ))  # fmt: skip
    low, high = item.min or 0, item.max or 0
    if not (text.isascii() and text.lstrip("-").isdigit()) or not low <= int(text) <= high:
        raise UsageError(_("'{answer}' is not an answer to '{item}': use a whole number from {low} to {high}").format(
            answer=clip(text), item=item.id, low=low, high=high
        ))  # fmt: skip
    return int(text)


def item_value(item: QuestionnaireItem, answer: Answer) -> int:
    """The value an answer adds to the score."""
    if item.answers is None:
        return int(answer)
    return next(a.value for a in item.answers if a.id == answer)


def score(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> float:
    """The score of complete answers: the sum of the item values times the scoring's multiplier."""
    total = sum(item_value(item, answers[item.id]) for item in questionnaire.items)
    return round(total * questionnaire.scoring.multiply, 2)


class ThresholdVerdict(NamedTuple):
    """One published threshold and whether the change reaches it."""

    threshold: ChangeThreshold
    reached: bool


class Comparison(NamedTuple):
    """A score against the patient's baseline: the change in the better direction and each threshold."""

    baseline: float
    baseline_on: dt.date
    before_surgery: bool
    improvement: float
    percent: float | None
    verdicts: tuple[ThresholdVerdict, ...]

    @property
    def sources_differ(self) -> bool:
        """True when more than one published threshold applies."""
        return len(self.verdicts) > 1


def compare(
    questionnaire: Questionnaire, value: float, baseline: float, baseline_on: dt.date, surgery_date: dt.date
) -> Comparison:
    """`value` against `baseline`: points better (negative when worse), per cent of baseline, and the thresholds."""
    scoring = questionnaire.scoring
    improvement = round(baseline - value if scoring.better == "lower" else value - baseline, 2)
    # A percentage of a zero baseline means nothing: only the points count then.
    percent = round(100 * improvement / abs(baseline), 1) if baseline else None
    verdicts = tuple(ThresholdVerdict(t, _reaches(t, improvement, percent)) for t in questionnaire.meaningful_change)
    return Comparison(baseline, baseline_on, baseline_on <= surgery_date, improvement, percent, verdicts)


def _reaches(threshold: ChangeThreshold, improvement: float, percent: float | None) -> bool:
    """Ostelo's "2 points or 30%": reaching either the points or the percentage counts."""
    if improvement <= 0:
        return False
    by_points = threshold.points is not None and improvement >= threshold.points
    by_percent = threshold.percent is not None and percent is not None and percent >= threshold.percent
    return by_points or by_percent
