"""Rich output for living with the plan: the status screen, the chart, and procedure comparison.

Like render.py, this renders only; the layouts are computed by the pure
`status`, `chart` and `compare` modules. Every screen that shows a plan ends
with the red flags and the disclaimer.
"""

from rich.console import Console
from rich.table import Table
from rich.text import Text

from spinerecov.chart import LABEL_WIDTH, build_chart
from spinerecov.compare import Comparison, compared_differences, compared_sections, compared_value
from spinerecov.formatting import (
    brief_step,
    describe_factors,
    describe_range,
    differ_line,
    fmt_date,
    range_note,
    red_flag_pointer,
)
from spinerecov.models import DayRange, KnowledgeBase
from spinerecov.render import VERDICT_STYLE, render_red_flags, wrapped
from spinerecov.status import Status, TodayActivity
from spinerecov.timeline import Timeline, week_of

CHART_STYLE = {"bar": "cyan", "done": "dim", "today": "bold red", "milestone": "yellow", "axis": "dim", "blank": ""}
BAR_FULL, BAR_EMPTY = "#", "-"


def countdown(days: int) -> str:
    """'today', 'tomorrow' or 'in 3 days'."""
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


def render_status(console: Console, status: Status, t: Timeline, kb: KnowledgeBase) -> None:
    """Today: where you are, progress, what is next, what you can do, the chart, the red flags."""
    text = Text(f"{t.procedure.name}\n", style="bold")
    if status.day < 0:
        text.append(f"Surgery {countdown(-status.day)}, {fmt_date(t.surgery_date)}. Here is the plan ahead.\n")
    else:
        text.append(f"Today, {fmt_date(t.today)}: day {status.day}, week {week_of(status.day)} after surgery.\n")
    if status.phase is not None:
        text.append("Phase: ", style="bold")
        text.append(f"{status.phase.name} ({fmt_date(status.phase.start_date)} to {fmt_date(status.phase.end_date)})\n")
        text.append(wrapped(console, [status.phase.expect], indent="  ", bullet="  ") + "\n", style="dim")
    factors = describe_factors(t.factors)
    if factors:
        text.append(f"Your factors: {', '.join(factors)}\n")
    text.append(_progress_line(console, status, t))
    console.print(text, soft_wrap=True)
    console.print()
    console.print(_next_milestones(status, t), soft_wrap=True)
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
    line = Text("Progress to full recovery: [")
    line.append(BAR_FULL * filled, style="green")
    line.append(BAR_EMPTY * (width - filled), style="dim")
    left = recovery.day - max(status.day, 0)
    remaining = f"{left} days to go" if left > 0 else "reached"
    line.append(f"] {status.progress:.0%}, {fmt_date(recovery.date)} ({remaining})")
    return line


def _next_milestones(status: Status, t: Timeline) -> Text:
    text = Text("Coming up", style="bold")
    if not status.next_milestones:
        text.append("\n  Nothing left on the plan: keep up your exercises and your check-ups.")
    for milestone in status.next_milestones:
        days = milestone.day - status.day
        text.append(f"\n  {milestone.name}", style="bold" if milestone.kind in ("visit", "check-in") else "")
        text.append(f" {countdown(days)}, {fmt_date(milestone.date)} {range_note(milestone.range)}")
        if milestone.optional:
            text.append(" (optional)", style="dim")
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


def render_chart(console: Console, t: Timeline) -> None:
    """The plan as bars across weeks with milestones and a today line; a notice when too narrow."""
    chart = build_chart(t, console.width)
    if chart is None:
        console.print(
            Text(f"(The chart needs at least {LABEL_WIDTH + 21} columns; this terminal has {console.width}.)")
        )
        return
    text = Text("Chart", style="bold")
    text.append(
        f"  one column = {chart.days_per_cell} day{'s' if chart.days_per_cell > 1 else ''};"
        " = phase, # past, | today, * milestone",
        style="dim",
    )
    for row in chart.rows:
        text.append("\n" + row.label.ljust(LABEL_WIDTH))
        for char, kind in row.cells:
            text.append(char, style=CHART_STYLE[kind])
    console.print(text, soft_wrap=True)


def render_comparison(console: Console, comparison: Comparison, kb: KnowledgeBase) -> None:
    """Procedures side by side; rows where they differ are marked with * (and bold)."""
    table = Table(title="Compared (days or weeks after surgery; * = they differ)", title_justify="left")
    table.add_column("", no_wrap=True)
    table.add_column("")
    for name in comparison.names:
        table.add_column(Text(name), overflow="fold")
    table.add_row(Text(""), Text("Hospital stay", style="bold"), *(Text(s) for s in comparison.stays))
    for section, rows in compared_sections(comparison):
        table.add_section()
        table.add_row(Text(""), Text(section, style="bold italic"), *(Text("") for _ in comparison.names))
        for row in rows:
            style = "bold" if row.differs else ""
            cells = (Text(_week(day, r), style=style) for day, r in zip(row.days, row.ranges, strict=True))
            table.add_row(Text("*" if row.differs else "", style="yellow"), Text(row.label, style=style), *cells)
    console.print(table)
    console.print(Text("In brackets: the range the sources give (most people).", style="dim"))
    differing = compared_differences(comparison, kb.sources)
    if differing:
        note = Text("Where sources differ (ask your surgeon which applies to you)", style="italic")
        note.append("\n" + wrapped(console, differing, indent="    ", bullet="  - "), style="dim")
        console.print(note, soft_wrap=True)
    console.print(Text("'ask surgeon': only with your surgeon's clearance, never automatically.", style="dim"))
    console.print(Text(red_flag_pointer(kb.red_flags, kb.clinic), style="bold"))
    console.print(Text(kb.disclaimer, style="italic"))


def _week(day: int | None, sourced: DayRange | None) -> str:
    return compared_value(day, sourced).replace(" (", "\n(")
