"""The plan as bars across weeks, drawn in the terminal."""

from rich.console import Console
from rich.text import Text

from spinerecov.output.chart import LABEL_WIDTH, build_chart
from spinerecov.plan.timeline import Timeline

CHART_STYLE = {"bar": "cyan", "done": "dim", "today": "bold red", "milestone": "yellow", "axis": "dim", "blank": ""}


def render_chart(console: Console, t: Timeline) -> None:
    """The plan as bars across weeks with milestones and a today line; a notice when too narrow."""
    chart = build_chart(t, console.width)
    if chart is None:
        console.print(
            Text(f"(The chart needs at least {LABEL_WIDTH + 21} columns; this terminal has {console.width}.)")
        )
        return
    text = Text("Chart", style="bold")
    scale = f"one column = {chart.days_per_cell} day{'s' if chart.days_per_cell > 1 else ''};"
    legend = "= phase, # past, | today, * milestone"
    # Narrow terminals: the legend goes on its own line rather than past the edge.
    fits = len("Chart  ") + len(scale) + 1 + len(legend) <= console.width
    text.append(f"  {scale}" + (" " if fits else "\n") + legend, style="dim")
    for row in chart.rows:
        text.append("\n" + row.label.ljust(LABEL_WIDTH))
        for char, kind in row.cells:
            text.append(char, style=CHART_STYLE[kind])
    console.print(text, soft_wrap=True)
