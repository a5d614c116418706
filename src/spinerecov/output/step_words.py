"""The steps between "with limits" and "without limits" (lifting 4.5 kg, then 11.3 kg, then no limit), in words.

The "When can I ...?" tables show when an activity first opens with a limit and
when it has none; a patient scanning them for "when can I lift my child" needs
the changes in between too.
"""

from collections.abc import Callable

from spinerecov.i18n import _
from spinerecov.knowledge.models import ActivityStep
from spinerecov.output.wording import brief_step, describe_range
from spinerecov.plan.days import week_of
from spinerecov.plan.schedule import step_range
from spinerecov.plan.timeline import ActivityOutlook


def later_limits(outlook: ActivityOutlook) -> list[ActivityStep]:
    """The limited steps after the first one and before the activity has no limit."""
    first = outlook.first_limited_day
    if first is None:
        return []
    last = outlook.first_yes_day
    return [
        s
        for s in outlook.steps
        if s.verdict == "limited" and first < s.from_day and (last is None or s.from_day < last)
    ]


def later_limit_lines(outlook: ActivityOutlook, date_of: Callable[[int], str]) -> list[str]:
    """'then up to 11.3 kg (25 lb)', 'from Thu 17 Dec 2026 (wk 4)' and its sourced range, for each later limit."""
    lines = []
    for step in later_limits(outlook):
        lines.append(then_words(step))
        lines.append(_("from {date} (wk {week})").format(date=date_of(step.from_day), week=week_of(step.from_day)))
        lines.append(_("most people: {range}").format(range=describe_range(step_range(step))))
    return lines


def then_words(step: ActivityStep) -> str:
    """'then up to 11.3 kg (25 lb)'; a limit in words is too long for a table cell: 'then other limits'."""
    limit = step.limit
    if limit is not None and (limit.max_kg is not None or limit.max_minutes is not None):
        return _("then {limit}").format(limit=lowered(brief_step(step)))
    return _("then other limits")


def lowered(words: str) -> str:
    """'Up to 11.3 kg' as it reads after 'then': 'up to 11.3 kg'."""
    return words[:1].lower() + words[1:]
