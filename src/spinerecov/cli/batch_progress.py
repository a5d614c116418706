"""`batch`'s progress on a terminal: a bar and a count of rows, "1,234 of 4,000".

Nothing at all is shown when standard error is not a terminal (a file, a pipe,
CI logs); the rows are then not counted beforehand either.
"""

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from spinerecov.cli.language import whole
from spinerecov.i18n import _, ngettext


def progress_count(done: int, total: int | None) -> str:
    """'1,234 of 4,000' (or '1,234 rows' while the total is not known), in the current language."""
    if total is None:
        return ngettext("{count} row", "{count} rows", done).format(count=whole(done))
    return _("{done} of {total}").format(done=whole(done), total=whole(total))


def rows_to_count(count: Callable[[], Iterable[Any]]) -> int | None:
    """How many rows `count()` yields, on a terminal only (elsewhere no progress is shown, so None)."""
    if not sys.stderr.isatty():
        return None
    return sum(1 for _row in count())


@contextlib.contextmanager
def progress(total: int | None) -> Iterator[Callable[[], None]]:
    """A callable to advance by one row: a Rich bar with the count on a terminal, nothing elsewhere."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[count]}"))
    with Progress(*columns, console=Console(stderr=True), transient=True) as shown:
        task = shown.add_task(_("Writing plans"), total=total, count=progress_count(0, total))
        done = [0]

        def advance() -> None:
            done[0] += 1
            shown.update(task, advance=1, count=progress_count(done[0], total))

        yield advance
