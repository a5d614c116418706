"""Pure: a dated plan -> where the patient stands today (phase, progress, what is next, what is allowed)."""

from typing import NamedTuple

from spinerecov.knowledge.models import ActivityStep, DayRange, SourcesDiffer
from spinerecov.knowledge.work import other_jobs_work
from spinerecov.plan.schedule import step_range
from spinerecov.plan.timeline import ActivityOutlook, PlannedMilestone, PlannedPhase, Timeline

UPCOMING_SHOWN = 5


class TodayActivity(NamedTuple):
    """One activity's verdict today."""

    id: str
    name: str
    step: ActivityStep
    next_change_day: int | None
    next_change_range: DayRange | None
    sources_differ: SourcesDiffer | None


class Status(NamedTuple):
    """Today in the plan."""

    day: int
    phase: PlannedPhase | None
    progress: float
    next_milestones: tuple[PlannedMilestone, ...]
    allowed: tuple[TodayActivity, ...]
    limited: tuple[TodayActivity, ...]
    not_yet: tuple[TodayActivity, ...]


def build_status(timeline: Timeline) -> Status:
    """Where today falls in `timeline`: before surgery, inside a phase, or after the plan."""
    day = timeline.day_today
    phase = next((p for p in timeline.phases if p.status == "now"), None)
    recovery_day = timeline.full_recovery.day
    progress = 0.0 if day <= 0 else min(day / recovery_day, 1.0) if recovery_day else 1.0
    # A patient whose job is known is not shown the other jobs' return to work.
    hidden = other_jobs_work(timeline.factors.job)
    anchors = {m.id: m.activity for m in timeline.procedure.milestones}
    shown = (m for m in timeline.milestones if anchors.get(m.id) not in hidden)
    upcoming = tuple(m for m in shown if m.day >= max(day, 0))[:UPCOMING_SHOWN]
    today = [_today(outlook, max(day, 0)) for outlook in timeline.activities if outlook.id not in hidden]
    return Status(
        day=day,
        phase=phase,
        progress=progress,
        next_milestones=upcoming,
        allowed=tuple(a for a in today if a.step.verdict == "yes"),
        limited=tuple(a for a in today if a.step.verdict == "limited"),
        not_yet=tuple(a for a in today if a.step.verdict == "not-yet"),
    )


def _today(outlook: ActivityOutlook, day: int) -> TodayActivity:
    following = next((s for s in outlook.steps if s.from_day > day), None)
    differ = outlook.today.sources_differ or (following.sources_differ if following else None)
    return TodayActivity(
        outlook.id,
        outlook.name,
        outlook.today,
        following.from_day if following else None,
        step_range(following) if following else None,
        differ,
    )
