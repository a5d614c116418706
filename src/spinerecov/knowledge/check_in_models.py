"""The check-in questions as the knowledge base declares them: each answer and the red flags it raises.

A question names red flags by id, so the tier (emergency, call your surgeon, call within
24 hours) always comes from the red flag itself. Published pain figures for a procedure at a
time after surgery sit beside the questions, so a pain answer is compared only where a source
gives a figure.
"""

from typing import Annotated, Literal

from pydantic import Field, model_validator

from spinerecov.i18n import _
from spinerecov.knowledge.model_types import Day, Identifier, Model, SourceList, Text

QuestionKind = Literal["number", "choice", "yes-no", "minutes", "text"]
"""A 0-10 score or a temperature; one of a list of answers; yes or no; minutes; free text."""

NumberUnit = Literal["points", "celsius"]
"""A score on a scale, or a body temperature (typed in °C, or in °F with an F)."""


class NumberRange(Model):
    """The smallest and largest answer a number question accepts."""

    min: float
    max: float

    @model_validator(mode="after")
    def _ordered(self) -> "NumberRange":
        if self.max <= self.min:
            raise ValueError(_("max must be larger than min"))
        return self


class ChoiceAnswer(Model):
    """One answer of a choice question, and the red flags it raises."""

    value: Identifier
    label: Text
    raises: list[Identifier] = []


class Threshold(Model):
    """A number answer at or above `at_least` raises the red flag `raises`."""

    at_least: float
    raises: Identifier


class Question(Model):
    """One check-in question: how it is asked, what it accepts, and what each answer raises.

    `optional`: a person at the terminal may leave it empty (a temperature not measured, a note).
    """

    id: Identifier
    kind: QuestionKind
    text: Text
    short: Text
    unit: NumberUnit | None = None
    range: NumberRange | None = None
    answers: list[ChoiceAnswer] = []
    if_yes: list[Identifier] = []
    if_no: list[Identifier] = []
    thresholds: list[Threshold] = []
    optional: bool = False
    sources: SourceList

    @model_validator(mode="after")
    def _fits_kind(self) -> "Question":
        given = {
            "unit": self.unit is not None,
            "range": self.range is not None,
            "answers": bool(self.answers),
            "if_yes": bool(self.if_yes),
            "if_no": bool(self.if_no),
            "thresholds": bool(self.thresholds),
        }
        allowed = {
            "number": {"unit", "range", "thresholds"},
            "choice": {"answers"},
            "yes-no": {"if_yes", "if_no"},
            "minutes": set(),
            "text": set(),
        }[self.kind]
        wrong = [name for name, present in given.items() if present and name not in allowed]
        if wrong:
            raise ValueError(
                _("a '{kind}' question cannot have {fields}").format(kind=self.kind, fields=", ".join(wrong))
            )
        if self.kind == "number" and (self.unit is None or self.range is None):
            raise ValueError(_("a 'number' question needs a unit and a range"))
        if self.kind == "choice" and len(self.answers) < 2:
            raise ValueError(_("a 'choice' question needs at least two answers"))
        values = [answer.value for answer in self.answers]
        if len(set(values)) != len(values):
            raise ValueError(_("each answer of a question needs its own value"))
        return self

    def raisable(self) -> set[str]:
        """Every red-flag id some answer to this question can raise."""
        found = set(self.if_yes) | set(self.if_no) | {t.raises for t in self.thresholds}
        return found | {flag for answer in self.answers for flag in answer.raises}


class PainFigure(Model):
    """A published average pain score for a procedure at a time after surgery, for a check-in near that time."""

    procedure: Identifier
    question: Identifier
    time_point: Text
    from_day: Day
    to_day: Day
    mean: Annotated[float, Field(ge=0, le=10)]
    before_surgery: Annotated[float, Field(ge=0, le=10)] | None = None
    people: Annotated[int, Field(gt=0)]
    sources: SourceList

    @model_validator(mode="after")
    def _ordered(self) -> "PainFigure":
        if self.to_day < self.from_day:
            raise ValueError(_("to_day must not be before from_day"))
        return self


class NotAsked(Model):
    """A red flag no check-in answer raises, and why (so `kb check` accepts it)."""

    red_flag: Identifier
    because: Text


class CheckInSection(Model):
    """The `check_in:` section: the questions, published pain figures, and red flags deliberately not asked."""

    questions: list[Question] = []
    typical_pain: list[PainFigure] = []
    not_asked: list[NotAsked] = []


class QuestionPatch(Model):
    """A clinic protocol's change to a check-in question (by id), or a new question; sources default to it."""

    id: Identifier
    kind: QuestionKind | None = None
    text: Text | None = None
    short: Text | None = None
    unit: NumberUnit | None = None
    range: NumberRange | None = None
    answers: list[ChoiceAnswer] | None = None
    if_yes: list[Identifier] | None = None
    if_no: list[Identifier] | None = None
    thresholds: list[Threshold] | None = None
    optional: bool | None = None
    sources: list[str] = []


class CheckInPatch(Model):
    """A clinic protocol's `check_in:` section: questions changed or added, red flags it does not ask about."""

    questions: list[QuestionPatch] = []
    not_asked: list[NotAsked] = []
