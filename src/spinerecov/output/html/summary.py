"""Pure: a visit summary -> one self-contained HTML page to print and bring to the follow-up visit.

It shares the handout's stylesheet and print rules (A4 or US Letter, black and
white, no row or single red flag split across pages). The red flags the diary
raised come first, right after where the patient is in the plan, so they print
on page 1. No network, fonts or scripts; every piece of text is escaped.
"""

from __future__ import annotations

from spinerecov import __version__
from spinerecov.i18n import _
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.output import summary_words as words
from spinerecov.output.html.style import STYLESHEET
from spinerecov.output.html.summary_chart import pain_svg
from spinerecov.output.html.text import el, esc, page, thead
from spinerecov.output.wording import SHORT_DISCLAIMER, fmt_date
from spinerecov.plan.visit_summary import VisitSummary

SUMMARY_STYLE = """
.chart .line { stroke: #111; stroke-width: 2; }
.chart .line.back { stroke-dasharray: 6 4; }
.chart .point.leg { fill: #111; }
.chart .point.back { fill: #fff; stroke: #111; stroke-width: 1.5; }
.chart .typical { stroke: #555; stroke-width: 3; stroke-dasharray: 2 2; }
.chart .typical-mark { fill: #fff; stroke: #111; stroke-width: 1.5; }
table.weeks td, table.weeks th { text-align: left; }
@media print { .questions li { margin-bottom: 1.2em; } }
"""


def summary_html(s: VisitSummary, kb: KnowledgeBase) -> str:
    """The whole page: details, raised red flags, pain chart, weekly table, questionnaires, notes, questions."""
    title = words.title(s)
    footer = _("Made with spinerecov {version}.").format(version=__version__) + " " + _(SHORT_DISCLAIMER)
    body = [
        el("h1", title),
        el("p", s.timeline.disclaimer, 'class="disclaimer"'),
        '<dl class="details">',
        *(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>" for label, value in words.where_now(s)),
        "</dl>",
        *_red_flags(s),
        *_pain(s, kb),
        *_scores(s, kb),
        *_notes(s),
        '<section aria-labelledby="questions">',
        el("h2", _("Questions to ask"), 'id="questions"'),
        '<ul class="questions">',
        *(el("li", q) for q in words.questions(s)),
        "</ul>",
        "</section>",
        el("p", footer, 'class="footer"'),
    ]
    return page(title, STYLESHEET + SUMMARY_STYLE, body)


def _red_flags(s: VisitSummary) -> list[str]:
    lines = ['<section class="red-flags" aria-labelledby="raised">', el("h2", _("Red flags raised"), 'id="raised"')]
    if not s.red_flags:
        lines.append(el("p", _("No check-in in this period raised a red flag.")))
    else:
        lines.append("<ul>")
        for flag in s.red_flags:
            when = _("{date} (day {day})").format(date=fmt_date(flag.on), day=flag.day)
            item = f"<strong>{esc(when)}</strong>: {esc(flag.symptom)} "
            item += el(
                "span",
                _("{action}. Because: {because}").format(
                    action=words.tier_words(flag.tier), because=words.clean(flag.because)
                ),
                'class="note"',
            )
            lines.append(f"<li>{item}</li>")
        lines.append("</ul>")
    lines.append("</section>")
    return lines


def _pain(s: VisitSummary, kb: KnowledgeBase) -> list[str]:
    lines = ['<section aria-labelledby="pain">', el("h2", _("Pain, pain medicine and walking"), 'id="pain"')]
    if not s.weeks:
        lines += [el("p", _("No check-in in this period.")), "</section>"]
        return lines
    svg = pain_svg(s)
    if svg:
        caption = [words.typical_line(f, kb) for f in s.typical]
        if not caption:
            caption = [_("No published typical course of pain for this operation: none is drawn.")]
        lines += ["<figure>", svg, el("figcaption", " ".join(caption)), "</figure>"]
    lines += [
        '<table class="weeks">',
        thead(*words.week_headings()),
        "<tbody>",
        *("<tr>" + "".join(el("td", cell) for cell in words.week_cells(row)) + "</tr>" for row in s.weeks),
        "</tbody>",
        "</table>",
        "</section>",
    ]
    return lines


def _scores(s: VisitSummary, kb: KnowledgeBase) -> list[str]:
    if not s.scores:
        return []
    lines = ['<section aria-labelledby="scores">', el("h2", _("Questionnaires"), 'id="scores"'), "<ul>"]
    for line in s.scores:
        first, *rest = words.score_lines(line, kb)
        lines.append(f"<li><strong>{esc(first)}</strong> " + " ".join(esc(r) for r in rest) + "</li>")
    lines += ["</ul>", "</section>"]
    return lines


def _notes(s: VisitSummary) -> list[str]:
    if not s.notes:
        return []
    items = [f"<li><strong>{esc(fmt_date(on))}</strong>: {esc(words.clean(text))}</li>" for on, text in s.notes]
    return [
        '<section aria-labelledby="notes">',
        el("h2", _("Your notes"), 'id="notes"'),
        "<ul>",
        *items,
        "</ul>",
        "</section>",
    ]
