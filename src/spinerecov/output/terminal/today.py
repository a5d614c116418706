"""The status screen: where you are today, what is next, what you can do."""

from rich.console import Console
from rich.text import Text

from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.output.terminal.chart import render_chart
from spinerecov.output.terminal.console import VERDICT_STYLE, render_red_flags, wrapped
from spinerecov.output.wording import (
    brief_step,
    describe_factors,
    describe_range,
    differ_line,
    fmt_date,
    range_note,
)
from spinerecov.plan.days import week_of
from spinerecov.plan.timeline import Timeline
from spinerecov.plan.today import Status, TodayActivity

BAR_FULL, BAR_EMPTY = "#", "-"
"""The progress bar: filled and empty cells."""


def countdown(days: int) -> str:
    """'today', 'tomorrow' or 'in 3 days'."""
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


def render_status(console: Console, status: Status, t: Timeline, kb: KnowledgeBase) -> None:
    """Today: where you are, progress, what is next, what you can do, the chart, the red flags."""
    text = Text(wrapped(console, [t.procedure.name]) + "\n", style="bold")
    if status.day < 0:
        where = f"Surgery {countdown(-status.day)}, {fmt_date(t.surgery_date)}. Here is the plan ahead."
    else:
        where = f"Today, {fmt_date(t.today)}: day {status.day}, week {week_of(status.day)} after surgery."
    text.append(wrapped(console, [where]) + "\n")
    if status.phase is not None:
        phase = status.phase
        text.append("Phase: ", style="bold")
        dates = f"{phase.name} ({fmt_date(phase.start_date)} to {fmt_date(phase.end_date)})"
        text.append(wrapped(console, [f"Phase: {dates}"]).removeprefix("Phase: ") + "\n")
        text.append(wrapped(console, [status.phase.expect], indent="  ", bullet="  ") + "\n", style="dim")
    factors = describe_factors(t.factors)
    if factors:
        text.append(f"Your factors: {', '.join(factors)}\n")
    text.append(_progress_line(console, status, t))
    console.print(text, soft_wrap=True)
    console.print()
    console.print(_next_milestones(console, status, t), soft_wrap=True)
    console.print()
    console.print(_today_activities(console, status, t, kb), soft_wrap=True)
    console.print()
    render_chart(console, t)
    console.print()
    render_red_flags(console, t.red_flags, kb.disclaimer, t.clinic)


def _progress_line(console: Console, status: Status, t: Timeline) -> Text:
    recovery = t.full_recovery
    width = max(10, min(30, console.width - 75))
    filled = round(status.progress * width)
    left = recovery.day - max(status.day, 0)
    remaining = f"{left} days to go" if left > 0 else "reached"
    label, percent, when = (
        "Progress to full recovery: ",
        f" {status.progress:.0%},",
        f" {fmt_date(recovery.date)} ({remaining})",
    )
    narrow = len(label) + width + 2 + len(percent) + len(when) >= console.width  # then three lines
    line = Text(label.rstrip() + "\n  [" if narrow else label + "[")
    line.append(BAR_FULL * filled, style="green")
    line.append(BAR_EMPTY * (width - filled), style="dim")
    line.append("]" + percent + ("\n " if narrow else "") + when)
    return line


def _next_milestones(console: Console, status: Status, t: Timeline) -> Text:
    text = Text("Coming up", style="bold")
    if not status.next_milestones:
        text.append("\n  Nothing left on the plan: keep up your exercises and your check-ups.")
    for milestone in status.next_milestones:
        days = milestone.day - status.day
        style = "bold" if milestone.kind in ("visit", "check-in") else ""
        rest = f" {countdown(days)}, {fmt_date(milestone.date)} {range_note(milestone.range)}"
        optional = " (optional)" if milestone.optional else ""
        if len(milestone.name) + len(rest) + len(optional) + 2 >= console.width:  # narrow: wrap it all
            text.append("\n" + wrapped(console, [milestone.name + rest + optional], "    ", "  "), style=style)
            continue
        text.append(f"\n  {milestone.name}", style=style)
        text.append(rest)
        if optional:
            text.append(optional, style="dim")
    return text


def _today_activities(console: Console, status: Status, t: Timeline, kb: KnowledgeBase) -> Text:
    text = Text("What you can do today" if status.day >= 0 else "On the day of surgery", style="bold")
    groups: tuple[tuple[str, str, tuple[TodayActivity, ...]], ...] = (
        ("Yes", "yes", status.allowed),
        ("Limited", "limited", status.limited),
        ("Not yet", "not-yet", status.not_yet),
    )
    for label, verdict, items in groups:
        if not items:
            continue
        text.append(f"\n  {label}:", style=VERDICT_STYLE[verdict])
        if verdict == "yes":
            text.append("\n" + wrapped(console, [", ".join(a.name for a in items)], indent="    ", bullet="    "))
            continue
        for item in items:
            detail = brief_step(item.step) if verdict == "limited" else ""
            if item.next_change_day is not None:
                detail += ("; " if detail else "") + f"changes {fmt_date(t.date_of(item.next_change_day))}"
                if item.next_change_range is not None:
                    detail += f", most people: {describe_range(item.next_change_range)}"
            line = item.name + (f" ({detail})" if detail else "")
            text.append("\n" + wrapped(console, [line], indent="      ", bullet="    "))
            if item.sources_differ is not None:
                note = differ_line(item.sources_differ, kb.sources)
                text.append("\n" + wrapped(console, [note], indent="        ", bullet="        "), style="dim")
    return text
