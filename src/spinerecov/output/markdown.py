"""The plan as a markdown document a patient can keep or print, and comparisons as markdown tables."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from spinerecov import __version__
from spinerecov.i18n import _
from spinerecov.i18n.formats import day_month_year, long_date
from spinerecov.knowledge.models import ActivityStep, Clinic, KnowledgeBase, RedFlag
from spinerecov.output.plan_template import Immediate, Slots, cut_text, render_repeated
from spinerecov.output.wording import (
    ACTION_WORDS,
    WEEK_RULE,
    activity_differences,
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
from spinerecov.plan.timeline import Timeline


def ordered_sources(ids: Iterable[str], kb: KnowledgeBase) -> list[str]:
    """Seed texts first (by file name), then the rest alphabetically, general guidance last."""
    rank = {"seed": 0, "general": 2}
    return sorted(ids, key=lambda s: (rank.get(kb.sources[s].kind, 1), s.lower(), s))


def shape_sources(shape: Timeline) -> frozenset[str]:
    """The sources a plan of this shape cites whatever the patient's factors (all but the adjustments')."""
    return frozenset(shape._replace(adjustments=()).cited_sources())


def plan_sources(t: Timeline, kb: KnowledgeBase, shared: frozenset[str]) -> list[str]:
    """Every source the plan cites, in order: its shape's (`shared`) and its adjustments'."""
    return ordered_sources(shared.union(*(a.sources for a in t.adjustments)), kb)


def adjustment_sources(t: Timeline, shared: frozenset[str]) -> frozenset[str]:
    """The sources only the patient's adjustments add to their shape's: with `shared`, what the source list holds."""
    return frozenset(s for a in t.adjustments for s in a.sources if s not in shared)


def cell_text(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _gantt_label(text: str, number: str = "") -> str:
    # Mermaid gantt task names cannot hold ':' or '#', and ';' ends a line. Its lexer also reads a line
    # that starts with a keyword (section, title, click, excludes, ...) as that keyword, whatever the
    # case: a leading number keeps any protocol-supplied name a task name.
    label = " ".join(text.replace(":", " -").replace("#", "").replace(";", ",").split())
    return f"{number} {label}" if number else label


def to_markdown(timeline: Timeline, kb: KnowledgeBase) -> str:
    """The plan as a markdown document a patient can keep or print."""
    return _markdown(timeline, kb, Immediate(timeline))


def repeated_markdown(timeline: Timeline, kb: KnowledgeBase) -> bytes:
    """`to_markdown`, from the kept text of the plan's shape: for a batch's many plans of a few shapes."""
    return render_repeated(_markdown, cut_text, timeline, kb)


def _markdown(t: Timeline, kb: KnowledgeBase, slots: Slots) -> str:
    """The document, with every value that is the patient's own (dates above all) asked of `slots`."""
    lines = ["# " + _("Recovery plan: {procedure}").format(procedure=t.procedure.name), ""]
    lines += [f"> **{kb.disclaimer}**", ""]
    lines.append(slots.piece(_markdown_inputs))
    # Narrow table, long text in lists: a wide table runs off a printed page (pandoc to PDF).
    lines += ["## " + _("Phases"), "", "| " + " | ".join([_("Phase"), _("Dates"), _("Weeks")]) + " |"]
    lines.append("|------------------|--------------------------|-----|")
    for p in t.phases:
        dates = _("{start} to {end}").format(start=slots.iso(p.start_day), end=slots.iso(p.end_day))
        lines.append(f"| {cell_text(p.name)} | {dates} | {weeks_label(p.start_day, p.end_day)} |")
    for p in t.phases:
        weeks = weeks_label(p.start_day, p.end_day)
        heading = _("{phase} (weeks {weeks})") if "-" in weeks else _("{phase} (week {weeks})")
        lines += ["", "### " + heading.format(phase=p.name, weeks=weeks), "", p.expect, ""]
        lines += [f"- {kb.activities[a].name}: {phase_limit_changes(slots, steps)}" for a, steps in p.key_limits]
    lines += ["", "## " + _("Milestones"), ""]
    for m in t.milestones:
        name = _("{milestone} (optional)").format(milestone=m.name) if m.optional else m.name
        line = _("{date} {milestone} (week {week}; {range}): {description}").format(
            date=slots.iso(m.day),
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
        lines.append(
            f"| {a.name} | {_first(slots, a.first_limited_day, a.steps)} | {_first(slots, a.first_yes_day, a.steps)} |"
        )
    differing = activity_differences(t, kb)
    if differing:
        lines += ["", _("Where sources differ:"), ""]
        lines += [f"- {name}: {without_prefix(line)}" for name, line in differing]
    lines += ["", _("Conditions that are not about time:"), ""]
    for activity in kb.activities.values():
        for condition in activity.conditions:
            lines.append(f"- {activity.name}: {condition.text}")
    lines += ["", *_markdown_gantt(t, slots), ""]
    red_flags = markdown_red_flags(t.red_flags, t.clinic)
    # Only patients with factors have the adjustments section: it is the patient's own, put in before the red flags.
    red_flags[0] = slots.piece(_adjustments_section, kb) + red_flags[0]
    lines += red_flags
    lines += ["## " + _("Sources"), ""]
    lines.append(slots.piece(_sources_list, kb, shape_sources(t)))
    lines += ["", "_" + _("Made with spinerecov {version}.").format(version=__version__) + f" {kb.disclaimer}_", ""]
    return "\n".join(lines)


def without_prefix(line: str) -> str:
    """A 'Sources differ: ...' line without its lead-in (whatever the language)."""
    return line.split(": ", 1)[-1]


def _first(slots: Slots, day: int | None, steps: tuple[ActivityStep, ...] = ()) -> str:
    if day is None:
        return _("ask your surgeon")
    sourced = opening_range(steps, day)
    date, week = slots.iso(day), week_of(day)
    if sourced:
        return _("{date} (week {week}; most people: {range})").format(
            date=date, week=week, range=describe_range(sourced)
        )
    return _("{date} (week {week})").format(date=date, week=week)


def phase_limit_changes(slots: Slots, steps: tuple[tuple[int, ActivityStep], ...]) -> str:
    """Every limit in force during a phase: 'Not yet; from 15 May 2024 (week 3): Up to 30 min at a time'."""
    parts = [describe_step(steps[0][1])]
    parts += [
        _("from {date}: {limit}").format(date=slots.piece(fmt_short, day), limit=describe_step(step))
        for day, step in steps[1:]
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


def _axis_format(t: Timeline, last_day: int) -> str:
    # The year on the axis when the plan crosses one, so both ends do not read "01 May".
    return "%d %b %Y" if t.date_of(last_day).year != t.surgery_date.year else "%d %b"


def _markdown_gantt(t: Timeline, slots: Slots) -> list[str]:
    lines = [
        "## " + _("Chart"),
        "",
        "```mermaid",
        "gantt",
        f"    title {_gantt_label(t.procedure.name)}",
        "    dateFormat YYYY-MM-DD",
        f"    axisFormat {slots.piece(_axis_format, t.phases[-1].end_day)}",
        "    section " + _("Phases"),
    ]
    for number, p in enumerate(t.phases, start=1):
        length = p.end_day - p.start_day + 1
        lines.append(f"    {_gantt_label(p.name, f'{number}.')} :{p.id}, {slots.iso(p.start_day)}, {length}d")
    lines.append("    section " + _("Milestones"))
    for number, m in enumerate(t.milestones, start=1):
        lines.append(f"    {_gantt_label(m.name, f'M{number}')} :milestone, {m.id}, {slots.iso(m.day)}, 0d")
    lines.append("```")
    return lines


def _adjustments_section(t: Timeline, kb: KnowledgeBase) -> str:
    """'## Adjustments for your factors' and its lines, each line ending in a newline; empty without adjustments."""
    if not t.adjustments:
        return ""
    lines = ["## " + _("Adjustments for your factors"), ""]
    for group in group_adjustments(t.adjustments):
        headline, changes, why = describe_group(group, t.surgery_date)
        line = f"- **{', '.join(group[0].factors)}**: {headline.rstrip('.:')}."
        if why:
            line += " " + _("Why: {reason}").format(reason=why)
        titles = source_titles(group[0].sources, kb.sources)
        lines.append(f"{line} " + _("(sources: {titles})").format(titles=titles))
        lines += [f"  - {change}" for change in changes]
    lines += ["", ""]
    return "\n".join(lines)


def _sources_list(t: Timeline, kb: KnowledgeBase, shared: frozenset[str]) -> str:
    """Every source the plan cites, one line each."""

    def lines(ids: list[str]) -> str:
        return "\n".join(f"- `{s}`: {kb.sources[s].title}" for s in ids)

    return kept_source_list(_source_lists, t, kb, shared, lines)


_source_lists: dict[tuple[object, ...], tuple[KnowledgeBase, str]] = {}
Written = TypeVar("Written")
"""A plan's source list as one format writes it."""


def kept_source_list(
    kept: dict[tuple[object, ...], tuple[KnowledgeBase, Written]],
    t: Timeline,
    kb: KnowledgeBase,
    shared: frozenset[str],
    write: Callable[[list[str]], Written],
) -> Written:
    """`write(the plan's sources in order)`, kept in `kept` for every plan of a shape with the same added sources.

    A batch has a few hundred of these (a knowledge base, its shape's sources, what adjustments add).
    Written once and never changed: plans of a shape share the one value.
    """
    key = (id(kb), shared, adjustment_sources(t, shared))
    found = kept.get(key)
    if found is not None and found[0] is kb:
        return found[1]
    if len(kept) >= SOURCE_LISTS_KEPT:
        kept.clear()
    written = write(plan_sources(t, kb, shared))
    kept[key] = (kb, written)
    return written


SOURCE_LISTS_KEPT = 4096


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
