"""`questionnaire --json`: an answered questionnaire, or the list of questionnaires, as pydantic models."""

from typing import Literal

from pydantic import BaseModel, ConfigDict

from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.output.json.encoding import schema_name
from spinerecov.output.questionnaire_wording import comparison_lines
from spinerecov.plan.questionnaire_result import QuestionnaireResult
from spinerecov.plan.questionnaire_schedule import DueTimepoint


class _Document(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Scale(_Document):
    """The score's range and which end is better."""

    min: float
    max: float
    better: Literal["lower", "higher"]


class Threshold(_Document):
    """A published meaningful change and whether this change reaches it."""

    points: float | None
    percent: float | None
    population: str | None
    reached: bool
    sources: list[str]


class Baseline(_Document):
    """The answer compared with: the first before surgery, or the earliest."""

    date: str
    score: float
    before_surgery: bool
    improvement: float
    percent: float | None


class QuestionnaireDocument(_Document):
    """`spinerecov questionnaire NAME --json`."""

    schema_: str
    questionnaire: str
    name: str
    date: str
    day: int
    week: int
    timepoint: str | None
    answers: dict[str, int | str]
    score: float
    scale: Scale
    baseline: Baseline | None
    thresholds: list[Threshold]
    sources_differ: bool
    summary: list[str]
    entry_id: int | None
    licence: str


class QuestionnaireEntry(_Document):
    """One questionnaire of the list."""

    id: str
    name: str
    description: str
    items: int
    licence: str
    due_now: bool


class QuestionnaireList(_Document):
    """`spinerecov questionnaire --json`: the questionnaires and the time point due now."""

    schema_: str
    due: str | None
    due_until: str | None
    questionnaires: list[QuestionnaireEntry]


def _dump(document: BaseModel) -> dict[str, object]:
    data = document.model_dump()
    return {"schema": data.pop("schema_"), **data}


def result_to_dict(result: QuestionnaireResult, kb: KnowledgeBase, entry_id: int | None) -> dict[str, object]:
    """An answered questionnaire as JSON."""
    q, comparison = result.questionnaire, result.comparison
    scale = Scale(min=q.scoring.min, max=q.scoring.max, better=q.scoring.better)
    baseline = None
    if comparison is not None:
        baseline = Baseline(
            date=comparison.baseline_on.isoformat(),
            score=comparison.baseline,
            before_surgery=comparison.before_surgery,
            improvement=comparison.improvement,
            percent=comparison.percent,
        )
    thresholds = [
        Threshold(
            points=v.threshold.points,
            percent=v.threshold.percent,
            population=v.threshold.population,
            reached=v.reached,
            sources=list(v.threshold.sources),
        )
        for v in (comparison.verdicts if comparison is not None else ())
    ]
    return _dump(
        QuestionnaireDocument(
            schema_=schema_name("questionnaire"),
            questionnaire=result.questionnaire_id,
            name=q.name,
            date=result.on.isoformat(),
            day=result.day,
            week=result.week,
            timepoint=result.timepoint,
            answers=dict(result.answers),
            score=result.score,
            scale=scale,
            baseline=baseline,
            thresholds=thresholds,
            sources_differ=comparison is not None and comparison.sources_differ,
            summary=comparison_lines(result, kb.sources),
            entry_id=entry_id,
            licence=q.licence,
        )
    )


def list_to_dict(kb: KnowledgeBase, due: DueTimepoint | None) -> dict[str, object]:
    """The questionnaires and the time point due now as JSON."""
    due_ids = set(due.point.questionnaires) if due is not None else set()
    return _dump(
        QuestionnaireList(
            schema_=schema_name("questionnaire"),
            due=due.point.id if due is not None else None,
            due_until=due.closes.isoformat() if due is not None else None,
            questionnaires=[
                QuestionnaireEntry(
                    id=ident,
                    name=q.name,
                    description=q.description,
                    items=len(q.items),
                    licence=q.licence,
                    due_now=ident in due_ids,
                )
                for ident, q in kb.questionnaires.items()
            ],
        )
    )
