"""Pure: a dated plan -> an inline SVG picture for the printed handout.

Phases are bars across weeks with their dates written on them, milestones are
numbered diamonds (the numbers match the milestone checklist), and today is a
dashed, labelled line when it falls inside the picture. Shapes and words carry
the meaning, so it reads in black and white; every piece of text is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from spinerecov.i18n import _, ngettext
from spinerecov.i18n.formats import day_month, day_month_year
from spinerecov.plan.days import week_of
from spinerecov.plan.timeline import Timeline

WIDTH = 700
LABEL_WIDTH = 190
ROW_HEIGHT = 30
TOP = 34
FONT = 13


def chart_last_day(t: Timeline) -> int:
    """The last day drawn: a little after full recovery (and today), not the whole maintenance year."""
    return min(max(t.full_recovery.day + 28, t.day_today + 7), t.phases[-1].end_day)


def short_date(date: dt.date, with_year: bool = False) -> str:
    """'1 May', or '1 May 2024' when the year is needed."""
    return day_month_year(date) if with_year else day_month(date)


def plan_svg(t: Timeline) -> str:
    """The plan as an accessible inline SVG: a title, a text description, bars, milestones, today."""
    last_day = chart_last_day(t)
    scale = (WIDTH - LABEL_WIDTH - 10) / (last_day + 1)

    def x_of(day: int) -> float:
        return round(LABEL_WIDTH + min(day, last_day + 1) * scale, 1)

    rows = len(t.phases) + 1
    height = TOP + rows * ROW_HEIGHT + 52
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="chart-title chart-desc" class="chart" font-size="{FONT}">',
        f'<title id="chart-title">{escape(chart_title(t))}</title>',
        f'<desc id="chart-desc">{escape(chart_description(t, last_day))}</desc>',
    ]
    parts += _axis(t, last_day, x_of, height)
    for row, phase in enumerate(t.phases):
        y = TOP + row * ROW_HEIGHT
        start, end = x_of(phase.start_day), x_of(phase.end_day + 1)
        cut = phase.end_day > last_day
        parts.append(_label(phase.name, y))
        parts.append(
            f'<rect x="{start}" y="{y + 2}" width="{max(end - start, 2)}" height="13" '
            f'class="bar {phase.status}" rx="2"/>'
        )
        until = (
            _("until {date} ->").format(date=short_date(phase.end_date, True)) if cut else short_date(phase.end_date)
        )
        dates = f"{short_date(phase.start_date)} - {until}"
        anchor, text_x = ("start", start) if start + len(dates) * 6.5 < WIDTH else ("end", end)
        parts.append(f'<text x="{text_x}" y="{y + 26}" text-anchor="{anchor}" class="dates">{escape(dates)}</text>')
    parts += _milestones(t, last_day, x_of, TOP + len(t.phases) * ROW_HEIGHT)
    parts += _today(t, last_day, x_of, height)
    parts.append("</svg>")
    return "\n".join(parts)


def chart_title(t: Timeline) -> str:
    """The chart's title: what it shows and for whom."""
    return _("Recovery plan chart: {procedure}, surgery {date}").format(
        procedure=t.procedure.name, date=short_date(t.surgery_date, True)
    )


def chart_description(t: Timeline, last_day: int) -> str:
    """The chart in words, for screen readers: each phase's dates, the milestones drawn, and today."""
    phases = "; ".join(
        _("{phase}: {start} to {end}").format(
            phase=p.name, start=short_date(p.start_date, True), end=short_date(p.end_date, True)
        )
        for p in t.phases
    )
    drawn = len([m for m in t.milestones if m.day <= last_day])
    text = _("Phases: {phases}.").format(phases=phases) + " "
    text += ngettext(
        "{count} milestones are marked with numbers that match the checklist.",
        "{count} milestones are marked with numbers that match the checklist.",
        drawn,
    ).format(count=drawn)
    if 0 <= t.day_today <= last_day:
        text += " " + _("Today, {date}, is marked with a dashed line.").format(date=short_date(t.today, True))
    return text


def _label(name: str, y: int, limit: int = 24) -> str:
    """A phase name on up to two lines, never cut: a long name wraps at a space (and shrinks if it must)."""
    import textwrap

    lines = textwrap.wrap(name, limit) or [""]
    if len(lines) == 1:
        return f'<text x="4" y="{y + 13}" class="label">{escape(name)}</text>'
    first, rest = lines[0], " ".join(lines[1:])
    size = "" if len(rest) <= limit + 2 else f' font-size="{max(7, round(FONT * (limit + 2) / len(rest)))}"'
    return (
        f'<text x="4" y="{y + 9}" class="label"><tspan x="4">{escape(first)}</tspan>'
        f'<tspan x="4" dy="13"{size}>{escape(rest)}</tspan></text>'
    )


def _axis(t: Timeline, last_day: int, x_of: Callable[[int], float], height: int) -> list[str]:
    weeks = last_day // 7 + 1
    step = max(1, -(-weeks // 8))
    parts = [f'<line x1="{LABEL_WIDTH}" y1="{TOP - 4}" x2="{WIDTH - 10}" y2="{TOP - 4}" class="axis"/>']
    shown_year = None
    for week in range(1, weeks + 1, step):
        day = (week - 1) * 7
        date = t.date_of(day)
        with_year = date.year != shown_year
        shown_year = date.year
        x = x_of(day)
        parts.append(f'<line x1="{x}" y1="{TOP - 8}" x2="{x}" y2="{height - 30}" class="grid"/>')
        parts.append(
            f'<text x="{x}" y="{TOP - 20}" class="tick">'
            + escape(_("week {week}").format(week=week_of(day)))
            + "</text>"
        )
        parts.append(f'<text x="{x}" y="{TOP - 8}" class="tick">{escape(short_date(date, with_year))}</text>')
    return parts


def _milestones(t: Timeline, last_day: int, x_of: Callable[[int], float], y: int) -> list[str]:
    parts = [f'<text x="4" y="{y + 15}" class="label">' + escape(_("Milestones (numbered)")) + "</text>"]
    previous_x = -100.0
    level = 0
    for number, milestone in enumerate(t.milestones, start=1):
        if milestone.day > last_day:
            continue
        x = x_of(milestone.day) + 0.5
        level = level + 1 if x - previous_x < 14 else 0
        previous_x = x
        top = y + 2 + (level % 3) * 13
        parts.append(
            f'<path d="M{x} {top} l5 6 l-5 6 l-5 -6 z" class="milestone"/>'
            f'<text x="{x + 6}" y="{top + 11}" class="number">{number}</text>'
        )
    return parts


def _today(t: Timeline, last_day: int, x_of: Callable[[int], float], height: int) -> list[str]:
    if not 0 <= t.day_today <= last_day:
        return []
    x = x_of(t.day_today)
    anchor = "end" if x > WIDTH - 120 else "start"
    return [
        f'<line x1="{x}" y1="{TOP - 4}" x2="{x}" y2="{height - 22}" class="today"/>',
        f'<text x="{x}" y="{height - 8}" text-anchor="{anchor}" class="today-label">'
        + escape(_("Today, {date}").format(date=short_date(t.today)))
        + "</text>",
    ]
