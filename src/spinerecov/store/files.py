"""The only code that writes files: atomic writes that never clobber without consent."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from spinerecov.errors import OutputFileError


def write_atomic(
    path: str | os.PathLike[str],
    content: str | bytes,
    *,
    force: bool = False,
    private: bool = False,
    make_parents: bool = False,
    durable: bool = True,
) -> Path:
    """Write `content` to `path` all at once, or not at all.

    The text goes to a temporary file beside `path`, which then takes its
    place, so a reader never sees half a file and a failure leaves no trace.

    Args:
        path: Where to write.
        content: Text (written as UTF-8) or bytes.
        force: Replace an existing file; without it an existing file is an error.
        private: Make the file readable by its owner only (patient data).
        make_parents: Create missing folders (for caches, not for user output).
        durable: fsync the file before it takes its place. A batch passes False
            and syncs the whole folder once at the end instead.

    Returns:
        The path written.

    Raises:
        OutputFileError: The file exists (without `force`) or cannot be written.
    """
    target = Path(path)
    if target.is_dir():
        raise OutputFileError(f"Cannot write {target}: it is a folder.")
    if target.exists() and not force:
        raise OutputFileError(f"{target} already exists; nothing was written. Use --force to replace it.")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if make_parents:
            target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputFileError(f"Cannot write {target}: {exc.strerror or exc}.") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        # mkstemp makes the file owner-only; ordinary output follows the umask.
        os.chmod(temporary, 0o600 if private else 0o666 & ~_umask())
        _move_into_place(temporary, target, force)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputFileError(f"Cannot write {target}: {exc.strerror or exc}.") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return target


def _move_into_place(temporary: str, target: Path, force: bool) -> None:
    if force:
        os.replace(temporary, target)
        return
    # A hard link fails if the target appeared meanwhile: no clobbering, even in a race.
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise OutputFileError(f"{target} already exists; nothing was written. Use --force to replace it.") from None
    except OSError:
        if target.exists():
            raise OutputFileError(f"{target} already exists; nothing was written. Use --force to replace it.") from None
        os.replace(temporary, target)
        return
    os.unlink(temporary)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
