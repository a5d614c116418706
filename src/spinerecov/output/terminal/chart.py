"""The plan as bars across weeks, drawn in the terminal."""

from rich.console import Console
from rich.text import Text

from spinerecov.i18n import _, ngettext
from spinerecov.output.chart import LABEL_WIDTH, build_chart
from spinerecov.plan.timeline import Timeline

CHART_STYLE = {"bar": "cyan", "done": "dim", "today": "bold red", "milestone": "yellow", "axis": "dim", "blank": ""}


def render_chart(console: Console, t: Timeline) -> None:
    """The plan as bars across weeks with milestones and a today line; a notice when too narrow."""
    chart = build_chart(t, console.width)
    if chart is None:
        console.print(
            Text(
                _("(The chart needs at least {needed} columns; this terminal has {width}.)").format(
                    needed=LABEL_WIDTH + 21, width=console.width
                )
            )
        )
        return
    title = _("Chart")
    text = Text(title, style="bold")
    days = chart.days_per_cell
    scale = ngettext("one column = {count} day;", "one column = {count} days;", days).format(count=days)
    legend = _("= phase, # past, | today, * milestone")
    # Narrow terminals: the legend goes on its own line rather than past the edge.
    fits = len(title) + 2 + len(scale) + 1 + len(legend) <= console.width
    text.append(f"  {scale}" + (" " if fits else "\n") + legend, style="dim")
    for row in chart.rows:
        text.append("\n" + row.label.ljust(LABEL_WIDTH))
        for char, kind in row.cells:
            text.append(char, style=CHART_STYLE[kind])
    console.print(text, soft_wrap=True)
