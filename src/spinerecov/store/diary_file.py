"""The diary's SQLite file: made owner-only, recognised as ours, and migrated forward with a copy kept first.

A diary is an SQLite database whose header carries our `application_id` and
whose `user_version` is its schema number. Anything else at the diary's path
(a text file, another program's database, a diary from a newer spinerecov, a
damaged file) is reported with its path and left exactly as it is: it is
opened read-only to be recognised, and written only once it is known to be
ours. A migration runs inside one write transaction, after a copy of the
file is kept beside it, so a failed or interrupted upgrade loses nothing.
The schemas themselves are in `diary_schema.py`.
"""

import contextlib
import os
import sqlite3
import stat
from pathlib import Path

from spinerecov.errors import DiaryError, clip_path
from spinerecov.i18n import _
from spinerecov.store.diary_schema import COLUMNS, FRESH, MIGRATIONS, SCHEMA_VERSION

APPLICATION_ID = 0x53524459
"""'SRDY' (spinerecov diary) in the database header: how we know a file is ours."""
BUSY_SECONDS = 15.0
"""How long a writer waits for another process's transaction before reporting the diary as locked."""
SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_BYTES = 100
"""The database header; the application id is its bytes 68 to 71."""


def open_for_reading(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to the diary at `path`; None when there is none yet (nothing is created).

    Raises:
        DiaryError: The file is not a diary of ours, is newer than this spinerecov, or cannot be read.
    """
    if not _check_file(path):
        return None
    connection = _connect(path, read_only=True)
    try:
        if _identify(connection, path) == 0:
            connection.close()
            return None
    except BaseException:
        connection.close()
        raise
    return connection


def open_for_writing(path: Path) -> sqlite3.Connection:
    """A connection to the diary at `path`, made (owner-only) or migrated first when needed.

    Raises:
        DiaryError: The file is not ours, is newer, is damaged, or cannot be made or written.
    """
    if not _check_file(path):
        _make_file(path)
    else:
        # Recognise the file before writing a byte: another program's database stays untouched.
        checked = _connect(path, read_only=True)
        try:
            _identify(checked, path)
        finally:
            checked.close()
    connection = _connect(path, read_only=False)
    try:
        _set_up(connection, path)
    except BaseException:
        connection.close()
        raise
    return connection


def failure(path: Path, exc: BaseException) -> DiaryError:
    """What an SQLite or file error while using the diary means, with its path."""
    reason = str(exc) if isinstance(exc, sqlite3.Error) else getattr(exc, "strerror", None) or str(exc)
    if "locked" in reason or "busy" in reason:
        return DiaryError(
            _("The diary {path} is busy (another program is writing it); nothing was changed.").format(
                path=clip_path(path)
            ),
            _("Try again in a moment."),
        )
    if isinstance(exc, sqlite3.DatabaseError) and ("malformed" in reason or "not a database" in reason):
        return _damaged(path, reason)
    return DiaryError(_("Cannot use the diary {path}: {reason}.").format(path=clip_path(path), reason=reason))


def _check_file(path: Path) -> bool:
    """Whether a file is at `path` with something in it; refuse anything that is not an SQLite file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise failure(path, exc) from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise DiaryError(
                _("The diary {path} is not a regular file; it was left as it is.").format(path=clip_path(path))
            )
        header = handle.read(HEADER_BYTES)
    if not header:
        return False  # an empty file (a diary whose first write was cut short) holds nothing to lose
    if len(header) < HEADER_BYTES or not header.startswith(SQLITE_HEADER):
        raise _foreign(path, _("it is not an SQLite database"))
    # Another program's database is known by its header alone, before SQLite opens it at all.
    if int.from_bytes(header[68:72], "big") not in (0, APPLICATION_ID):
        raise _foreign(path, _("it is another program's SQLite database"))
    return True


def _make_file(path: Path) -> None:
    """An empty owner-only file at `path`, in a folder made owner-only if it is new."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        os.close(os.open(path, flags, 0o600))
    except OSError as exc:
        raise failure(path, exc) from None


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    target = Path(os.path.abspath(path)).as_uri() + ("?mode=ro" if read_only else "?mode=rw")
    try:
        connection = sqlite3.connect(target, uri=True, timeout=BUSY_SECONDS, isolation_level=None)
    except sqlite3.Error as exc:
        raise failure(path, exc) from None
    if not read_only:
        # Removed entries are overwritten on disk, not just forgotten (patient data).
        connection.execute("PRAGMA secure_delete = ON")
    return connection


def _identify(connection: sqlite3.Connection, path: Path) -> int:
    """The diary's schema version (0: an empty database, ready to be made a diary).

    Raises:
        DiaryError: Another program's database, a newer diary, or a damaged one.
    """
    try:
        application = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        columns = tuple(row[1] for row in connection.execute("PRAGMA table_info(entries)"))
    except sqlite3.Error as exc:
        raise failure(path, exc) from None
    if application == 0 and version == 0 and not tables:
        return 0
    if application != APPLICATION_ID:
        raise _foreign(path, _("it is another program's SQLite database"))
    if version > SCHEMA_VERSION:
        raise DiaryError(
            _(
                "The diary {path} was written by a newer spinerecov (schema {found}; this one knows up to"
                " {known}); it was left as it is."
            ).format(path=clip_path(path), found=version, known=SCHEMA_VERSION),
            _("Update spinerecov to read it."),
        )
    if version < 1 or columns != COLUMNS:
        raise _damaged(path, _("its table of entries is missing or changed"))
    return int(version)


def _set_up(connection: sqlite3.Connection, path: Path) -> None:
    """Make a new diary or migrate an old one (in one transaction), then switch to WAL for concurrent writers."""
    try:
        if _identify(connection, path) != SCHEMA_VERSION:
            connection.execute("BEGIN IMMEDIATE")
            try:
                _make_or_migrate(connection, path)
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        connection.execute("PRAGMA journal_mode = WAL")
    except sqlite3.Error as exc:
        raise failure(path, exc) from None


def _make_or_migrate(connection: sqlite3.Connection, path: Path) -> None:
    """Inside the write lock, look again (another process may have done it meanwhile) and bring it up to date."""
    version = _identify(connection, path)
    if version == SCHEMA_VERSION:
        return
    if version == 0:
        for statement in FRESH:
            connection.execute(statement)
    else:
        _migrate(connection, path, version)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _migrate(connection: sqlite3.Connection, path: Path, version: int) -> None:
    """Run every migration from `version` up, after keeping a copy; a failure leaves the diary as it was."""
    copy = keep_copy(path, version)
    try:
        for step in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[step]:
                connection.execute(statement)
    except sqlite3.Error as exc:
        raise DiaryError(
            _("The diary {path} cannot be upgraded ({reason}); it was left as it is, and a copy is in {copy}.").format(
                path=clip_path(path), reason=exc, copy=clip_path(copy)
            )
        ) from None


def keep_copy(path: Path, version: int) -> Path:
    """Copy the diary (as committed) beside it, owner-only, before migrating it; the copy's path.

    The copy is itself a diary of schema `version`: `--diary COPY` reads it.
    """
    for number in range(1, 1000):
        suffix = "" if number == 1 else f"-{number}"
        copy = path.with_name(f"{path.name}.schema-{version}{suffix}.bak")
        try:
            flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            os.close(os.open(copy, flags, 0o600))
        except FileExistsError:
            continue
        except OSError as exc:
            raise failure(path, exc) from None
        source = _connect(path, read_only=True)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
        except sqlite3.Error as exc:
            raise failure(path, exc) from None
        finally:
            target.close()
            source.close()
        return copy
    raise DiaryError(_("Cannot keep a copy of the diary {path} before upgrading it.").format(path=clip_path(path)))


def _foreign(path: Path, why: str) -> DiaryError:
    return DiaryError(
        _("{path} is not a spinerecov diary ({why}); it was left as it is.").format(path=clip_path(path), why=why),
        _("Name another file with --diary or SPINERECOV_DIARY."),
    )


def _damaged(path: Path, why: str) -> DiaryError:
    return DiaryError(
        _("The diary {path} is damaged ({why}); it was left as it is.").format(path=clip_path(path), why=why),
        _("Keep a copy of it, and name another file with --diary or SPINERECOV_DIARY to start a new diary."),
    )
