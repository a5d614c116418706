"""The procedures and activities the knowledge base knows, as tables."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from spinerecov.i18n import _
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.output.terminal.stacked import column_widths, print_table
from spinerecov.output.wording import (
    SHORT_DISCLAIMER,
)
from spinerecov.plan.days import week_of
from spinerecov.plan.timeline import milestone_day

LONGEST_WHOLE_ALIAS = 24
"""An alias up to this long is never split across lines (a longer one is folded, so the table still fits)."""


def alias_width(aliases: Iterable[Iterable[str]]) -> int:
    """The width of an "Also called" column that keeps every alias, and the comma after it, on one line."""
    longest = max((len(alias) + 1 for names in aliases for alias in names), default=1)
    return min(longest, LONGEST_WHOLE_ALIAS)


def keep_words_whole(console: Console, table: Table, index: int, needed: int) -> None:
    """Widen column `index` to `needed` where Rich would give it less (and split a name mid-word)."""
    budget = console.width - (len(table.columns) + 1)
    widths = column_widths(console, table, budget)
    padding = 2
    if widths is not None and widths[index] - padding < needed:
        table.columns[index].width = needed


def render_procedures(console: Console, kb: KnowledgeBase) -> None:
    """The procedures the knowledge base holds."""
    table = Table(title=_("Procedures"), title_justify="left", show_lines=True)
    table.add_column(_("Id"), no_wrap=True, style="bold")
    table.add_column(_("Name"))
    table.add_column(_("Also called"), overflow="fold")
    table.add_column(_("Hospital stay"))
    table.add_column(_("Full recovery"), no_wrap=True)
    counterparts = {p.open_counterpart for p in kb.procedures.values()}
    for ident, p in kb.procedures.items():
        default = " " + _("(default)") if ident == kb.default_procedure else ""
        recovery = milestone_day(p, "full-recovery")
        # An open operation is listed to compare with; a patient's own plan never carries the words.
        name = _("{name} (for comparison)").format(name=p.name) if ident in counterparts else p.name
        table.add_row(
            Text(ident + default),
            Text(name + ("\n" + _("Codes: {codes}").format(codes=", ".join(p.codes)) if p.codes else "")),
            Text(", ".join(p.aliases)),
            Text(p.hospital_stay.text),
            Text(_("week {week}").format(week=week_of(recovery))),
        )
    print_table(console, table)
    console.print(Text(_("Use an id or any alias with --procedure, e.g. --procedure microdiscectomy."), style="dim"))
    console.print(Text(_(SHORT_DISCLAIMER), style="italic"))


def render_activities(console: Console, kb: KnowledgeBase) -> None:
    """The activity catalogue."""
    table = Table(title=_("Activities"), title_justify="left")
    table.add_column(_("Id"), no_wrap=True, style="bold")
    table.add_column(_("Name"))
    table.add_column(_("Also called"), overflow="fold")
    table.add_column(_("What it covers"))
    for ident, a in kb.activities.items():
        table.add_row(Text(ident), Text(a.name), Text(", ".join(a.aliases)), Text(a.description))
    keep_words_whole(console, table, 2, alias_width(a.aliases for a in kb.activities.values()))
    print_table(console, table)
    console.print(
        Text(_("Ask with: spinerecov can-i ACTIVITY --week N, e.g. spinerecov can-i lift --week 4."), style="dim")
    )
    console.print(Text(_(SHORT_DISCLAIMER), style="italic"))
