"""The timeline screen: header, phases, milestones with ranges, activities, where sources differ, adjustments."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from spinerecov.i18n import _, ngettext
from spinerecov.knowledge.models import ActivityStep, KnowledgeBase
from spinerecov.output.step_words import later_limit_lines
from spinerecov.output.terminal.console import (
    STATUS_STYLE,
    VERDICT_STYLE,
    phase_mark,
    render_red_flags,
    wrapped,
)
from spinerecov.output.terminal.stacked import print_table
from spinerecov.output.wording import (
    WEEK_RULE,
    activity_differences,
    brief_step,
    describe_factors,
    describe_group,
    describe_range,
    differ_line,
    fmt_date,
    fmt_short_date,
    group_adjustments,
    opening_range,
    range_note,
    source_titles,
    weeks_label,
)
from spinerecov.plan.days import week_of
from spinerecov.plan.timeline import Timeline

NARROW = 70
"""Below this many columns, milestones put their name under the date instead of beside it."""

PHASES_FIT = 70
"""The phases table always fits from here: Dates (no wrap) needs at most 20 columns and the three
folding columns 12 each, 5 for borders; Rich shares the rest evenly among the folding columns."""


def render_timeline(
    console: Console,
    t: Timeline,
    kb: KnowledgeBase,
    explain: bool,
    show_activities: bool = False,
    show_chart: bool = False,
) -> None:
    """The personalised plan: header, phases, milestones, (activities, chart), adjustments, red flags."""
    _header(console, t)
    print_table(console, _phases_table(t, kb), fits_from=PHASES_FIT)
    console.print(_milestones(console, t, kb), soft_wrap=True)
    console.print()
    if show_activities:
        print_table(console, _activities_table(t))
    differing = _differences(console, t, kb, show_activities)
    if differing is not None:
        console.print(differing, soft_wrap=True)
    if not show_activities:
        console.print(
            Text(_("When does each activity open? Add --activities, or ask: spinerecov can-i ACTIVITY"), style="dim")
        )
    console.print(Text(_(WEEK_RULE), style="dim"))
    console.print()
    if show_chart:
        from spinerecov.output.terminal.chart import render_chart

        render_chart(console, t)
        console.print()
    if t.adjustments:
        _adjustments(console, t, kb, explain)
    render_red_flags(console, t.red_flags, kb.disclaimer, t.clinic)


def _header(console: Console, t: Timeline) -> None:
    day = t.day_today
    if day < 0:
        where = ngettext("surgery in {count} day", "surgery in {count} days", -day).format(count=-day)
    else:
        where = _("day {day}, week {week}").format(day=day, week=week_of(day))
    recovery = t.full_recovery
    lines = [
        _("Surgery {surgery} - today {today}: {where}").format(
            surgery=fmt_date(t.surgery_date), today=fmt_date(t.today), where=where
        ),
        _("Full recovery expected {date} (week {week})").format(
            date=fmt_date(recovery.date), week=week_of(recovery.day)
        ),
        _("Hospital stay: {stay}").format(stay=t.procedure.hospital_stay.text),
    ]
    factors = describe_factors(t.factors)
    if factors:
        lines.append(_("Your factors: {factors}").format(factors=", ".join(factors)))
    title = _("Recovery plan: {procedure}").format(procedure=t.procedure.name)
    header = Text(wrapped(console, [title]) + "\n", style="bold")
    header.append(wrapped(console, lines))
    if t.is_default_procedure:
        hint = _(
            "This is the general plan: it keeps the slower fusion limits for lifting, bending, running, sport"
            " and heavy work. For your operation, add --procedure (see: spinerecov procedures)."
        )
        header.append("\n" + wrapped(console, [hint]), style="dim")
    console.print(header, soft_wrap=True)
    console.print()


def _phases_table(t: Timeline, kb: KnowledgeBase) -> Table:
    table = Table(title=_("Phases"), title_justify="left", show_lines=True)
    table.add_column(_("Phase"), ratio=2, overflow="fold")
    table.add_column(_("Dates"), no_wrap=True)
    table.add_column(_("What to expect"), ratio=4, overflow="fold")
    table.add_column(_("Key limits"), ratio=3, overflow="fold")
    for p in t.phases:
        name = Text(f"{phase_mark(p.status)}\n", style=STATUS_STYLE[p.status])
        name.append(p.name, style="bold")
        limits = Text()
        for index, (activity, steps) in enumerate(p.key_limits):
            if index:
                limits.append("\n")
            limits.append(f"{kb.activities[activity].name}: ")
            for position, (day, step) in enumerate(steps):
                if position:
                    limits.append(f"; {fmt_short_date(t.date_of(day))}: ")
                limits.append(brief_step(step), style=VERDICT_STYLE[step.verdict])
        label = weeks_label(p.start_day, p.end_day)
        weeks = _("weeks {weeks}").format(weeks=label) if "-" in label else _("week {week}").format(week=label)
        end = _("to {date}").format(date=fmt_date(p.end_date))
        dates = Text(f"{fmt_date(p.start_date)}\n{end}\n{weeks}")
        table.add_row(name, dates, Text(p.expect), limits)
    return table


def _differences(console: Console, t: Timeline, kb: KnowledgeBase, every_activity: bool) -> Text | None:
    """'Where sources differ' for the activities shown (the key ones, or all with --activities)."""
    shown = {a.name for a in t.activities if every_activity or kb.activities[a.id].key}
    lines = [f"{name}: {line}" for name, line in activity_differences(t, kb, prefixed=False) if name in shown]
    if not lines:
        return None
    heading = _("Where sources differ (ask your surgeon which applies to you)")
    text = Text(wrapped(console, [heading]), style="italic")
    text.append("\n" + wrapped(console, lines, indent="    ", bullet="  - "), style="dim")
    text.append("\n")
    return text


def _milestones(console: Console, t: Timeline, kb: KnowledgeBase) -> Text:
    """Milestones as an aligned list: 'done  Wed 1 May 2024  wk 1   Name' with the description beneath.

    Pre-wrapped here rather than a Rich table: a table costs a measurement
    and a wrap per cell, and this list is on every timeline's start-up path.
    """
    import textwrap

    text = Text(_("Milestones"), style="italic")
    # Narrow terminals: name, range and notes go beneath the date, indented a little.
    narrow = console.width < NARROW
    wk = _("wk")
    indent = " " * (4 if narrow else 29 + len(wk))
    width = max(console.width - 1, 30 if narrow else 50)
    for m in t.milestones:
        mark = {"done": _("done"), "now": _("TODAY"), "upcoming": ""}[m.status]
        text.append(f"\n{mark:<6}", style=STATUS_STYLE[m.status])
        text.append(f"{fmt_date(m.date):<16} {wk} {week_of(m.day):<3}  ")
        title = m.name + (" " + _("(optional)") if m.optional else "")
        note = range_note(m.range)
        if narrow:
            title = textwrap.fill(title, width=width, initial_indent=indent, subsequent_indent=indent)
            text.append("\n")
        text.append(title, style="bold")
        # The range goes beside the name when it fits, else on the next line.
        fits = not narrow and len(indent) + len(title) + len(note) + 1 <= width
        text.append(f" {note}" if fits else f"\n{indent}{note}")
        notes = [m.description]
        if m.sources_differ:
            notes.append(differ_line(m.sources_differ, kb.sources))
        for note in notes:
            lines = textwrap.fill(note, width=width, initial_indent=indent, subsequent_indent=indent)
            text.append(f"\n{lines}", style="dim")
    return text


def _activities_table(t: Timeline) -> Table:
    table = Table(title=_("When can I ...?"), title_justify="left")
    table.add_column(_("Activity"))
    table.add_column(_("Now") if t.day_today >= 0 else _("On surgery day"))
    table.add_column(_("With limits from"), no_wrap=True)
    table.add_column(_("Without limits from"), no_wrap=True)
    for a in t.activities:
        table.add_row(
            Text(a.name),
            Text(brief_step(a.today), style=VERDICT_STYLE[a.today.verdict]),
            Text("\n".join([_from(t, a.first_limited_day, a.steps), *later_limit_lines(a, _dated(t))])),
            Text(_from(t, a.first_yes_day, a.steps)),
        )
    return table


def _dated(t: Timeline) -> Callable[[int], str]:
    return lambda day: fmt_date(t.date_of(day))


def _from(t: Timeline, day: int | None, steps: tuple[ActivityStep, ...]) -> str:
    if day is None:
        return _("ask your surgeon")
    sourced = opening_range(steps, day)
    most = "\n" + _("most people: {range}").format(range=describe_range(sourced)) if sourced else ""
    return _("{date} (wk {week})").format(date=fmt_date(t.date_of(day)), week=week_of(day)) + most


def _adjustments(console: Console, t: Timeline, kb: KnowledgeBase, explain: bool) -> None:
    text = Text(_("Adjusted for your factors"), style="bold")
    for group in group_adjustments(t.adjustments):
        headline, changes, why = describe_group(group, t.surgery_date)
        text.append("\n" + wrapped(console, [f"{', '.join(group[0].factors)}: {headline}"], "    ", "  - "))
        if changes:
            text.append("\n" + wrapped(console, changes, indent="        ", bullet="      "))
        if explain:
            details = [_("Why: {reason}").format(reason=why)] if why else []
            details.append(_("Sources: {sources}").format(sources=source_titles(group[0].sources, kb.sources)))
            text.append("\n" + wrapped(console, details, indent="      ", bullet="    "), style="dim")
    if not explain:
        text.append("\n" + _("Run again with --explain to see why and the sources."), style="dim")
    console.print(text, soft_wrap=True)
    console.print()
