"""Tables that stay readable in narrow terminals: a table where it fits, else one block per row.

Rich squeezes a table that is wider than the terminal until cells read "…"
or columns vanish. Where even each column's longest word does not fit, we
print the same cells stacked instead: the row's heading, then one
"Column: value" line per cell beneath it (a cell's further lines indented
under it), wrapped to the terminal.
"""

from __future__ import annotations

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

FOLDED_WORD = 12
"""The narrowest a folding column may get (padding included) before a table is stacked instead."""


def fits(console: Console, table: Table) -> bool:
    """Whether Rich would give every column of `table` at least its longest word (no-wrap cells: their text).

    Rich shares out a too-narrow width without regard to each column's minimum
    (a column can shrink to nothing), so compare the widths it would use with
    the minimums (a folding column needs only FOLDED_WORD). `_calculate_column_widths` and `_measure_column` are what
    `Table` itself renders with (unchanged from Rich 13 to 15).
    """
    options = console.options.update_width(console.width - table._extra_width)
    widths = table._calculate_column_widths(console, options)
    for width, column in zip(widths, table.columns, strict=True):
        needed = table._measure_column(console, options, column).minimum
        if column.overflow == "fold":  # long words may break across lines there, within reason
            needed = min(needed, FOLDED_WORD)
        if width < needed:
            return False
    return True


def print_table(console: Console, table: Table, head_columns: int = 1, fits_from: int | None = None) -> None:
    """Print `table`, or its rows stacked when it does not fit (the first `head_columns` cells head each row).

    `fits_from`: a width from which the table is known to fit, so that the
    measuring (a few milliseconds for a large table) is skipped there.
    """
    if (fits_from is not None and console.width >= fits_from) or fits(console, table):
        console.print(table)
        return
    if table.title:
        console.print(Text(str(table.title), style="italic"))
    for row in stacked_rows(table, head_columns):
        console.print(row)


def stacked_rows(table: Table, head_columns: int = 1) -> list[Text | Padding]:
    """Each row as a bold heading, then its other non-empty cells as "Header: value" lines, indented."""
    columns = [list(column.cells) for column in table.columns]
    headers = [_plain(column.header) for column in table.columns]
    blocks: list[Text | Padding] = []
    for index in range(table.row_count):
        cells = [_as_text(column[index]) for column in columns]
        heading = Text(" ").join(cell for cell in cells[:head_columns] if cell.plain)
        heading.stylize("bold")
        fields = Text("\n").join(
            Text.assemble(f"{header}: " if header else "", Text("\n  ").join(cell.split("\n")))
            for header, cell in zip(headers[head_columns:], cells[head_columns:], strict=True)
            if cell.plain
        )
        blocks.append(heading)
        if fields.plain:
            blocks.append(Padding(fields, (0, 0, 0, 2), expand=False))
    return blocks


def _plain(value: object) -> str:
    return value.plain if isinstance(value, Text) else str(value)


def _as_text(cell: object) -> Text:
    return cell if isinstance(cell, Text) else Text(str(cell))
