"""A batch's fast way to write one new plan file, with `write_atomic` behind it for everything else.

A batch writes thousands of new files into the same few folders. Each is
written as `write_atomic` writes it: owner-only, into a temporary file beside
it, then hard-linked into place (so an existing file is never replaced) and
the temporary name removed. This does it with the fewest system calls, through
a descriptor of the folder opened once per run: no path resolution, no
buffered file object, no random-name retries. Anything unusual (a rewrite with
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

_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_NAME_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"
"""The letters of a temporary name's random part, as `tempfile.mkstemp` picks them (the sweeps expect them)."""
_DIR_FD = {os.open, os.link, os.unlink} <= os.supports_dir_fd
"""Whether files can be made, linked and removed relative to an open folder here (not on Windows)."""
_folders: dict[str, int | None] = {}
"""Folder -> an open descriptor (None where one cannot be had), for this run only: see `close_folders`."""


def write_plan(target: Path, content: str | bytes, *, force: bool) -> None:
    """Write a plan to `target` atomically, owner-only, refusing to replace one unless `force`.

    Raises:
        OutputFileError: As `write_atomic` does: the file exists (without `force`) or cannot be written.
    """
    folder = None if force or not _DIR_FD else _folder(target.parent)
    if folder is None:
        write_atomic(target, content, force=force, private=True, durable=False)
        return
    data = content.encode("utf-8") if isinstance(content, str) else content
    # A name, not a secret: O_EXCL refuses a name that is taken, and write_atomic then takes over.
    letters = "".join(random.choices(_NAME_LETTERS, k=8))  # noqa: S311
    temporary = f".{target.name}.{letters}{TEMPORARY_SUFFIX}"
    try:
        descriptor = os.open(temporary, _NEW_FILE, 0o600, dir_fd=folder)
    except OSError:
        write_atomic(target, content, force=False, private=True, durable=False)
        return
    try:
        try:
            _write_all(descriptor, data)
            if _umask() & 0o600:  # the umask took some of the owner's bits: give them back, as write_atomic does
                os.fchmod(descriptor, 0o600)
        finally:
            os.close(descriptor)
        os.link(temporary, target.name, src_dir_fd=folder, dst_dir_fd=folder)
    except OSError:
        _remove(temporary, folder)
        # The name was taken meanwhile, or this place cannot link: write_atomic refuses or copes, and says which.
        write_atomic(target, content, force=False, private=True, durable=False)
        return
    except BaseException:
        _remove(temporary, folder)
        raise
    _remove(temporary, folder)


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
