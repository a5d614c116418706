"""The plan as one self-contained, printable HTML handout a clinic gives a patient.

No network, fonts or scripts: the stylesheet and the chart (inline SVG) are in
the file. Every piece of text, knowledge-base text included, goes through
`esc` (html.escape), because a clinic protocol is input we do not control.
"""

from __future__ import annotations

from spinerecov import __version__
from spinerecov.i18n import _
from spinerecov.i18n.formats import long_date
from spinerecov.knowledge.models import ActivityStep, KnowledgeBase
from spinerecov.output.html.chart import chart_last_day, plan_svg, short_date
from spinerecov.output.html.questionnaires import questionnaire_paragraph, without_questionnaires
from spinerecov.output.html.style import STYLESHEET
from spinerecov.output.html.text import el, esc, page, thead
from spinerecov.output.source_lists import ordered_sources
from spinerecov.output.wording import (
    ACTION_WORDS,
    SHORT_DISCLAIMER,
    WEEK_RULE,
    brief_step,
    describe_factors,
    describe_group,
    describe_range,
    differ_line,
    fmt_date,
    group_adjustments,
    opening_range,
    range_note,
    short_title,
    source_titles,
    weeks_label,
)
from spinerecov.plan.days import week_of
from spinerecov.plan.timeline import ActivityOutlook, PlannedPhase, Timeline


def to_html(timeline: Timeline, kb: KnowledgeBase) -> str:
    """The whole handout: clinic, inputs, red flags, chart, phases, checklist, activities, sources."""
    t = timeline
    title = _("Recovery plan: {procedure}").format(procedure=t.procedure.name)
    footer = _("Made with spinerecov {version}.").format(version=__version__) + " " + _(SHORT_DISCLAIMER)
    body = [
        *_header(t, title),
        *_red_flags(t),
        el("p", t.procedure.description, 'class="description"'),  # after the red flags: never pushes them off
        *_chart(without_questionnaires(t)),
        *_phases(t, kb),
        *_milestones(without_questionnaires(t), kb),
        *questionnaire_paragraph(t),
        *_activities(t, kb),
        *_adjustments(t, kb),
        *_sources(t, kb),
        el("p", footer, 'class="footer"'),
    ]
    return page(title, STYLESHEET, body)


def _header(t: Timeline, title: str) -> list[str]:
    lines = ["<header>"]
    if t.clinic is not None:
        lines.append(f'<p class="clinic">{esc(t.clinic.name)}</p>')
        if t.clinic.phone:
            phone = f'<a href="tel:{esc(t.clinic.phone)}">{esc(t.clinic.phone)}</a>'
            lines.append('<p class="clinic">' + esc(_("Phone:")) + f" {phone}</p>")
    factors = ", ".join(describe_factors(t.factors)) or _("none given")
    recovery = _("{date} (week {week})").format(date=long_date(t.full_recovery.date), week=week_of(t.full_recovery.day))
    details = [
        (_("Procedure"), t.procedure.name),
        (_("Surgery date"), long_date(t.surgery_date)),
        (_("Patient factors"), factors),
        (_("Hospital stay"), t.procedure.hospital_stay.text),
        (_("Full recovery expected"), recovery),
        (_("Plan made on"), fmt_date(t.today)),
    ]
    lines += [
        f"<h1>{esc(title)}</h1>",
        f'<p class="disclaimer">{esc(t.disclaimer)}</p>',
        '<dl class="details">',
        *(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>" for label, value in details),
        "</dl>",
        "</header>",
    ]
    return lines


def _red_flags(t: Timeline) -> list[str]:
    lines = ['<section class="red-flags" aria-labelledby="red-flags">']
    lines.append(el("h2", _("Red flags: when to get help"), 'id="red-flags"'))
    if t.clinic is not None:
        call = _("Call {clinic}: {phone}.") if t.clinic.phone else _("Call {clinic}.")
        note = f" {t.clinic.note}" if t.clinic.note else ""
        lines.append(
            f"<p><strong>{esc(call.format(clinic=t.clinic.name, phone=t.clinic.phone))}</strong>{esc(note)}</p>"
        )
    for action, words in ACTION_WORDS.items():
        symptoms = [flag.symptom for flag in t.red_flags if flag.action == action]
        if symptoms:
            # One block per tier; the box splits between items only (see the stylesheet).
            items = "".join(f"<li>{esc(s)}</li>" for s in symptoms)
            heading = el("h3", _("{action} if you have:").format(action=_(words)))
            lines.append(f'<div class="tier">{heading}<ul>{items}</ul></div>')
    lines.append("</section>")
    return lines


def _chart(t: Timeline) -> list[str]:
    last_day = chart_last_day(t)
    later = [m for m in t.milestones if m.day > last_day]
    caption = _("Your plan at a glance. The same dates are listed, in words, under Phases and Milestones below.")
    if later:
        names = "; ".join(f"{m.name} ({short_date(m.date, True)})" for m in later)
        caption += " " + _("Later milestones: {milestones}.").format(milestones=names)
    return [
        '<section aria-labelledby="chart">',
        el("h2", _("Your plan at a glance"), 'id="chart"'),
        "<figure>",
        plan_svg(t),
        f"<figcaption>{esc(caption)}</figcaption>",
        "</figure>",
        "</section>",
    ]


def _phases(t: Timeline, kb: KnowledgeBase) -> list[str]:
    head = "".join(
        f'<th scope="col">{esc(p.name)}<br><span class="when">{esc(_phase_when(p))}</span></th>' for p in t.phases
    )
    caption = _("Your limits in each phase, with every change inside a phase (the date it changes)")
    lines = [
        '<section aria-labelledby="phases">',
        el("h2", _("Phases: what to expect and your limits"), 'id="phases"'),
        '<dl class="expect">',
        *(f"<dt>{esc(p.name)}</dt><dd>{esc(p.expect)}</dd>" for p in t.phases),
        "</dl>",
        '<table class="limits">',
        el("caption", caption) + "<thead><tr>" + el("th", _("Activity"), 'scope="col"') + f"{head}</tr></thead>",
        "<tbody>",
    ]
    for index, (activity_id, _steps) in enumerate(t.phases[0].key_limits):
        cells = "".join(
            f'<td data-label="{esc(p.name)}">{_limit_changes(t, p.key_limits[index][1])}</td>' for p in t.phases
        )
        lines.append(f'<tr><th scope="row">{esc(kb.activities[activity_id].name)}</th>{cells}</tr>')
    lines += ["</tbody>", "</table>", "</section>"]
    return lines


def _phase_when(p: PlannedPhase) -> str:
    """'1 May to 7 May 2024, week 1'."""
    return _("{start} to {end}, week {weeks}").format(
        start=short_date(p.start_date), end=short_date(p.end_date, True), weeks=weeks_label(p.start_day, p.end_day)
    )


def _limit_changes(t: Timeline, steps: tuple[tuple[int, ActivityStep], ...]) -> str:
    """The limit at the start of a phase, then each change: 'Not yet<br>From 15 May: Yes'."""
    changes = [esc(brief_step(steps[0][1]))]
    changes += [
        esc(_("From {date}: {limit}").format(date=short_date(t.date_of(day)), limit=brief_step(step)))
        for day, step in steps[1:]
    ]
    return "<br>".join(changes)


def _milestones(t: Timeline, kb: KnowledgeBase) -> list[str]:
    lines = [
        '<section aria-labelledby="milestones">',
        el("h2", _("Milestone checklist"), 'id="milestones"'),
        el("p", _("Tick each one when you reach it. The numbers match the chart.")),
        '<table class="checklist">',
        '<colgroup><col class="c-no"><col class="c-tick"><col class="c-date"><col></colgroup>',
        thead(_("No."), _("Done"), _("Date"), _("Milestone"), tick=1),
        "<tbody>",
    ]
    for number, m in enumerate(t.milestones, start=1):
        name = _("{milestone} (optional)").format(milestone=m.name) if m.optional else m.name
        done = _("Done: {milestone}").format(milestone=m.name)
        when = _("{date}, week {week}").format(date=short_date(m.date, True), week=week_of(m.day))
        detail = f"{m.description} {range_note(m.range).strip()}"
        differ = ""
        if m.sources_differ is not None:
            differ = f'<br><span class="note">{esc(differ_line(m.sources_differ, kb.sources))}</span>'
        lines.append(
            f'<tr class="milestone-row"><td>{number}</td>'
            f'<td class="tick"><input type="checkbox" aria-label="{esc(done)}"></td>'
            f"<td>{esc(when)}</td>"
            f"<td><strong>{esc(name)}</strong>. {esc(detail)}"
            f"{differ}</td></tr>"
        )
    lines += ["</tbody>", "</table>", "</section>"]
    return lines


def _activities(t: Timeline, kb: KnowledgeBase) -> list[str]:
    lines = [
        '<section aria-labelledby="activities">',
        el("h2", _("When can I ...?"), 'id="activities"'),
        el("p", _(WEEK_RULE)),
        '<table class="opens">',
        '<colgroup><col class="c-activity"><col><col></colgroup>',
        thead(_("Activity"), _("Allowed with limits from"), _("Allowed without limits from")),
    ]
    limited, unlimited = esc(_("Allowed with limits from")), esc(_("Allowed without limits from"))
    for a in t.activities:
        notes = _differ_notes(a, kb)
        lines.append("<tbody>")
        lines.append(
            f'<tr><th scope="row">{esc(a.name)}</th>'
            f'<td data-label="{limited}">{_opens(t, a.first_limited_day, a.steps)}</td>'
            f'<td data-label="{unlimited}">{_opens(t, a.first_yes_day, a.steps)}</td></tr>'
        )
        if notes:
            lines.append(f'<tr><td colspan="3" class="note">{esc(a.name)}: {notes}</td></tr>')
        lines.append("</tbody>")
    lines.append("</table>")
    conditions = [(activity.name, c.text) for activity in kb.activities.values() for c in activity.conditions]
    if conditions:
        lines.append(el("h3", _("Conditions that are not about time")) + '<ul class="conditions">')
        lines += [f"<li><strong>{esc(name)}</strong>: {esc(text)}</li>" for name, text in conditions]
        lines.append("</ul>")
    lines.append("</section>")
    return lines


def _differ_notes(outlook: ActivityOutlook, kb: KnowledgeBase) -> str:
    seen: dict[str, None] = {}
    for step in outlook.steps:
        if step.sources_differ is not None:
            seen[differ_line(step.sources_differ, kb.sources)] = None
    return " ".join(esc(line) for line in seen)


def _opens(t: Timeline, day: int | None, steps: tuple[ActivityStep, ...]) -> str:
    if day is None:
        return esc(_("Ask your surgeon"))
    sourced = opening_range(steps, day)
    most = ""
    if sourced:
        most = " " + el("span", _("most people: {range}").format(range=describe_range(sourced)), 'class="note"')
    return esc(_("{date} (week {week})").format(date=short_date(t.date_of(day), True), week=week_of(day))) + most


def _adjustments(t: Timeline, kb: KnowledgeBase) -> list[str]:
    if not t.adjustments:
        return []
    lines = [
        '<section aria-labelledby="adjustments">',
        el("h2", _("Adjustments for your factors"), 'id="adjustments"'),
        "<ul>",
    ]
    for group in group_adjustments(t.adjustments):
        headline, changes, why = describe_group(group, t.surgery_date)
        item = f"<strong>{esc(', '.join(group[0].factors))}</strong>: {esc(headline.rstrip('.:'))}."
        if why:
            item += " " + esc(_("Why: {reason}").format(reason=why))
        titles = source_titles(group[0].sources, kb.sources)
        item += " " + el("span", _("(sources: {titles})").format(titles=titles), 'class="note"')
        if changes:
            # The tables above already show the moved dates; name what moved, not every date twice.
            # "; " between them: a name can hold a comma ("Lifting, without limits").
            moved = "; ".join(change.split(": ", 1)[0] for change in changes)
            item += "<br>" + esc(_("Moved later: {names}.").format(names=moved))
        lines.append(f"<li>{item}</li>")
    lines += ["</ul>", "</section>"]
    return lines


def _sources(t: Timeline, kb: KnowledgeBase) -> list[str]:
    items = [
        f"<li>{esc(short_title(kb.sources[s], s))} <code>{esc(s)}</code></li>"
        for s in ordered_sources(t.cited_sources(), kb)
    ]
    heading = el("h2", _("Sources"), 'id="sources"')
    return ['<section aria-labelledby="sources">', heading, '<ul class="sources">', *items, "</ul>", "</section>"]
