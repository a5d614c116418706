"""What `spinerecov batch` says on the terminal about rows, rewritten plans and a stop half-way."""

from typing import TYPE_CHECKING

import typer

from spinerecov.cli.app import say
from spinerecov.cli.language import whole
from spinerecov.errors import clip_path
from spinerecov.i18n import ngettext

if TYPE_CHECKING:
    from spinerecov.store.batch_row import BatchSettings

SHOWN_ERRORS = 20
"""Row errors printed on the terminal (by batch and due); the rest are counted (and all are in --report)."""
SHOWN_ROWS = 10
"""Line numbers or ids named in one summary line; the rest are counted (and all are in --report)."""


def with_lines(note: str, lines: list[int]) -> str:
    """A note about some rows, naming their line numbers (the first SHOWN_ROWS of them)."""
    shown = ", ".join(str(line) for line in lines[:SHOWN_ROWS]) + (", ..." if len(lines) > SHOWN_ROWS else "")
    return ngettext("{count} row (line {lines}): {note}", "{count} rows (lines {lines}): {note}", len(lines)).format(
        count=whole(len(lines)), lines=shown, note=note
    )


def interrupted(settings: "BatchSettings", written: int) -> None:
    """Ctrl-C: say how far the batch got and how to finish it, then exit 130 (as a shell does for SIGINT).

    Every plan is written whole or not at all, and a rerun keeps the plans already there, so running
    the same command again finishes the list (with --force it would write every plan again).
    """
    if settings.force:
        stopped = ngettext(
            "Interrupted: {count} plan written to {folder}; run the command again without --force to finish"
            " (it keeps the plans already written).",
            "Interrupted: {count} plans written to {folder}; run the command again without --force to finish"
            " (it keeps the plans already written).",
            written,
        )
    else:
        stopped = ngettext(
            "Interrupted: {count} plan written to {folder}; run the same command again to finish"
            " (it keeps the plans already written).",
            "Interrupted: {count} plans written to {folder}; run the same command again to finish"
            " (it keeps the plans already written).",
            written,
        )
    say(stopped.format(count=whole(written), folder=clip_path(settings.out_dir)))
    raise typer.Exit(130)


def rewrote(count: int, ids: list[str], force: bool) -> str:
    """Which plans were rewritten: their ids (the first SHOWN_ROWS), and why."""
    named = ", ".join(ids) + (", ..." if count > len(ids) else "")
    if force:
        return ngettext(
            "Rewrote {count} plan (--force): {ids}.", "Rewrote {count} plans (--force): {ids}.", count
        ).format(count=whole(count), ids=named)
    return ngettext(
        "Rewrote {count} plan whose inputs changed since it was written: {ids}.",
        "Rewrote {count} plans whose inputs changed since they were written: {ids}.",
        count,
    ).format(count=whole(count), ids=named)


def printable(text: str) -> str:
    """`text` with control characters shown as escapes, so a CSV cannot drive the terminal."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
