"""Procedures side by side in the terminal."""

from rich.console import Console
from rich.table import Table
from rich.text import Text

from spinerecov.i18n import _
from spinerecov.knowledge.models import DayRange, KnowledgeBase
from spinerecov.output.terminal.console import wrapped
from spinerecov.output.terminal.stacked import print_table
from spinerecov.output.wording import (
    compared_differences,
    compared_value,
    red_flag_pointer,
)
from spinerecov.plan.compare import Comparison, compared_sections


def render_comparison(console: Console, comparison: Comparison, kb: KnowledgeBase) -> None:
    """Procedures side by side; rows where they differ are marked with * (and bold)."""
    table = Table(title=_("Compared (days or weeks after surgery; * = they differ)"), title_justify="left")
    table.add_column("", no_wrap=True)
    table.add_column("")
    for name in comparison.names:
        table.add_column(Text(name))
    table.add_row(Text(""), Text(_("Hospital stay"), style="bold"), *(Text(s) for s in comparison.stays))
    for section, rows in compared_sections(comparison):
        table.add_section()
        table.add_row(Text(""), Text(section, style="bold italic"), *(Text("") for _name in comparison.names))
        for row in rows:
            style = "bold" if row.differs else ""
            cells = (Text(_week(day, r), style=style) for day, r in zip(row.days, row.ranges, strict=True))
            table.add_row(Text("*" if row.differs else "", style="yellow"), Text(row.label, style=style), *cells)
    print_table(console, table, head_columns=2)
    console.print(Text(_("In brackets: the range the sources give (most people)."), style="dim"))
    differing = compared_differences(comparison, kb.sources)
    if differing:
        heading = _("Where sources differ (ask your surgeon which applies to you)")
        note = Text(wrapped(console, [heading]), style="italic")
        note.append("\n" + wrapped(console, differing, indent="    ", bullet="  - "), style="dim")
        console.print(note, soft_wrap=True)
    console.print(Text(_("'ask surgeon': only with your surgeon's clearance, never automatically."), style="dim"))
    console.print(Text(red_flag_pointer(kb.red_flags, kb.clinic), style="bold"))
    console.print(Text(kb.disclaimer, style="italic"))


def _week(day: int | None, sourced: DayRange | None) -> str:
    return compared_value(day, sourced).replace(" (", "\n(")
