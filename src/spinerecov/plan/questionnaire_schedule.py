"""Pure: the registry schedule of outcome questionnaires -> the time points that apply to a procedure.

Each time point becomes a plan milestone of kind `questionnaire`, so every
renderer (timeline, status, calendar, handout, FHIR) and the clinic's due list
see it like a visit. Patient factors never move these dates: they are when the
registries ask, not how fast someone recovers.
"""

import datetime as dt
from typing import NamedTuple

from spinerecov.knowledge.models import DayRange, KnowledgeBase, Procedure, SourcesDiffer
from spinerecov.knowledge.questionnaire_models import QuestionnaireTimepoint
from spinerecov.knowledge.values import EARLIEST_SURGERY

MILESTONE_KIND = "questionnaire"


class DueTimepoint(NamedTuple):
    """A time point of the schedule with its window as dates."""

    point: QuestionnaireTimepoint
    date: dt.date
    opens: dt.date
    closes: dt.date


def timepoints_for(kb: KnowledgeBase, procedure: Procedure) -> list[QuestionnaireTimepoint]:
    """The time points of the schedule that apply to `procedure` (by its family), in day order."""
    family = procedure.family or "general"
    points = [p for p in kb.questionnaire_schedule if p.families is None or family in p.families]
    return sorted(points, key=lambda p: p.day)


def timepoint_range(point: QuestionnaireTimepoint) -> DayRange:
    """The time point's window as the sourced day range every milestone carries."""
    return DayRange(
        from_day=point.from_day, to_day=point.to_day, typical_day=point.day, sources=point.sources, window=True
    )


def timepoint_differ(point: QuestionnaireTimepoint) -> SourcesDiffer | None:
    """The time point's "sources differ" note in the shape every milestone carries."""
    differ = point.sources_differ
    return None if differ is None else SourcesDiffer(text=differ.text, sources=differ.sources)


def dated(point: QuestionnaireTimepoint, surgery_date: dt.date) -> DueTimepoint:
    """The time point's day and window as dates."""

    def on(day: int) -> dt.date:
        return surgery_date + dt.timedelta(days=day)

    return DueTimepoint(point, on(point.day), on(point.from_day), on(point.to_day))


def due_on(kb: KnowledgeBase, procedure: Procedure, surgery_date: dt.date, today: dt.date) -> DueTimepoint | None:
    """The time point whose window holds `today`; before surgery, the questionnaires before surgery."""
    points = [dated(p, surgery_date) for p in timepoints_for(kb, procedure)]
    for due in points:
        if due.opens <= today <= due.closes or (due.point.day == 0 and today <= due.closes):
            return due
    return None


def latest_on(kb: KnowledgeBase, procedure: Procedure, surgery_date: dt.date, today: dt.date) -> DueTimepoint | None:
    """The last time point whose window has opened by `today` (the one an answer on `today` belongs to)."""
    points = [dated(p, surgery_date) for p in timepoints_for(kb, procedure)]
    opened = [due for due in points if due.opens <= today or due.point.day == 0]
    return opened[-1] if opened else None


MilestoneValues = tuple[str, str, str, int, dt.date, str, bool, str, tuple[str, ...], DayRange, SourcesDiffer | None]
"""A plan milestone's fields in order (id, name, kind, day, date, status, optional, description, sources,
range, sources_differ): the timeline builds its `PlannedMilestone` from them."""


def questionnaire_milestones(kb: KnowledgeBase, procedure: Procedure) -> list[MilestoneValues]:
    """The time points for this procedure as undated milestones of kind `questionnaire` (the timeline dates them)."""
    return [
        (
            f"questionnaires-{p.id}",
            p.name,
            MILESTONE_KIND,
            p.day,
            EARLIEST_SURGERY,
            "",
            False,
            p.description,
            tuple(p.sources),
            timepoint_range(p),
            timepoint_differ(p),
        )
        for p in timepoints_for(kb, procedure)
    ]
