"""Pure: one answered questionnaire -> its scored, compared result for a patient's plan."""

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.questionnaire_models import Questionnaire
from spinerecov.plan.days import week_of
from spinerecov.plan.questionnaire_schedule import latest_on
from spinerecov.plan.scoring import Answer, Comparison, compare, score
from spinerecov.plan.timeline import Timeline


class PastScore(NamedTuple):
    """An earlier score of the same questionnaire, from the diary."""

    on: dt.date
    score: float


class QuestionnaireResult(NamedTuple):
    """An answered questionnaire: when, which time point, the score and how it compares with the baseline."""

    questionnaire_id: str
    questionnaire: Questionnaire
    on: dt.date
    day: int
    week: int
    timepoint: str | None
    answers: Mapping[str, Answer]
    score: float
    comparison: Comparison | None


def choose_baseline(past: Sequence[PastScore]) -> PastScore | None:
    """The first score before surgery or, without one, the earliest: both are the earliest score."""
    return min(past, key=lambda p: p.on, default=None)


def build_result(
    kb: KnowledgeBase,
    t: Timeline,
    questionnaire_id: str,
    answers: Mapping[str, Answer],
    on: dt.date,
    past: Sequence[PastScore],
) -> QuestionnaireResult:
    """Score `answers` given on `on` and compare them with the baseline among `past` (earlier answers)."""
    questionnaire = kb.questionnaires[questionnaire_id]
    value = score(questionnaire, answers)
    baseline = choose_baseline([p for p in past if p.on <= on])
    comparison = None
    if baseline is not None:
        comparison = compare(questionnaire, value, baseline.score, baseline.on, t.surgery_date)
    point = latest_on(kb, t.procedure, t.surgery_date, on)
    day = (on - t.surgery_date).days
    return QuestionnaireResult(
        questionnaire_id,
        questionnaire,
        on,
        day,
        week_of(day) if day >= 0 else 0,
        point.point.id if point is not None else None,
        dict(answers),
        value,
        comparison,
    )
