"""The status screen: where you are today, what is next, what you can do."""

from rich.console import Console
from rich.text import Text

from spinerecov.i18n import _, ngettext
from spinerecov.i18n.formats import percent as as_percent
from spinerecov.knowledge.models import KnowledgeBase, SourcesDiffer
from spinerecov.output.terminal.chart import render_chart
from spinerecov.output.terminal.console import VERDICT_STYLE, render_red_flags, wrapped
from spinerecov.output.wording import (
    brief_step,
    describe_factors,
    differ_detail,
    fmt_date,
    verdict_word,
    week_and_range,
)
from spinerecov.plan.days import week_of
from spinerecov.plan.questionnaire_due import due_questionnaire
from spinerecov.plan.status import Status, TodayActivity
from spinerecov.plan.timeline import PlannedMilestone, Timeline

BAR_FULL, BAR_EMPTY = "#", "-"
"""The progress bar: filled and empty cells."""


def countdown(days: int) -> str:
    """'today', 'tomorrow' or 'in 3 days'."""
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    return ngettext("in {count} day", "in {count} days", days).format(count=days)


def render_status(console: Console, status: Status, t: Timeline, kb: KnowledgeBase) -> None:
    """Today: where you are, progress, what is next, what you can do, the chart, the red flags."""
    text = Text(wrapped(console, [t.procedure.name]) + "\n", style="bold")
    if status.day < 0:
        where = _("Surgery {countdown}, {date}. Here is the plan ahead.").format(
            countdown=countdown(-status.day), date=fmt_date(t.surgery_date)
        )
    else:
        where = _("Today, {date}: day {day}, week {week} after surgery.").format(
            date=fmt_date(t.today), day=status.day, week=week_of(status.day)
        )
    text.append(wrapped(console, [where]) + "\n")
    if status.phase is not None:
        phase = status.phase
        label = _("Phase:") + " "
        text.append(label, style="bold")
        dates = _("{phase} ({start} to {end})").format(
            phase=phase.name, start=fmt_date(phase.start_date), end=fmt_date(phase.end_date)
        )
        # The phase's longer description is in `timeline`: this screen is the daily glance.
        text.append(wrapped(console, [label + dates]).removeprefix(label) + "\n")
    factors = describe_factors(t.factors)
    if factors:
        text.append(_("Your factors: {factors}").format(factors=", ".join(factors)) + "\n")
    text.append(_progress_line(console, status, t))
    due = due_questionnaire(t)
    if due is not None:
        text.append("\n" + wrapped(console, [_due_line(t, due)]), style="bold")
    console.print(text, soft_wrap=True)
    console.print()
    console.print(_next_milestones(console, status, t), soft_wrap=True)
    console.print()
    notes: list[str] = []
    console.print(_today_activities(console, status, t, kb, notes), soft_wrap=True)
    console.print()
    render_chart(console, t)
    console.print()
    if notes:
        console.print(_differ_notes(console, notes), soft_wrap=True)
        console.print()
    render_red_flags(console, t.red_flags, kb.disclaimer, t.clinic)


def _due_line(t: Timeline, due: PlannedMilestone) -> str:
    """'Due now: 3-month questionnaires (until ...): answer them with `spinerecov questionnaire`.'."""
    until = fmt_date(t.date_of(due.range.to_day))
    return _("Due now: {questionnaires} (until {date}); answer them with: spinerecov questionnaire").format(
        questionnaires=due.name, date=until
    )


def _progress_line(console: Console, status: Status, t: Timeline) -> Text:
    recovery = t.full_recovery
    width = max(10, min(30, console.width - 75))
    filled = round(status.progress * width)
    left = recovery.day - max(status.day, 0)
    remaining = (
        ngettext("{count} day to go", "{count} days to go", left).format(count=left) if left > 0 else _("reached")
    )
    label, percent, when = (
        _("Progress to full recovery:") + " ",
        f" {as_percent(status.progress)},",
        f" {fmt_date(recovery.date)} ({remaining})",
    )
    narrow = len(label) + width + 2 + len(percent) + len(when) >= console.width  # then three lines
    line = Text(label.rstrip() + "\n  [" if narrow else label + "[")
    line.append(BAR_FULL * filled, style="green")
    line.append(BAR_EMPTY * (width - filled), style="dim")
    line.append("]" + percent + ("\n " if narrow else "") + when)
    return line


def _next_milestones(console: Console, status: Status, t: Timeline) -> Text:
    text = Text(_("Coming up"), style="bold")
    if not status.next_milestones:
        text.append("\n  " + _("Nothing left on the plan: keep up your exercises and your check-ups."))
    for milestone in status.next_milestones:
        days = milestone.day - status.day
        style = "bold" if milestone.kind in ("visit", "check-in") else ""
        rest = f" {countdown(days)}, {fmt_date(milestone.date)} ({week_and_range(milestone.day, milestone.range)})"
        optional = " " + _("(optional)") if milestone.optional else ""
        if len(milestone.name) + len(rest) + len(optional) + 2 >= console.width:  # narrow: wrap it all
            text.append("\n" + wrapped(console, [milestone.name + rest + optional], "    ", "  "), style=style)
            continue
        text.append(f"\n  {milestone.name}", style=style)
        text.append(rest)
        if optional:
            text.append(optional, style="dim")
    return text


def _today_activities(console: Console, status: Status, t: Timeline, kb: KnowledgeBase, notes: list[str]) -> Text:
    """Today's verdicts, one line each; where sources differ, a short marker, its note kept in `notes`."""
    text = Text(_("What you can do today") if status.day >= 0 else _("On the day of surgery"), style="bold")
    groups: tuple[tuple[str, str, tuple[TodayActivity, ...]], ...] = (
        (verdict_word("yes"), "yes", status.allowed),
        (verdict_word("limited"), "limited", status.limited),
        (verdict_word("not-yet"), "not-yet", status.not_yet),
    )
    for label, verdict, items in groups:
        if not items:
            continue
        text.append(f"\n  {label}:", style=VERDICT_STYLE[verdict])
        if verdict == "yes":  # on the label's line: what is open needs no detail
            names = wrapped(console, [f"{label}: " + ", ".join(a.name for a in items)], indent="    ", bullet="  ")
            text.append(names.removeprefix(f"  {label}:"))
            continue
        for item in items:
            detail = brief_step(item.step) if verdict == "limited" else ""
            if item.next_change_day is not None:
                changes = _("changes {date}").format(date=fmt_date(t.date_of(item.next_change_day)))
                detail += ("; " if detail else "") + changes
                if item.next_change_range is not None:
                    detail += ", " + week_and_range(item.next_change_day, item.next_change_range)
            line = item.name + (f" ({detail})" if detail else "")
            if item.sources_differ is not None:
                line += " " + differ_marker(item.sources_differ, kb, notes)
            text.append("\n" + wrapped(console, [line], indent="      ", bullet="    "))
    return text


def differ_marker(differ: SourcesDiffer, kb: KnowledgeBase, notes: list[str]) -> str:
    """'[2]': the number of this note among `notes` (added once, the same note keeps its number)."""
    note = differ_detail(differ, kb.sources)
    if note not in notes:
        notes.append(note)
    return f"[{notes.index(note) + 1}]"


def _differ_notes(console: Console, notes: list[str]) -> Text:
    """The notes the markers point to, once each, at the end of the screen."""
    text = Text(_("Sources differ"), style="bold")
    for number, note in enumerate(notes, start=1):
        text.append("\n" + wrapped(console, [f"[{number}] {note}"], indent="      ", bullet="  "), style="dim")
    return text
