"""Pure triage of a check-in: answers -> the red flags they raise -> the most urgent tier.

The tier of a raised flag is the red flag's own (`emergency`, `call-surgeon`, `call-within-24h`);
with none raised the tier is `none`. Only the red flags of the patient's plan (shared and the
procedure's own) can be raised, and only the questions that can raise one of them (or none at
all) are asked.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spinerecov.i18n import _
from spinerecov.i18n.formats import decimal
from spinerecov.knowledge.check_in_models import Question
from spinerecov.knowledge.check_in_values import AnswerValue, celsius_to_fahrenheit
from spinerecov.knowledge.models import RedFlag

TIERS: tuple[str, ...] = ("emergency", "call-surgeon", "call-within-24h", "none")
"""Tiers from the most urgent to no warning sign."""


@dataclass(frozen=True)
class RaisedFlag:
    """A red flag today's answers raised, and the answers that raised it (in words)."""

    flag: RedFlag
    because: tuple[str, ...]


@dataclass(frozen=True)
class Triage:
    """The outcome of a check-in: the most urgent tier raised, and every raised flag, most urgent first."""

    tier: str
    raised: tuple[RaisedFlag, ...]


def questions_for(questions: Sequence[Question], red_flags: Sequence[RedFlag]) -> list[Question]:
    """The questions to ask a patient whose plan has `red_flags`: those that raise none, or one of them."""
    known = {flag.id for flag in red_flags}
    return [q for q in questions if not q.raisable() or q.raisable() & known]


def raised_by(question: Question, value: AnswerValue) -> list[str]:
    """The red-flag ids one answer raises (whether or not the patient's plan has them)."""
    if question.kind == "yes-no":
        return list(question.if_yes if value is True else question.if_no if value is False else [])
    if question.kind == "choice":
        return next((list(a.raises) for a in question.answers if a.value == value), [])
    if question.kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return [t.raises for t in question.thresholds if value >= t.at_least]
    return []


def triage(questions: Sequence[Question], answers: Mapping[str, AnswerValue], red_flags: Sequence[RedFlag]) -> Triage:
    """The tier and raised flags for `answers` (question id -> value) against the plan's `red_flags`."""
    by_id = {flag.id: flag for flag in red_flags}
    because: dict[str, list[str]] = {}
    for question in questions:
        if question.id not in answers:
            continue
        for flag_id in raised_by(question, answers[question.id]):
            if flag_id in by_id:
                because.setdefault(flag_id, []).append(describe_answer(question, answers[question.id]))
    raised = [RaisedFlag(by_id[flag_id], tuple(words)) for flag_id, words in because.items()]
    raised.sort(key=lambda r: TIERS.index(r.flag.action))
    tier = raised[0].flag.action if raised else "none"
    return Triage(tier, tuple(raised))


def most_urgent(tiers: Sequence[str]) -> str:
    """The most urgent of `tiers` ('none' when empty)."""
    return min(tiers, key=TIERS.index, default="none")


def describe_answer(question: Question, value: AnswerValue) -> str:
    """An answer in words, as it appears after "because": 'temperature 38.4 °C (101.1 °F)', 'wound: coming open'."""
    if question.kind == "yes-no":
        if value is True:
            return question.short
        return _("{question}: no").format(question=question.short)
    if question.kind == "choice":
        label = next((a.label for a in question.answers if a.value == value), str(value))
        return _("{question}: {answer}").format(question=question.short, answer=label)
    if question.kind == "number" and question.unit == "celsius" and isinstance(value, int | float):
        return _("{question} {celsius} °C ({fahrenheit} °F)").format(
            question=question.short, celsius=decimal(value), fahrenheit=decimal(celsius_to_fahrenheit(value))
        )
    if question.kind == "number" and isinstance(value, int | float):
        return _("{question} {score} out of 10").format(question=question.short, score=decimal(value))
    return _("{question}: {answer}").format(question=question.short, answer=value)
