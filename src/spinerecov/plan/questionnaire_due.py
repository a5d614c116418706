"""Pure: which questionnaire milestone of a dated plan is due today, if any."""

from spinerecov.plan.questionnaire_schedule import MILESTONE_KIND
from spinerecov.plan.timeline import PlannedMilestone, Timeline


def due_questionnaire(t: Timeline) -> PlannedMilestone | None:
    """The questionnaire milestone whose window holds today (before surgery: the one before surgery)."""
    day = t.day_today
    for milestone in t.milestones:
        if milestone.kind != MILESTONE_KIND:
            continue
        window = milestone.range
        if window.from_day <= day <= window.to_day or (milestone.day == 0 and day < 0):
            return milestone
    return None
