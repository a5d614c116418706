"""The patient's diary: every saved check-in and questionnaire, in a private SQLite database.

This is the one API the commands use (`check-in` and `questionnaire` save,
`diary` and `summary` read). One entry is one row, written in one
transaction, so several processes can save at once and all their entries
land. The file itself (made, recognised, migrated) is `diary_file.py`; what
an entry's payload may hold is `diary_payloads.py`.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from spinerecov.errors import DiaryError, clip_path
from spinerecov.i18n import N_, _

if TYPE_CHECKING:
    import sqlite3

__all__ = [
    "DIARY_ENV",
    "DiaryEntry",
    "DiaryError",
    "NewEntry",
    "clear_entries",
    "diary_location",
    "read_entries",
    "remove_entry",
    "save_entry",
]

DIARY_ENV = "SPINERECOV_DIARY"
MAX_ENTRIES = 100_000
"""The most entries a diary is read with (more than 270 years of daily check-ins): a bigger file is not ours."""
KINDS = ("check-in", "questionnaire")
EntryKind = Literal["check-in", "questionnaire"]


@dataclass(frozen=True)
class NewEntry:
    """An entry to save: what kind, the day its answers are for, the patient's plan, and its payload."""

    kind: EntryKind
    on: dt.date
    """The day the answers are for (`--on`)."""
    procedure: str
    """The procedure id of the patient's plan."""
    surgery_date: dt.date
    payload: Mapping[str, object]
    """JSON-able, of its kind's shape (diary_payloads.py)."""


@dataclass(frozen=True)
class DiaryEntry(NewEntry):
    """A saved entry, with its id (never given twice in one diary) and when it was saved (UTC)."""

    entry_id: int
    saved_at: dt.datetime


def diary_location(explicit: Path | None) -> Path:
    """Where the diary is: `--diary FILE`, else $SPINERECOV_DIARY, else diary.sqlite3 in the user's data folder."""
    if explicit is not None:
        return explicit
    from spinerecov.knowledge.loader import from_environment

    chosen = from_environment(DIARY_ENV, N_("a diary file"))
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_data_dir("spinerecov")) / "diary.sqlite3"


def save_entry(path: Path, entry: NewEntry) -> int:
    """Save `entry` in the diary at `path` (made owner-only if new) and return its id.

    Raises:
        DiaryError: The entry is not valid, or the diary cannot be written (not ours, damaged, full, locked).
    """
    import sqlite3

    from spinerecov.store.diary_file import failure, open_for_writing
    from spinerecov.store.diary_payloads import PayloadProblem, encode_payload
    from spinerecov.store.diary_schema import MAX_PAYLOAD_CHARS

    try:
        if entry.kind not in KINDS or not 1 <= len(entry.procedure) <= 100:
            raise PayloadProblem(
                _("unknown kind of entry '{kind}'").format(kind=entry.kind[:40])
                if entry.kind not in KINDS
                else _("the procedure id is empty or too long")
            )
        payload = encode_payload(entry.kind, entry.payload, MAX_PAYLOAD_CHARS)
    except PayloadProblem as exc:
        raise DiaryError(
            _("This entry cannot be saved in the diary {path}: {problem}.").format(path=clip_path(path), problem=exc)
        ) from None
    saved_at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)  # noqa: UP017 - mypy's target
    values = (entry.kind, entry.on.isoformat(), entry.procedure, entry.surgery_date.isoformat(), payload)
    connection = open_for_writing(path)
    try:
        with _transaction(connection):
            cursor = connection.execute(
                "INSERT INTO entries (kind, on_day, procedure, surgery_date, payload, saved_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (*values, saved_at.isoformat()),
            )
        return int(cursor.lastrowid or 0)
    except sqlite3.Error as exc:
        raise failure(path, exc) from None
    finally:
        connection.close()


def read_entries(path: Path, *, since: dt.date | None = None, kind: str | None = None) -> list[DiaryEntry]:
    """The diary's entries, by day and then in the order they were saved; [] when there is no diary (none is made).

    Args:
        path: The diary file.
        since: Only entries for this day or later.
        kind: Only entries of this kind ("check-in" or "questionnaire").

    Raises:
        DiaryError: The file is not a diary of ours, is damaged, or an entry in it is not valid.
    """
    import sqlite3

    from spinerecov.store.diary_file import failure, open_for_reading

    connection = open_for_reading(path)
    if connection is None:
        return []
    query = "SELECT entry_id, kind, on_day, procedure, surgery_date, payload, saved_at FROM entries"
    conditions = [("on_day >= ?", since.isoformat()) if since else None, ("kind = ?", kind) if kind else None]
    given = [condition for condition in conditions if condition is not None]
    if given:
        query += " WHERE " + " AND ".join(text for text, _value in given)
    query += f" ORDER BY on_day, entry_id LIMIT {MAX_ENTRIES + 1}"
    try:
        rows = connection.execute(query, [value for _text, value in given]).fetchall()
    except sqlite3.Error as exc:
        raise failure(path, exc) from None
    finally:
        connection.close()
    if len(rows) > MAX_ENTRIES:
        raise DiaryError(
            _("The diary {path} holds more than {count} entries; it is not read.").format(
                path=clip_path(path), count=MAX_ENTRIES
            )
        )
    return [_entry(path, row) for row in rows]


def remove_entry(path: Path, entry_id: int) -> bool:
    """Remove the entry `entry_id`; whether there was one (a missing diary is not made)."""
    return _delete(path, "DELETE FROM entries WHERE entry_id = ?", (entry_id,)) > 0


def clear_entries(path: Path) -> int:
    """Remove every entry (ids are still never given again); how many there were (a missing diary is not made)."""
    return _delete(path, "DELETE FROM entries", ())


def _delete(path: Path, statement: str, values: tuple[int, ...]) -> int:
    import sqlite3

    from spinerecov.store.diary_file import failure, open_for_reading, open_for_writing

    existing = open_for_reading(path)
    if existing is None:
        return 0
    existing.close()
    connection = open_for_writing(path)
    try:
        with _transaction(connection):
            removed = connection.execute(statement, values).rowcount
        # Leave no copy of what was removed in the write-ahead log either.
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return int(removed)
    except sqlite3.Error as exc:
        raise failure(path, exc) from None
    finally:
        connection.close()


class _transaction:  # noqa: N801 - used as a statement: `with _transaction(connection):`
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error: a writer waits for the others, never half-writes."""

    def __init__(self, connection: "sqlite3.Connection") -> None:
        self.connection = connection

    def __enter__(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self.connection.execute("COMMIT" if kind is None else "ROLLBACK")


def _entry(path: Path, row: tuple[object, ...]) -> DiaryEntry:
    """One row as an entry, checked: a row edited by hand is reported with its id, never shown as it is."""
    from spinerecov.store.diary_payloads import PayloadProblem, decode_payload
    from spinerecov.store.diary_schema import MAX_PAYLOAD_CHARS

    entry_id, kind, on_day, procedure, surgery_date, payload, saved_at = row
    try:
        if not isinstance(entry_id, int) or not all(
            isinstance(value, str) for value in (kind, on_day, procedure, surgery_date, payload, saved_at)
        ):
            raise PayloadProblem(_("a value of the wrong type"))
        assert isinstance(kind, str) and isinstance(payload, str)  # noqa: S101 - checked just above
        data = decode_payload(kind, payload, MAX_PAYLOAD_CHARS)
        saved = dt.datetime.fromisoformat(str(saved_at))
        if saved.tzinfo is None or not 1 <= len(str(procedure)) <= 100:
            raise PayloadProblem(_("its time of saving or its procedure is not valid"))
        return DiaryEntry(
            kind,  # type: ignore[arg-type]  # one of KINDS: decode_payload knows no other
            dt.date.fromisoformat(str(on_day)),
            str(procedure),
            dt.date.fromisoformat(str(surgery_date)),
            data,
            entry_id,
            saved,
        )
    except (PayloadProblem, ValueError) as exc:
        raise DiaryError(
            _("Entry {entry} of the diary {path} is not valid ({problem}); it was left as it is.").format(
                entry=entry_id, path=clip_path(path), problem=exc
            ),
            _("Remove it with 'spinerecov diary remove {entry}'.").format(entry=entry_id),
        ) from None
