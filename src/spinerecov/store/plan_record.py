"""The batch's record of the plans it wrote: for each file, what it was made from and what was written.

The record lives beside the plans, in DIR/.spinerecov-batch/ (owner-only), as
a small SQLite database: for each plan (its path inside DIR) the fingerprint
of its inputs (see batch_inputs.py) and the file as written (inode, size and
modification time, as git's index keeps them: checked without reading the
file). A rerun keeps a plan whose file is as written and whose inputs are
unchanged, and rewrites a plan of its own whose inputs changed; a file the
record does not know is never replaced without --force. Entries are added as
plans are written, a chunk at a time, so a batch that is killed can simply be
run again.

Each share of a `--part K/N` run keeps its own record (`part-K-of-N.sqlite`; a
whole run `whole.sqlite`), so machines writing shares of one list into one
folder never write the same record; the records of other splits of the list
are read too (read-only), so changing N loses nothing. A record is hostile
input like any file: anything but our own regular file with our one table is
damaged, set aside with a message, and a new record begun. An entry is only
believed while the file is still as written, and a plan without one is kept
only when its bytes are what its row gives now, so a damaged or lost entry
can cost a comparison, never a stale plan.
"""

import contextlib
import os
import re
import sqlite3
import stat
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from spinerecov.errors import OutputFileError, clip_path
from spinerecov.i18n import _

RECORD_FOLDER = ".spinerecov-batch"
"""The record's folder inside DIR."""
_NAME = re.compile(r"^(?:whole|part-([1-9][0-9]{0,5})-of-([1-9][0-9]{0,5}))\.sqlite$")
_TABLE = "CREATE TABLE plans (name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, file TEXT NOT NULL) WITHOUT ROWID"
_VERSION = 1
_STEPS_PER_CHECK = 10_000
_MAX_CHECKS = 1_000
"""A statement is stopped after 10 million steps: a lookup of one chunk takes a few thousand."""


class Made(NamedTuple):
    """One plan file as the record knows it: where (inside DIR), made from what, and the file as written."""

    name: str
    fingerprint: str
    file: str
    """The file's inode, size and modification time just after it was written (see batch_row._found)."""


class DamagedRecord(Exception):
    """A record file that is not one of ours, or not readable."""


def record_name(part: int, parts: int) -> str:
    """The record file of share `part` of `parts`."""
    return "whole.sqlite" if parts == 1 else f"part-{part}-of-{parts}.sqlite"


class PlanRecord:
    """The record of one batch run: its own file (written) and the other splits' files (read only)."""

    def __init__(self, out_dir: Path, part: int, parts: int, warn: Callable[[str], None]) -> None:
        """Open (or begin) this share's record in `out_dir`, and every other split's; `warn` hears of damage."""
        self.folder = out_dir / RECORD_FOLDER
        self.warn = warn
        self.seen: dict[str, Made] = {}
        """This share's entries for the names looked up and not yet added again (none is written twice)."""
        self.broken: set[sqlite3.Connection] = set()
        _make_folder(self.folder)
        own = self.folder / record_name(part, parts)
        self.own = _open_own(own, warn)
        self.others: list[sqlite3.Connection] = []
        for path in sorted(self.folder.iterdir()):
            found = _NAME.match(path.name)
            other_split = found is not None and (found[1] is None or int(found[2]) != parts)
            if path != own and other_split:
                with contextlib.suppress(DamagedRecord):
                    self.others.append(_open(path, "ro", warn))
        # A new folder's record is empty, and this run never asks twice about a file: nothing to look up.
        self.empty = not any(_has_entries(database) for database in [self.own, *self.others])

    def known(self, names: Sequence[str]) -> dict[str, list[Made]]:
        """What the records hold about the files `names`: this share's entry first, then other splits'."""
        found: dict[str, list[Made]] = {}
        if self.empty:
            return found
        for database in [self.own, *self.others]:
            if database in self.broken:
                continue
            try:
                entries = _lookup(database, names)
            except sqlite3.Error as exc:
                self.broken.add(database)
                self.warn(_("The batch's record cannot be read ({reason}); {what}").format(reason=exc, what=_ignored()))
                continue
            for made in entries:
                found.setdefault(made.name, []).append(made)
                if database is self.own:
                    self.seen[made.name] = made
        return found

    def add(self, made: Iterable[Made]) -> None:
        """Record plans as written (or found as they should be), in one transaction."""
        new = [entry for entry in made if self.seen.pop(entry.name, None) != entry]
        if not new:
            return
        try:
            with self.own:
                self.own.executemany("INSERT OR REPLACE INTO plans VALUES (?, ?, ?)", new)
        except sqlite3.Error as exc:
            raise OutputFileError(
                _("Cannot write the batch's record in {path}: {reason}.").format(
                    path=clip_path(self.folder), reason=exc
                )
            ) from None

    def close(self) -> None:
        """Close every record file."""
        for database in [self.own, *self.others]:
            database.close()


def _make_folder(folder: Path) -> None:
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        try:
            folder.mkdir(mode=0o700)
        except OSError as exc:
            raise OutputFileError(
                _("Cannot create the folder {path}: {reason}.").format(path=clip_path(folder), reason=exc.strerror)
            ) from None
        return
    if not stat.S_ISDIR(info.st_mode) or not _ours(info):
        raise OutputFileError(
            _("{path} should be the batch's own folder of records; move it away and run the batch again.").format(
                path=clip_path(folder)
            )
        )


def _open_own(path: Path, warn: Callable[[str], None]) -> sqlite3.Connection:
    """This share's record: the one there, or a new one when there is none or it is damaged."""
    if os.path.lexists(path):
        try:
            return _open(path, "rw", warn)
        except DamagedRecord:
            for leftover in (path, path.with_name(path.name + "-journal")):
                with contextlib.suppress(OSError):  # what cannot be removed is said below, when it is in the way
                    os.unlink(leftover)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
        database = _connect(path, "rw")
        database.execute(_TABLE)
        database.execute(f"PRAGMA user_version = {_VERSION}")
        database.commit()
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else exc
        raise OutputFileError(
            _("Cannot write the batch's record in {path}: {reason}.").format(path=clip_path(path), reason=reason)
        ) from None
    return database


def _open(path: Path, mode: str, warn: Callable[[str], None]) -> sqlite3.Connection:
    """A record that is our own regular file with our one table; DamagedRecord (after a warning) otherwise."""
    database = None
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or not _ours(info):
            raise DamagedRecord(_("it is not a file this user wrote"))
        database = _connect(path, mode)
        objects = database.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
        version = database.execute("PRAGMA user_version").fetchone()
        if objects != [("table", "plans", _TABLE)] or version != (_VERSION,):
            raise DamagedRecord(_("it does not hold a batch's record"))
    except (OSError, sqlite3.Error, DamagedRecord) as exc:
        if database is not None:
            database.close()
        reason = exc.strerror if isinstance(exc, OSError) else exc
        warn(
            _("The batch's record {path} cannot be used ({reason}); {what}").format(
                path=clip_path(path), reason=reason, what=_ignored()
            )
        )
        raise DamagedRecord(str(reason)) from None
    return database


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    from urllib.parse import quote

    database = sqlite3.connect(f"file:{quote(os.fspath(path))}?mode={mode}", uri=True, isolation_level="DEFERRED")
    database.execute("PRAGMA trusted_schema = OFF")
    # The plans are not synced one by one either: the batch syncs the filesystem once at the end.
    database.execute("PRAGMA synchronous = OFF")
    return database


def _lookup(database: sqlite3.Connection, names: Sequence[str]) -> list[Made]:
    """The entries for `names` (sqlite3.Error when the record turns out to be damaged, or a lookup runs away)."""
    if not names:
        return []
    steps = [0]

    def too_long() -> int:
        steps[0] += 1
        return int(steps[0] > _MAX_CHECKS)

    database.set_progress_handler(too_long, _STEPS_PER_CHECK)
    try:
        query = f"SELECT name, fingerprint, file FROM plans WHERE name IN ({','.join('?' * len(names))})"  # noqa: S608
        rows = database.execute(query, list(names)).fetchall()
    finally:
        database.set_progress_handler(None, 0)
    return [Made(*map(str, row)) for row in rows if len(row) == 3]


def _ignored() -> str:
    """What becomes of the plans a record that cannot be used named."""
    return _(
        "it is ignored: a plan it names is kept only when it is exactly what its row gives now, and is"
        " otherwise replaced only with --force."
    )


def _has_entries(database: sqlite3.Connection) -> bool:
    try:
        return database.execute("SELECT 1 FROM plans LIMIT 1").fetchone() is not None
    except sqlite3.Error:
        return True  # a lookup will say what is wrong with it


def _ours(info: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()
