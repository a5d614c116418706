"""Pure: a dated plan -> a text chart (phases as bars across weeks, milestones, a today line).

The chart is a list of (label, cells) rows, each cell a (character, kind)
pair, so the renderer can colour it or not; it degrades to a short notice when
the terminal is too narrow to draw anything useful.
"""

from typing import NamedTuple

from spinerecov.i18n import _
from spinerecov.plan.days import week_of
from spinerecov.plan.timeline import Timeline

LABEL_WIDTH = 24
MIN_BAR_WIDTH = 20


class ChartRow(NamedTuple):
    """One row: a label and its cells (character, kind); kind is bar, done, today, milestone, axis or blank."""

    label: str
    cells: tuple[tuple[str, str], ...]


class Chart(NamedTuple):
    """The rows, the days one cell stands for, and the last day shown."""

    rows: tuple[ChartRow, ...]
    days_per_cell: int
    last_day: int


def build_chart(timeline: Timeline, width: int) -> Chart | None:
    """A chart that fits `width` columns, or None if the terminal is too narrow."""
    bar_width = width - LABEL_WIDTH - 1
    if bar_width < MIN_BAR_WIDTH:
        return None
    # Show the plan up to a little after full recovery (and today), not the whole maintenance year.
    last_day = min(max(timeline.full_recovery.day + 28, timeline.day_today + 7), timeline.phases[-1].end_day)
    days_per_cell = max(1, -(-(last_day + 1) // bar_width))
    cells_used = -(-(last_day + 1) // days_per_cell)
    today_cell = timeline.day_today // days_per_cell if 0 <= timeline.day_today <= last_day else None

    def cell_of(day: int) -> int:
        return min(day // days_per_cell, cells_used - 1)

    rows = []
    for phase in timeline.phases:
        cells = []
        for cell in range(cells_used):
            first, last = cell * days_per_cell, (cell + 1) * days_per_cell - 1
            inside = phase.start_day <= last and phase.end_day >= first
            kind = "blank"
            if inside:
                kind = "done" if timeline.day_today > last else "bar"
            char = {"blank": " ", "bar": "=", "done": "#"}[kind]
            if cell == today_cell:
                char, kind = "|", "today"
            cells.append((char, kind))
        rows.append(ChartRow(_label(phase.name), tuple(cells)))
    marks = [(" ", "blank")] * cells_used
    for milestone in timeline.milestones:
        if milestone.day <= last_day:
            marks[cell_of(milestone.day)] = ("*", "milestone")
    if today_cell is not None:
        marks[today_cell] = ("|", "today")
    rows.append(ChartRow(_label(_("Milestones (*)")), tuple(marks)))
    rows.append(ChartRow(_label(_("Week")), _axis(cells_used, days_per_cell)))
    return Chart(tuple(rows), days_per_cell, last_day)


def _label(text: str) -> str:
    return text if len(text) <= LABEL_WIDTH - 1 else text[: LABEL_WIDTH - 2] + "~"


def _axis(cells: int, days_per_cell: int) -> tuple[tuple[str, str], ...]:
    """Week numbers placed under the cells where weeks start, spaced so they do not collide."""
    axis = [" "] * cells
    position = 0
    while position < cells:
        label = str(week_of(position * days_per_cell))
        if position + len(label) <= cells:
            axis[position : position + len(label)] = list(label)
        position += max(len(label) + 2, 8)
    return tuple((char, "axis") for char in axis)
