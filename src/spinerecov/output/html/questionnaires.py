"""The handout's outcome questionnaires: the registry time points in one short paragraph.

They are plan milestones like any other, but the handout gives them one paragraph
under the checklist (and no number on the chart), so the whole plan still prints
on four pages.
"""

from spinerecov.i18n import _
from spinerecov.output.html.chart import short_date
from spinerecov.output.html.text import el, esc
from spinerecov.output.wording import range_note
from spinerecov.plan.questionnaire_schedule import MILESTONE_KIND
from spinerecov.plan.timeline import Timeline


def without_questionnaires(t: Timeline) -> Timeline:
    """The plan with its questionnaire milestones left out (for the chart and the numbered checklist)."""
    return t._replace(milestones=tuple(m for m in t.milestones if m.kind != MILESTONE_KIND))


def questionnaire_paragraph(t: Timeline) -> list[str]:
    """'Outcome questionnaires: ... (answer within weeks 14 to 27); ...', with any "sources differ" notes."""
    points = [m for m in t.milestones if m.kind == MILESTONE_KIND]
    if not points:
        return []
    # The time point before surgery says so in its name; the others give their window.
    when = "; ".join(
        f"{m.name}, {short_date(m.date, True)}" + (f" {range_note(m.range)}" if m.range.to_day else "") for m in points
    )
    text = _("Outcome questionnaires: {when}.").format(when=when)
    differs = [m.sources_differ for m in points if m.sources_differ is not None]
    if not differs:
        return [el("p", text, 'class="note"')]
    # One short pointer for the whole schedule (the timeline, the calendar and the plan export give each
    # view in full, with its sources): the handout must still print on four pages.
    note = _("Sources differ on some of these dates: see spinerecov timeline.")
    return [f'<p class="note">{esc(text)} {esc(note)}</p>']
