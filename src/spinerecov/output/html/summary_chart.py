"""Pure: the visit summary's pain chart as an inline SVG: leg and back pain (0-10) over the days since surgery.

Leg pain is a solid line with round points, back pain a dashed line with square
points, so the chart reads in black and white. A published typical course is
drawn only where the knowledge base holds one: hollow diamonds at its average,
across the days it covers. Every piece of text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from spinerecov.i18n import _
from spinerecov.output.html.chart import text_width
from spinerecov.output.summary_words import PAIN_WORDS
from spinerecov.plan.visit_summary import VisitSummary

WIDTH, HEIGHT = 700, 250
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 14, 56
FONT = 13


def pain_svg(s: VisitSummary) -> str:
    """The chart, or '' when no check-in answered a pain question."""
    if not s.pain:
        return ""
    first = min(0, *(p.day for p in s.pain))
    last = max(7, *(p.day for p in s.pain), *(f.to_day for f in s.typical if f.from_day <= max(p.day for p in s.pain)))
    scale = (WIDTH - LEFT - RIGHT) / (last - first)

    def x_of(day: float) -> float:
        return round(LEFT + (day - first) * scale, 1)

    def y_of(value: float) -> float:
        return round(TOP + (10 - value) * (HEIGHT - TOP - BOTTOM) / 10, 1)

    description = _("Leg and back pain from your check-ins, 0 (none) to 10 (worst), by day after surgery.")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="pain-title pain-desc" class="chart" font-size="{FONT}">',
        f'<title id="pain-title">{escape(_("Your pain over time"))}</title>',
        f'<desc id="pain-desc">{escape(description)}</desc>',
    ]
    for value in range(0, 11, 2):
        y = y_of(value)
        parts.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" class="grid"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4}" text-anchor="end" class="tick">{value}</text>')
    parts += _weeks(first, last, x_of)
    for figure in s.typical:
        if figure.from_day > last:
            continue
        y = y_of(figure.mean)
        parts.append(
            f'<line x1="{x_of(figure.from_day)}" y1="{y}" x2="{x_of(min(figure.to_day, last))}" y2="{y}" '
            'class="typical"/>'
        )
        middle = x_of((figure.from_day + min(figure.to_day, last)) / 2)
        parts.append(f'<path d="M{middle} {y - 6} l6 6 l-6 6 l-6 -6 z" class="typical-mark"/>')
    for question, css, marker in (("leg", "leg", "circle"), ("back", "back", "square")):
        points = [(x_of(p.day), y_of(getattr(p, question))) for p in s.pain if getattr(p, question) is not None]
        if not points:
            continue
        path = " ".join(f"{x},{y}" for x, y in points)
        parts.append(f'<polyline points="{path}" class="line {css}" fill="none"/>')
        for x, y in points:
            if marker == "circle":
                parts.append(f'<circle cx="{x}" cy="{y}" r="3.5" class="point {css}"/>')
            else:
                parts.append(f'<rect x="{x - 3.5}" y="{y - 3.5}" width="7" height="7" class="point {css}"/>')
    parts += _legend(bool(s.typical and any(f.from_day <= last for f in s.typical)))
    parts.append("</svg>")
    return "\n".join(parts)


def _weeks(first: int, last: int, x_of: Callable[[float], float]) -> list[str]:
    label_width = text_width(_("week {week}").format(week=99), FONT)
    span = last - first
    step = 1
    while step * 7 * (WIDTH - LEFT - RIGHT) / span < label_width + 10:
        step += 1
    parts = []
    for week in range(1, last // 7 + 2, step):
        day = (week - 1) * 7
        if day < first or day > last:
            continue
        x = x_of(day)
        if x + label_width > WIDTH:
            break
        parts.append(f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{HEIGHT - BOTTOM}" class="grid"/>')
        label = escape(_("week {week}").format(week=week))
        parts.append(f'<text x="{x}" y="{HEIGHT - BOTTOM + 16}" class="tick">{label}</text>')
    return parts


def _legend(typical: bool) -> list[str]:
    y = HEIGHT - 12
    # Looked up by variable: older message extractors take a literal inside _() for a message.
    leg_words, back_words = PAIN_WORDS["leg-pain"], PAIN_WORDS["back-pain"]
    leg, back = escape(_(leg_words)), escape(_(back_words))
    parts = [
        f'<line x1="{LEFT}" y1="{y - 4}" x2="{LEFT + 24}" y2="{y - 4}" class="line leg"/>',
        f'<circle cx="{LEFT + 12}" cy="{y - 4}" r="3.5" class="point leg"/>',
        f'<text x="{LEFT + 30}" y="{y}" class="tick">{leg}</text>',
        f'<line x1="{LEFT + 150}" y1="{y - 4}" x2="{LEFT + 174}" y2="{y - 4}" class="line back"/>',
        f'<rect x="{LEFT + 158.5}" y="{y - 7.5}" width="7" height="7" class="point back"/>',
        f'<text x="{LEFT + 180}" y="{y}" class="tick">{back}</text>',
    ]
    if typical:
        words = escape(_("published average after this operation"))
        parts += [
            f'<path d="M{LEFT + 312} {y - 10} l6 6 l-6 6 l-6 -6 z" class="typical-mark"/>',
            f'<text x="{LEFT + 324}" y="{y}" class="tick">{words}</text>',
        ]
    return parts
