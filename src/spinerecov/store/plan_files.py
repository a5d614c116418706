"""A batch's fast way to write one new plan file, with `write_atomic` behind it for everything else.

A batch writes thousands of new files into the same few folders, and with
two workers the folder itself is what they wait for. Each plan is written
whole and owner-only before it gets its name, and it gets it with a hard
link, which fails rather than replace an existing file. On Linux the file is
made unnamed (O_TMPFILE), so naming it is the one change to the folder and a
crash leaves nothing; elsewhere it is `.NAME.XXXXXXXX.tmp` beside the plan,
linked and removed, as `write_atomic` does. Either way it goes through a
descriptor of the folder opened once per run: no path resolution, no buffered
file object. Anything unusual (a rewrite with
`--force`, a name already taken, a filesystem without hard links, any error)
is handed to `write_atomic`, which does it or says exactly what is wrong.
Nothing is fsync'd here: the batch syncs the whole filesystem once at the end.
"""

import contextlib
import os
import random
from pathlib import Path

from spinerecov.store.files import _sweep_stale_temporaries, write_atomic
from spinerecov.store.plan_folder import TEMPORARY_SUFFIX

_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_NAME_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"
"""The letters of a temporary name's random part, as `tempfile.mkstemp` picks them (the sweeps expect them)."""
_UNNAMED_FILE = getattr(os, "O_TMPFILE", 0) | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0)
_UNNAMED = hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")
"""Whether unnamed files can be made (Linux) and then named through /proc."""
_DIR_FD = {os.open, os.link, os.unlink} <= os.supports_dir_fd
"""Whether files can be made, linked and removed relative to an open folder here (not on Windows)."""
_folders: dict[str, int | None] = {}
"""Folder -> an open descriptor (None where one cannot be had), for this run only: see `close_folders`."""


def write_plan(target: Path, content: str | bytes, *, force: bool) -> os.stat_result:
    """Write a plan to `target` atomically, owner-only, refusing to replace one unless `force`; the file's status.

    Raises:
        OutputFileError: As `write_atomic` does: the file exists (without `force`) or cannot be written.
    """
    folder = None if force or not _DIR_FD else _folder(target.parent)
    data = content.encode("utf-8") if isinstance(content, str) else content
    done = _write_unnamed(folder, target.name, data) if folder is not None and _UNNAMED else None
    if done is None and folder is not None:
        done = _write_named(folder, target.name, data)
    if done:
        return done
    # Forced, a name already taken, or a place where neither way works: write_atomic does it or says why.
    write_atomic(target, content, force=force, private=True, durable=False)
    return os.lstat(target)


def _write_unnamed(folder: int, name: str, data: bytes) -> os.stat_result | None:
    """Write an unnamed file in `folder` (O_TMPFILE), then give it `name`: one change to the folder, not three.

    A crash leaves nothing behind. The file's status when written; None when `name` is taken, or when
    this filesystem (or a missing /proc) does not allow it.
    """
    try:
        descriptor = os.open(".", _UNNAMED_FILE, 0o600, dir_fd=folder)
    except OSError:
        return None
    try:
        _write_all(descriptor, data)
        if _umask() & 0o600:  # the umask took some of the owner's bits: give them back, as write_atomic does
            os.fchmod(descriptor, 0o600)
        written = os.fstat(descriptor)  # naming the file changes none of what the batch's record keeps of it
        os.link(f"/proc/self/fd/{descriptor}", name, dst_dir_fd=folder, follow_symlinks=True)
    except OSError:
        return None  # the name is taken (write_atomic says so), or this place cannot do it
    finally:
        os.close(descriptor)
    return written


def _write_named(folder: int, name: str, data: bytes) -> os.stat_result | None:
    """Write `.NAME.XXXXXXXX.tmp` in `folder`, link it to `name`, remove it; its status, or None if that failed."""
    # A name, not a secret: O_EXCL refuses a name that is taken, and write_atomic then takes over.
    letters = "".join(random.choices(_NAME_LETTERS, k=8))  # noqa: S311
    temporary = f".{name}.{letters}{TEMPORARY_SUFFIX}"
    try:
        descriptor = os.open(temporary, _NEW_FILE, 0o600, dir_fd=folder)
    except OSError:
        return None
    try:
        try:
            _write_all(descriptor, data)
            if _umask() & 0o600:
                os.fchmod(descriptor, 0o600)
            written = os.fstat(descriptor)
        finally:
            os.close(descriptor)
        os.link(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except OSError:
        return None  # the name was taken meanwhile, or this place cannot link
    finally:
        _remove(temporary, folder)
    return written


def close_folders() -> None:
    """Close the folders this run wrote into (a folder of the same name in a later run may be another one)."""
    global _umask_now
    _umask_now = None
    for descriptor in _folders.values():
        if descriptor is not None:
            with contextlib.suppress(OSError):
                os.close(descriptor)
    _folders.clear()


def _folder(path: Path) -> int | None:
    """An open descriptor of `path`, opened (and swept of stale temporary files) once per run."""
    key = os.fspath(path)
    if key not in _folders:
        _sweep_stale_temporaries(path)
        try:
            _folders[key] = os.open(key, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            _folders[key] = None
    return _folders[key]


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _remove(name: str, folder: int) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name, dir_fd=folder)


_umask_now: int | None = None


def _umask() -> int:
    """The process's umask, read once (reading it means setting it)."""
    global _umask_now
    if _umask_now is None:
        _umask_now = os.umask(0)
        os.umask(_umask_now)
    return _umask_now
