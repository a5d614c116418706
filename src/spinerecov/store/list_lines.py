"""A patient list read as a stream of physical lines: one line, one patient, whatever the file holds.

Every field of a patient list is short and single-line (an id, a name, a date,
a number or a word), so each line is parsed as CSV on its own. A stray quote
then costs only the row it is on, never the rows after it; a line longer than
MAX_LINE_BYTES or one that is not UTF-8 fails its own row, never the batch.
Memory stays flat whatever the length of the list.
"""

import contextlib
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from spinerecov.errors import UsageError, clip_path
from spinerecov.i18n import _, current_language

MAX_LINE_BYTES = 64 * 1024
"""A real row is under 200 bytes; anything past this is a broken file, reported and skipped."""
SHOWN_CHARACTERS = 40
"""How much of a bad value an error message quotes."""


class RawRow(NamedTuple):
    """One line of the list: where it is, its id (possibly empty), its fields, or why it cannot be read."""

    line: int
    id: str
    fields: tuple[str, ...]
    problem: str | None


def shown(value: str) -> str:
    """`value` as an error message may quote it: control characters escaped, long text cut."""
    return escaped(value if len(value) <= SHOWN_CHARACTERS else value[:SHOWN_CHARACTERS] + "...")


def escaped(text: str) -> str:
    """`text` with control characters shown as escapes (ESC as backslash-x1b), so a file cannot drive a terminal."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def read_header(handle: BinaryIO) -> list[str]:
    """The column names from the first line (a UTF-8 byte-order mark is allowed)."""
    raw = handle.readline(MAX_LINE_BYTES + 1)
    if len(raw) > MAX_LINE_BYTES:
        raise UsageError(_("The patient list's header line is too long to be a header."))
    try:
        text = raw.decode("utf-8-sig")
        fields = next(csv.reader([text], strict=True), [])
    except (UnicodeDecodeError, csv.Error):
        raise UsageError(_("The patient list's header line is not readable CSV text (UTF-8).")) from None
    return [name.strip().lower() for name in fields]


def raw_rows(handle: BinaryIO, width: int, id_column: int) -> Iterator[RawRow]:
    """Each non-blank line after the header, split into `width` fields (line numbers count from 1)."""
    line = 1
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        line += 1
        if not raw.strip():
            continue  # a blank line holds no patient
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            _skip_rest_of_line(handle)
            too_long = _("the line is longer than {count} bytes; is the file a patient list?")
            yield RawRow(line, "", (), too_long.format(count=_bytes_limit()))
            continue
        yield _split(line, raw, width, id_column)


def _split(line: int, raw: bytes, width: int, id_column: int) -> RawRow:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return RawRow(line, "", (), _("the line is not UTF-8 text; save the list as CSV UTF-8"))
    try:
        fields = tuple(next(csv.reader([text], strict=True)))
    except csv.Error:
        ident = text.split(",", 1)[0].strip() if id_column == 0 else ""
        return RawRow(line, shown(ident), (), _('has a quote (") that is not closed on its own line; fix the quoting'))
    ident = fields[id_column].strip() if id_column < len(fields) else ""
    if len(fields) > width:
        values = _("has {count} values but the header has {width}").format(count=len(fields), width=width)
        return RawRow(line, shown(ident), (), values)
    # Trailing empty values may be left out, as spreadsheets do.
    return RawRow(line, ident, fields + ("",) * (width - len(fields)), None)


def _bytes_limit() -> str:
    """MAX_LINE_BYTES as people read it: '65,536' / '65.536'."""
    if current_language() == "en":
        return f"{MAX_LINE_BYTES:,}"
    from spinerecov.i18n.formats import decimal

    return decimal(MAX_LINE_BYTES)


def _skip_rest_of_line(handle: BinaryIO) -> None:
    while True:
        chunk = handle.readline(MAX_LINE_BYTES)
        if not chunk or chunk.endswith(b"\n"):
            return


@contextlib.contextmanager
def open_patient_list(patients: Path) -> Iterator[BinaryIO]:
    """The patient list, opened for reading as bytes (each line is decoded on its own).

    Raises:
        UsageError: The path is not a regular file, or it cannot be opened.
    """
    import os
    import stat

    try:
        if not stat.S_ISREG(os.stat(patients).st_mode):
            raise UsageError(_("The patient list {path} is not a regular file.").format(path=clip_path(patients)))
        handle = patients.open("rb")
    except OSError as exc:
        reason = exc.strerror or exc
        raise UsageError(
            _("Cannot read the patient list {path}: {reason}.").format(path=clip_path(patients), reason=reason)
        ) from None
    with handle:
        yield handle
