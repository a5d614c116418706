"""The plan as a markdown document a patient can keep or print, and comparisons as markdown tables."""

from __future__ import annotations

import math

from spinerecov import __version__
from spinerecov.i18n import _, current_language
from spinerecov.i18n.formats import day_month_year, long_date, prose_date
from spinerecov.knowledge.models import ActivityStep, Clinic, DayRange, KnowledgeBase, RedFlag
from spinerecov.output.source_lists import ordered_sources
from spinerecov.output.step_words import later_limits, lowered, then_words
from spinerecov.output.wording import (
    ACTION_WORDS,
    WEEK_RULE,
    activity_differences,
    brief_step,
    clinic_line,
    describe_factors,
    describe_group,
    describe_range,
    describe_step,
    differ_line,
    group_adjustments,
    opening_range,
    range_note,
    source_titles,
    weeks_label,
)
from spinerecov.plan.days import week_of
from spinerecov.plan.schedule import step_range
from spinerecov.plan.timeline import ActivityOutlook, Timeline


def cell_text(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _gantt_label(text: str, number: str = "") -> str:
    # Mermaid gantt task names cannot hold ':' or '#', and ';' ends a line. Its lexer also reads a line
    # that starts with a keyword (section, title, click, excludes, ...) as that keyword, whatever the
    # case: a leading number keeps any protocol-supplied name a task name.
    label = " ".join(text.replace(":", " -").replace("#", "").replace(";", ",").split())
    return f"{number} {label}" if number else label


def to_markdown(t: Timeline, kb: KnowledgeBase) -> str:
    """The plan as a markdown document a patient can keep or print."""
    lines = ["# " + _("Recovery plan: {procedure}").format(procedure=t.procedure.name), ""]
    lines += [f"> **{kb.disclaimer}**", ""]
    lines.append(_markdown_inputs(t))
    # Narrow table, long text in lists: a wide table runs off a printed page (pandoc to PDF).
    lines += ["## " + _("Phases"), "", "| " + " | ".join([_("Phase"), _("Dates"), _("Weeks")]) + " |"]
    lines.append("|------------------|--------------------------|-----|")
    for p in t.phases:
        dates = _("{start} to {end}").format(
            start=prose_date(t.date_of(p.start_day)), end=prose_date(t.date_of(p.end_day))
        )
        lines.append(f"| {cell_text(p.name)} | {dates} | {weeks_label(p.start_day, p.end_day)} |")
    for p in t.phases:
        weeks = weeks_label(p.start_day, p.end_day)
        heading = _("{phase} (weeks {weeks})") if "-" in weeks else _("{phase} (week {weeks})")
        lines += ["", "### " + heading.format(phase=p.name, weeks=weeks), "", p.expect, ""]
        lines += [f"- {kb.activities[a].name}: {phase_limit_changes(t, steps)}" for a, steps in p.key_limits]
    lines += ["", "## " + _("Milestones"), ""]
    for m in t.milestones:
        name = _("{milestone} (optional)").format(milestone=m.name) if m.optional else m.name
        line = _("{date} {milestone} (week {week}; {range}): {description}").format(
            date=prose_date(t.date_of(m.day)),
            milestone=name,
            week=week_of(m.day),
            range=range_note(m.range).strip("()"),
            description=m.description,
        )
        lines.append(f"- [ ] {line}")
        if m.sources_differ:
            lines.append(f"  {differ_line(m.sources_differ, kb.sources)}")
    lines += ["", "## " + _("When can I ...?"), "", _(WEEK_RULE), ""]
    lines += [
        "| " + " | ".join([_("Activity"), _("Allowed with limits from"), _("Allowed without limits from")]) + " |",
        "|----------------|------------------------------|------------------------------|",
    ]
    for a in t.activities:
        lines.append(f"| {a.name} | {_first(t, a.first_limited_day)} | {_first(t, a.first_yes_day)} |")
        # Each later limit is a row of its own: one long cell would run off a converter's page.
        for step in later_limits(a):
            then = _("{activity}: {then}").format(activity=a.name, then=then_words(step))
            lines.append(f"| {then} | {_first(t, step.from_day)} | |")
    # The sourced ranges go below the table, not in it: a converter that cannot wrap table cells
    # (pandoc's gfm reader, to PDF) would otherwise run the third column off the page.
    ranges = [line for line in (_usual_ranges(a) for a in t.activities) if line]
    if ranges:
        lines += ["", _("Most people (the range in the sources):"), "", *ranges]
    differing = activity_differences(t, kb)
    if differing:
        lines += ["", _("Where sources differ:"), ""]
        lines += [f"- {name}: {without_prefix(line)}" for name, line in differing]
    lines += ["", _("Conditions that are not about time:"), ""]
    for activity in kb.activities.values():
        for condition in activity.conditions:
            lines.append(f"- {activity.name}: {condition.text}")
    # Only patients with factors have an adjustments section: the patient's own, after the chart's blank line.
    lines += ["", *_markdown_gantt(t), _adjustments_section(t, kb)]
    lines += markdown_red_flags(t.red_flags, t.clinic)
    lines += ["## " + _("Sources"), ""]
    lines.append("\n".join(f"- `{s}`: {kb.sources[s].title}" for s in ordered_sources(t.cited_sources(), kb)))
    lines += ["", "_" + _("Made with spinerecov {version}.").format(version=__version__) + f" {kb.disclaimer}_", ""]
    return "\n".join(lines)


def without_prefix(line: str) -> str:
    """A 'Sources differ: ...' line without its lead-in (whatever the language)."""
    return line.split(": ", 1)[-1]


def _first(t: Timeline, day: int | None) -> str:
    if day is None:
        return _("ask your surgeon")
    return _("{date} (week {week})").format(date=t.iso_date(day), week=week_of(day))


def _usual_ranges(a: ActivityOutlook) -> str:
    """'- Lifting: with limits (week 1; ...); then up to 13.6 kg (30 lb) (week 7; ...); without limits (...)'.

    In the order they come; '' when none is sourced.
    """

    def when(day: int, sourced: DayRange) -> str:
        return _("week {week}; most people: {range}").format(week=week_of(day), range=describe_range(sourced))

    parts = []
    first = opening_range(a.steps, a.first_limited_day)
    if first and a.first_limited_day is not None:
        parts.append(_("with limits ({when})").format(when=when(a.first_limited_day, first)))
    for step in later_limits(a):
        parts.append(
            _("then {limit} ({when})").format(
                limit=lowered(brief_step(step)), when=when(step.from_day, step_range(step))
            )
        )
    last = opening_range(a.steps, a.first_yes_day)
    if last and a.first_yes_day is not None:
        parts.append(_("without limits ({when})").format(when=when(a.first_yes_day, last)))
    return f"- {a.name}: {'; '.join(parts)}" if parts else ""


def phase_limit_changes(t: Timeline, steps: tuple[tuple[int, ActivityStep], ...]) -> str:
    """Every limit in force during a phase: 'Not yet; from 15 May 2024 (week 3): Up to 30 min at a time'."""
    parts = [describe_step(steps[0][1])]
    parts += [
        _("from {date}: {limit}").format(date=fmt_short(t, day), limit=describe_step(step)) for day, step in steps[1:]
    ]
    return "; ".join(parts)


def fmt_short(t: Timeline, day: int) -> str:
    """'15 May 2024 (week 3)'."""
    return _("{date} (week {week})").format(date=day_month_year(t.date_of(day)), week=week_of(day))


def _markdown_inputs(t: Timeline) -> str:
    factors = ", ".join(describe_factors(t.factors)) or _("none given")
    recovery = _("{date} (week {week})").format(date=long_date(t.full_recovery.date), week=week_of(t.full_recovery.day))
    lines = [
        "## " + _("Your details"),
        "",
        "- " + _("Procedure: {procedure}").format(procedure=t.procedure.name) + f" (`{t.procedure_id}`)",
        "- " + _("Surgery date: {date}").format(date=long_date(t.surgery_date)) + f" ({t.surgery_date.isoformat()})",
        "- " + _("Patient factors: {factors}").format(factors=factors),
        "- " + _("Hospital stay: {stay}").format(stay=t.procedure.hospital_stay.text),
        "- " + _("Full recovery expected: {date}").format(date=recovery),
        "",
        t.procedure.description,
        "",
    ]
    return "\n".join(lines)


def _axis(t: Timeline, last_day: int) -> list[str]:
    """The axis settings: a tick a week on a short plan, else every N months with month and year.

    Month ticks never show the day: "01 May 202401 Jun 2024" ran together on a year-long plan.
    Mermaid names months in English: another language gets numbers only.
    """
    english = current_language() == "en"
    if last_day <= 91:
        return [f"    axisFormat {'%d %b' if english else '%d/%m'}", "    tickInterval 1week"]
    months = math.ceil(last_day / 30.44)
    return [f"    axisFormat {'%b %Y' if english else '%m/%Y'}", f"    tickInterval {math.ceil(months / 12)}month"]


def _markdown_gantt(t: Timeline) -> list[str]:
    lines = [
        "## " + _("Chart"),
        "",
        "```mermaid",
        "gantt",
        f"    title {_gantt_label(t.procedure.name)}",
        "    dateFormat YYYY-MM-DD",
        *_axis(t, t.phases[-1].end_day),
        "    section " + _("Phases"),
    ]
    for number, p in enumerate(t.phases, start=1):
        length = p.end_day - p.start_day + 1
        lines.append(f"    {_gantt_label(p.name, f'{number}.')} :{p.id}, {t.iso_date(p.start_day)}, {length}d")
    lines.append("    section " + _("Milestones"))
    for number, m in enumerate(t.milestones, start=1):
        lines.append(f"    {_gantt_label(m.name, f'M{number}')} :milestone, {m.id}, {t.iso_date(m.day)}, 0d")
    lines.append("```")
    return lines


def _adjustments_section(t: Timeline, kb: KnowledgeBase) -> str:
    """A blank line, '## Adjustments for your factors' and its lines, a line end; empty without adjustments."""
    if not t.adjustments:
        return ""
    lines = ["", "## " + _("Adjustments for your factors"), ""]
    for group in group_adjustments(t.adjustments):
        headline, changes, why = describe_group(group, t.surgery_date)
        line = f"- **{', '.join(group[0].factors)}**: {headline.rstrip('.:')}."
        if why:
            line += " " + _("Why: {reason}").format(reason=why)
        titles = source_titles(group[0].sources, kb.sources)
        lines.append(f"{line} " + _("(sources: {titles})").format(titles=titles))
        lines += [f"  - {change}" for change in changes]
    return "\n".join(lines) + "\n"


def markdown_red_flags(red_flags: tuple[RedFlag, ...], clinic: Clinic | None = None) -> list[str]:
    """The red flags grouped by what to do (and the clinic to call), as markdown."""
    lines = ["## " + _("Red flags: when to get help"), ""]
    contact = clinic_line(clinic)
    if contact:
        lines += [f"**{contact}**", ""]
    for action in ACTION_WORDS:
        flags = [f"- {flag.symptom}" for flag in red_flags if flag.action == action]
        if flags:
            words = _("{action} if you have:").format(action=_(ACTION_WORDS[action]))
            lines += [f"**{words}**", "", *flags, ""]
    return lines
