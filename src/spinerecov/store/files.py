"""The only code that writes files: atomic writes that never clobber without consent."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from spinerecov.errors import OutputFileError, clip_path
from spinerecov.i18n import _

STALE_TEMP_SECONDS = 10 * 60
"""A temporary file of ours older than this was left by a write that was killed: it is removed."""
_TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
"""`.NAME.XXXXXXXX.tmp`, as made below by mkstemp."""
_swept: set[str] = set()
"""Folders already cleared of stale temporary files in this process (a batch writes thousands)."""
_NO_MODES = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS}
"""What a filesystem without Unix permissions (FAT, exFAT, some SMB shares) answers to chmod."""


def write_atomic(
    path: str | os.PathLike[str],
    content: str | bytes,
    *,
    force: bool = False,
    private: bool = False,
    make_parents: bool = False,
    durable: bool = True,
    warn: Callable[[str], None] | None = None,
) -> Path:
    """Write `content` to `path` all at once, or not at all.

    The text goes to a temporary file beside `path`, which then takes its
    place, so a reader never sees half a file and a failure leaves no trace.
    Temporary files that a killed write left in the folder are removed first.

    Args:
        path: Where to write.
        content: Text (written as UTF-8) or bytes.
        force: Replace an existing regular file; without it an existing file is an error. A device,
            FIFO or socket is never replaced (a symlink is replaced itself; its target is never written).
        private: Make the file readable by its owner only (patient data).
        make_parents: Create missing folders (for caches, not for user output).
        durable: fsync the file before it takes its place. A batch passes False
            and syncs the whole folder once at the end instead.
        make_parents: Create missing folders, the last one readable by its owner only (the profile's).
        warn: Told when the file was written but its permissions could not be set (a FAT USB stick).

    Returns:
        The path written.

    Raises:
        OutputFileError: The file exists (without `force`), is not a regular file, or cannot be written.
    """
    target = Path(path)
    shown = clip_path(target)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        _check_target(target, force)
        if make_parents:
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _sweep_stale_temporaries(target.parent)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputFileError(
            _("Cannot write {path}: {reason}.").format(path=shown, reason=exc.strerror or exc)
        ) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
            _set_mode(handle.fileno(), private, shown, warn)
        _move_into_place(temporary, target, force)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputFileError(
            _("Cannot write {path}: {reason}.").format(path=shown, reason=exc.strerror or exc)
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return target


def _check_target(target: Path, force: bool) -> None:
    """Refuse a folder, anything but a regular file or a link, and (without `force`) any existing file."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(info.st_mode) or (stat.S_ISLNK(info.st_mode) and target.is_dir()):
        raise OutputFileError(_("Cannot write {path}: it is a folder.").format(path=clip_path(target)))
    if not force:
        raise _exists(target)
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
        raise OutputFileError(
            _("Cannot write {path}: it is not a regular file (a device, FIFO or socket).").format(
                path=clip_path(target)
            )
        )


def _set_mode(descriptor: int, private: bool, shown: str, warn: Callable[[str], None] | None) -> None:
    """Owner-only for patient data, else what the umask gives; a filesystem without modes only gets a warning."""
    # mkstemp makes the file owner-only; ordinary output follows the umask.
    try:
        os.fchmod(descriptor, 0o600 if private else 0o666 & ~_umask())
    except OSError as exc:
        if exc.errno not in _NO_MODES:
            raise
        if warn is not None:
            warn(
                _(
                    "{path} was written, but this place does not keep file permissions ({reason});"
                    " anyone who can read the drive may be able to read it."
                ).format(path=shown, reason=exc.strerror)
            )


def _sweep_stale_temporaries(folder: Path) -> None:
    """Remove our own temporary files that a killed write left behind (once per folder and process)."""
    key = os.path.abspath(folder)
    if key in _swept:
        return
    _swept.add(key)
    cutoff = time.time() - STALE_TEMP_SECONDS
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not _TEMP_NAME.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff and (uid is None or info.st_uid == uid):
                os.unlink(entry.path)


def _move_into_place(temporary: str, target: Path, force: bool) -> None:
    if force:
        os.replace(temporary, target)
        return
    # A hard link fails if the target appeared meanwhile: no clobbering, even in a race.
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise _exists(target) from None
    except OSError:
        if target.exists():
            raise _exists(target) from None
        os.replace(temporary, target)
        return
    os.unlink(temporary)


def _exists(target: Path) -> OutputFileError:
    return OutputFileError(
        _("{path} already exists; nothing was written. Use --force to replace it.").format(path=clip_path(target))
    )


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
