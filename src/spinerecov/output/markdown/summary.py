"""Pure: a visit summary -> markdown to print or send before the follow-up visit.

The same parts as the HTML page, in the same order: the red flags the diary
raised come first; the pain chart becomes the weekly table and the typical
course, where one is published, a sentence with its source.
"""

from __future__ import annotations

from spinerecov import __version__
from spinerecov.i18n import _
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.output import summary_words as words
from spinerecov.output.markdown.plan import cell_text
from spinerecov.output.wording import fmt_date
from spinerecov.plan.visit_summary import VisitSummary


def summary_markdown(s: VisitSummary, kb: KnowledgeBase) -> str:
    """The summary as markdown."""
    lines = ["# " + words.title(s), "", f"> **{s.timeline.disclaimer}**", ""]
    lines += [f"- **{label}**: {value}" for label, value in words.where_now(s)]
    lines += ["", "## " + _("Red flags raised"), ""]
    if not s.red_flags:
        lines.append(_("No check-in in this period raised a red flag."))
    for flag in s.red_flags:
        when = _("{date} (day {day})").format(date=fmt_date(flag.on), day=flag.day)
        because = _("{action}. Because: {because}").format(
            action=words.tier_words(flag.tier), because=words.clean(flag.because)
        )
        lines.append(f"- **{when}**: {flag.symptom} {because}")
    lines += ["", "## " + _("Pain, pain medicine and walking"), ""]
    if not s.weeks:
        lines.append(_("No check-in in this period."))
    else:
        headings = words.week_headings()
        lines += ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
        lines += ["| " + " | ".join(cell_text(c) for c in words.week_cells(row)) + " |" for row in s.weeks]
        lines.append("")
        typical = [words.typical_line(f, kb) for f in s.typical]
        lines += typical or [_("No published typical course of pain for this operation: none is drawn.")]
    if s.scores:
        lines += ["", "## " + _("Questionnaires"), ""]
        for line in s.scores:
            first, *rest = words.score_lines(line, kb)
            lines.append(f"- **{first}** " + " ".join(rest))
    if s.notes:
        lines += ["", "## " + _("Your notes"), ""]
        lines += [f"- **{fmt_date(on)}**: {words.clean(text)}" for on, text in s.notes]
    lines += ["", "## " + _("Questions to ask"), ""]
    lines += [f"- [ ] {q}" for q in words.questions(s)]
    lines += ["", "_" + _("Made with spinerecov {version}.").format(version=__version__) + f" {kb.disclaimer}_", ""]
    return "\n".join(lines)
