"""Tables that stay readable in narrow terminals: a table where it fits, else one block per row.

Rich squeezes a table that is wider than the terminal until cells read "…"
or columns vanish. Where even each column's longest word does not fit, we
print the same cells stacked instead: the row's heading, then one
"Column: value" line per cell beneath it (a cell's further lines indented
under it), wrapped to the terminal.
"""

from __future__ import annotations

import copy

from rich.box import Box
from rich.console import Console, ConsoleOptions, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Column, Table
from rich.text import Text

FOLDED_WORD = 12
"""The narrowest a folding column may get (padding included) before a table is stacked instead."""

_RULER = Box("+-++\n| ||\n|-+|\n| ||\n|-+|\n|-+|\n| ||\n+-++\n", ascii=True)
"""A box whose top edge marks every column with "+", so that the widths Rich gives the columns can be read."""


def fits(console: Console, table: Table) -> bool:
    """Whether Rich would give every column of `table` at least its longest word (no-wrap cells: their text).

    Rich shares out a too-narrow width without regard to each column's minimum
    (a column can shrink to nothing), so compare the widths it uses with the
    minimums (a folding column needs only FOLDED_WORD). Both come from Rich's
    public API: the widths from the top edge of the same table drawn with a
    ruler box, the minimums from measuring each cell as the table pads it.
    """
    if not table.columns:
        return True
    budget = console.width - _border_width(table)
    options = console.options.update_width(budget)
    widths = column_widths(console, table, budget)
    if widths is None:
        return False
    for index, (width, column) in enumerate(zip(widths, table.columns, strict=True)):
        needed = _minimum(console, options, table, index, column)
        if column.overflow == "fold":  # long words may break across lines there, within reason
            needed = min(needed, FOLDED_WORD)
        if width < needed:
            return False
    return True


def column_widths(console: Console, table: Table, budget: int) -> list[int] | None:
    """The width (padding included) Rich gives each column of `table` when its cells have `budget` in all.

    The table is drawn again with a ruler box and no title; its top edge shows each
    column's width between "+" marks. None when the edge cannot be read.
    """
    ruler = copy.copy(table)
    ruler.box, ruler.show_edge = _RULER, True
    ruler.title = ruler.caption = None
    options = console.options.update_width(budget + _border_width(ruler))
    edge = ""
    for segment in console.render(ruler, options):
        edge += segment.text
        if "\n" in segment.text:
            break
    edge = edge.split("\n", 1)[0].strip()
    runs = edge[1:-1].split("+")
    if len(edge) < 2 or edge[0] != "+" or edge[-1] != "+" or len(runs) != len(table.columns):
        return None
    return [len(run) for run in runs]


def _border_width(table: Table) -> int:
    """The cells' share of a table's width that its box takes: the outer edges and one line between columns."""
    if not table.box:
        return 0
    return (2 if table.show_edge else 0) + len(table.columns) - 1


def _minimum(console: Console, options: ConsoleOptions, table: Table, index: int, column: Column) -> int:
    """The narrowest `column` can be without breaking a word (padding included), as the table measures it."""
    if options.max_width < 1:
        return 0
    padding = _padding_width(table, index)
    if column.width is not None:
        return min(column.width + padding, options.max_width)
    cells: list[RenderableType] = [column.header] if table.show_header else []
    cells += list(column.cells)
    if table.show_footer:
        cells.append(column.footer)
    if any(table.padding):
        left, right = _side_padding(table, index)
        cells = [Padding(cell, (0, right, 0, left)) for cell in cells]
    minimum = max((Measurement.get(console, options, cell).minimum for cell in cells), default=1)
    measured = Measurement(minimum, minimum).with_maximum(options.max_width)
    least = None if column.min_width is None else column.min_width + padding
    most = None if column.max_width is None else column.max_width + padding
    return measured.clamp(least, most).minimum


def _padding_width(table: Table, index: int) -> int:
    """The padding `Table` counts for a column when it applies a fixed, minimum or maximum width."""
    _top, right, _bottom, left = table.padding
    if table.collapse_padding:
        left = 0
    if not table.pad_edge:
        left = 0 if index == 0 else left
        right = 0 if index == len(table.columns) - 1 else right
    return left + right


def _side_padding(table: Table, index: int) -> tuple[int, int]:
    """The left and right padding of the cells of column `index` (what `Table` pads them with)."""
    _top, right, _bottom, left = table.padding
    if table.collapse_padding and index > 0:
        left = max(0, left - right)
    if not table.pad_edge:
        left = 0 if index == 0 else left
        right = 0 if index == len(table.columns) - 1 else right
    return left, right


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
