"""Outcome questionnaires and the schedule they are due on, as knowledge-base data.

A questionnaire is data like any other fact: its items, how it is scored, the
change most people notice (with sources), and the licence it may be used under.
The built-in knowledge base holds only instruments free to embed; a clinic that
holds a licence for another instrument adds it in its protocol.
"""

from typing import Annotated, Literal

from pydantic import Field, model_validator

from spinerecov.i18n import _
from spinerecov.knowledge.model_types import Day, Identifier, Model, SourceList, Text


class AnswerChoice(Model):
    """One answer of an item with choices: the id people type, its words, and its value for scoring."""

    id: Identifier
    text: Text
    value: Annotated[int, Field(ge=-1000, le=1000)]


class QuestionnaireItem(Model):
    """One question: answered by a choice, or by a whole number between `min` and `max`."""

    id: Identifier
    text: Text
    answers: list[AnswerChoice] | None = None
    min: Annotated[int, Field(ge=-1000, le=10000)] | None = None
    max: Annotated[int, Field(ge=-1000, le=10000)] | None = None
    unit: Text | None = None

    @model_validator(mode="after")
    def _answered_one_way(self) -> "QuestionnaireItem":
        numeric = self.min is not None and self.max is not None
        if (self.answers is None) == (not numeric) or (self.answers is not None and self.min is not None):
            raise ValueError(_("an item needs either answers or both min and max"))
        if numeric and self.max is not None and self.min is not None and self.max <= self.min:
            raise ValueError(_("max must be greater than min"))
        if self.answers is not None:
            ids = [answer.id for answer in self.answers]
            if len(ids) < 2 or len(set(ids)) != len(ids):
                raise ValueError(_("an item needs at least two answers with different ids"))
        return self


class Scoring(Model):
    """How the score is computed: the sum of the item values times `multiply`; its range and which end is better."""

    text: Text
    multiply: Annotated[float, Field(gt=0, le=100)] = 1.0
    min: float
    max: float
    better: Literal["lower", "higher"]

    @model_validator(mode="after")
    def _ordered(self) -> "Scoring":
        if self.max <= self.min:
            raise ValueError(_("max must be greater than min"))
        return self


class ChangeThreshold(Model):
    """The smallest change most people notice, in points and/or per cent of the baseline, from its sources."""

    points: Annotated[float, Field(gt=0)] | None = None
    percent: Annotated[float, Field(gt=0, le=100)] | None = None
    population: Text | None = None
    sources: SourceList

    @model_validator(mode="after")
    def _says_something(self) -> "ChangeThreshold":
        if self.points is None and self.percent is None:
            raise ValueError(_("a threshold needs points or percent"))
        return self


class Questionnaire(Model):
    """An outcome questionnaire; `licence` says under what terms its text may be used (required).

    Every questionnaire is scored: the diary keeps each answer's score on its scale.
    """

    name: Text
    description: Text
    licence: Text
    items: Annotated[list[QuestionnaireItem], Field(min_length=1, max_length=100)]
    scoring: Scoring
    meaningful_change: list[ChangeThreshold] = []
    sources: SourceList

    @model_validator(mode="after")
    def _consistent(self) -> "Questionnaire":
        ids = [item.id for item in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError(_("two items have the same id"))
        return self


class OtherView(Model):
    """What other sources say about a time point, shown beside it as "sources differ"."""

    text: Text
    sources: SourceList


class QuestionnaireTimepoint(Model):
    """When questionnaires are due: the typical day after surgery and its sourced window."""

    id: Identifier
    name: Text
    description: Text
    day: Day
    from_day: Day
    to_day: Day
    families: list[Literal["discectomy", "fusion", "general"]] | None = None
    questionnaires: Annotated[list[Identifier], Field(min_length=1)]
    sources: SourceList
    sources_differ: OtherView | None = None

    @model_validator(mode="after")
    def _window(self) -> "QuestionnaireTimepoint":
        if not self.from_day <= self.day <= self.to_day:
            raise ValueError(_("day must lie inside from_day to to_day"))
        return self
