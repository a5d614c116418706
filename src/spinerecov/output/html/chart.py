"""Pure: a dated plan -> an inline SVG picture for the printed handout.

Phases are bars across weeks with their dates written on them, milestones are
numbered diamonds (the numbers match the milestone checklist), and today is a
dashed, labelled line when it falls inside the picture. Shapes and words carry
the meaning, so it reads in black and white; every piece of text is escaped.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Callable
from html import escape

from spinerecov.i18n import _, ngettext
from spinerecov.i18n.formats import day_month, day_month_year
from spinerecov.plan.days import week_of
from spinerecov.plan.timeline import PlannedPhase, Timeline

WIDTH = 700
LABEL_WIDTH = 190
ROW_HEIGHT = 30
TOP = 34
FONT = 13
TICK_FONT = 12  # the stylesheet's .tick and .dates size
NUMBER_FONT = 11  # the stylesheet's .number size
MIN_LABEL_FONT = 8
LEVEL_HEIGHT = 14
TICK_GAP = 10
RIGHT_MARGIN = 26  # room for the last milestone's number


def chart_last_day(t: Timeline) -> int:
    """The last day drawn: a little after full recovery (and today), not the whole maintenance year."""
    return min(max(t.full_recovery.day + 28, t.day_today + 7), t.phases[-1].end_day)


def short_date(date: dt.date, with_year: bool = False) -> str:
    """'1 May', or '1 May 2024' when the year is needed."""
    return day_month_year(date) if with_year else day_month(date)


def plan_svg(t: Timeline) -> str:
    """The plan as an accessible inline SVG: a title, a text description, bars, milestones, today."""
    last_day = chart_last_day(t)
    scale = (WIDTH - LABEL_WIDTH - RIGHT_MARGIN) / (last_day + 1)

    def x_of(day: int) -> float:
        return round(LABEL_WIDTH + min(day, last_day + 1) * scale, 1)

    markers = place_milestones(t, last_day, x_of)
    levels = max((level for _number, _x, level in markers), default=0) + 1
    milestones_top = TOP + len(t.phases) * ROW_HEIGHT
    height = milestones_top + max(levels, 2) * LEVEL_HEIGHT + 34
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
        parts.append(_label(phase.name, y))
        parts.append(
            f'<rect x="{start}" y="{y + 2}" width="{max(end - start, 2)}" height="13" '
            f'class="bar {phase.status}" rx="2"/>'
        )
        parts.append(_bar_dates(phase, start, end, y, cut=phase.end_day > last_day))
    parts.append(_label(_("Milestones (numbered)"), milestones_top))
    parts += [
        f'<path d="M{x} {milestones_top + 2 + level * LEVEL_HEIGHT} l5 6 l-5 6 l-5 -6 z" class="milestone"/>'
        f'<text x="{x + 6}" y="{milestones_top + 13 + level * LEVEL_HEIGHT}" class="number">{number}</text>'
        for number, x, level in markers
    ]
    parts += _today(t, last_day, x_of, height)
    parts.append("</svg>")
    return "\n".join(parts)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A generous estimate of how wide `text` is drawn, in SVG units (sans-serif, so labels never touch)."""
    return len(text) * size * (0.64 if bold else 0.6)


def place_milestones(t: Timeline, last_day: int, x_of: Callable[[int], float]) -> list[tuple[int, float, int]]:
    """(number, x, level) for each milestone drawn: each goes on the first level where it touches nothing."""
    ends: list[float] = []  # the right edge of the last marker on each level
    placed = []
    for number, milestone in enumerate(t.milestones, start=1):
        if milestone.day > last_day:
            continue
        x = x_of(milestone.day) + 0.5
        left, right = x - 6, x + 8 + text_width(str(number), NUMBER_FONT, bold=True)
        level = next((i for i, end in enumerate(ends) if end <= left), len(ends))
        if level == len(ends):
            ends.append(right)
        ends[level] = right
        placed.append((number, x, level))
    return placed


def _bar_dates(phase: PlannedPhase, start: float, end: float, y: int, *, cut: bool) -> str:
    """The phase's dates under its bar: from the bar's start, or ending at its end if they would run off."""
    until = _("until {date} ->").format(date=short_date(phase.end_date, True)) if cut else short_date(phase.end_date)
    dates = f"{short_date(phase.start_date)} - {until}"
    width = text_width(dates, TICK_FONT)
    if start + width <= WIDTH - 2:
        anchor, text_x = "start", start
    elif end - width >= LABEL_WIDTH:
        anchor, text_x = "end", min(end, WIDTH - 2)
    else:
        anchor, text_x = "start", LABEL_WIDTH
    return f'<text x="{text_x}" y="{y + 26}" text-anchor="{anchor}" class="dates">{escape(dates)}</text>'


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


def _label(name: str, y: int) -> str:
    """A name in the left column on up to two lines: it wraps at a space, shrinks, and ends in '...' if it must."""
    room = LABEL_WIDTH - 8
    lines = textwrap.wrap(name, int(room / text_width("x", FONT, bold=True))) or [""]
    if len(lines) == 1:
        return f'<text x="4" y="{y + 13}" class="label">{escape(name)}</text>'
    first, rest = lines[0], " ".join(lines[1:])
    size = FONT
    if text_width(rest, FONT, bold=True) > room:
        size = max(MIN_LABEL_FONT, math.floor(FONT * room / text_width(rest, FONT, bold=True)))
        fits = int(room / text_width("x", size, bold=True))
        if len(rest) > fits:  # the whole name is in the phase list and the chart's description
            rest = rest[: fits - 1].rstrip() + "\u2026"
    attribute = "" if size == FONT else f' font-size="{size}"'
    return (
        f'<text x="4" y="{y + 9}" class="label"><tspan x="4">{escape(first)}</tspan>'
        f'<tspan x="4" dy="13"{attribute}>{escape(rest)}</tspan></text>'
    )


def axis_step(last_day: int, scale: float) -> int:
    """Weeks between labelled ticks, so that the widest label ('week 52', '27 Nov 2026') never touches the next."""
    widest = max(
        text_width(_("week {week}").format(week=week_of(last_day)), TICK_FONT),
        *(text_width(day_month_year(dt.date(2000, month, 28)), TICK_FONT) for month in range(1, 13)),
    )
    return max(1, math.ceil((widest + TICK_GAP) / (7 * scale)))


def _axis(t: Timeline, last_day: int, x_of: Callable[[int], float], height: int) -> list[str]:
    weeks = last_day // 7 + 1
    step = axis_step(last_day, (WIDTH - LABEL_WIDTH - RIGHT_MARGIN) / (last_day + 1))
    parts = [f'<line x1="{LABEL_WIDTH}" y1="{TOP - 4}" x2="{WIDTH - RIGHT_MARGIN}" y2="{TOP - 4}" class="axis"/>']
    shown_year = None
    for week in range(1, weeks + 1, step):
        day = (week - 1) * 7
        date = t.date_of(day)
        with_year = date.year != shown_year
        x = x_of(day)
        week_text, date_text = _("week {week}").format(week=week_of(day)), short_date(date, with_year)
        if x + max(text_width(week_text, TICK_FONT), text_width(date_text, TICK_FONT)) > WIDTH:
            break  # a label that would be clipped at the right edge is left out
        shown_year = date.year
        parts.append(f'<line x1="{x}" y1="{TOP - 8}" x2="{x}" y2="{height - 30}" class="grid"/>')
        parts.append(f'<text x="{x}" y="{TOP - 20}" class="tick">{escape(week_text)}</text>')
        parts.append(f'<text x="{x}" y="{TOP - 8}" class="tick">{escape(date_text)}</text>')
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
