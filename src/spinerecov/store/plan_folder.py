"""The batch's output folder: where each plan goes, leftovers of a crashed run, and one sync at the end.

Plans are written without an fsync each (that doubled the cost of a write);
`sync_folder` makes every file and every folder entry durable at once when
the batch ends, before it reports success.
"""

import contextlib
import ctypes
import os
import zlib
from collections.abc import Callable
from pathlib import Path

from spinerecov.errors import OutputFileError, clip_path
from spinerecov.i18n import _

TEMPORARY_SUFFIX = ".tmp"
"""`write_atomic` names its temporary files `.NAME.XXXXXXXX.tmp` beside NAME."""


def shard_of(ident: str) -> str:
    """The subfolder (00-ff) that holds a patient's plan with --shard: even spread, stable for an id."""
    return f"{zlib.crc32(ident.casefold().encode('utf-8')) & 0xFF:02x}"


def in_part(key: str, part: int, parts: int) -> bool:
    """Whether a row belongs to share `part` (1..parts) of the list; stable for a key whatever the row order."""
    return zlib.crc32(key.casefold().encode("utf-8")) % parts == part - 1


def plan_path(out_dir: Path, ident: str, extension: str, shard: bool) -> Path:
    """Where a patient's plan goes: DIR/ID.EXT, or DIR/SHARD/ID.EXT with --shard."""
    name = f"{ident}.{extension}"
    return out_dir / shard_of(ident) / name if shard else out_dir / name


def make_folder(out_dir: Path) -> None:
    """Create the output folder (owner-only when new); a file in its place is an error."""
    try:
        if out_dir.exists() and not out_dir.is_dir():
            raise OutputFileError(_("--out-dir {path} is a file, not a folder.").format(path=clip_path(out_dir)))
        # Patient plans: a new folder is the owner's only.
        out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise _cannot_create(out_dir, exc.strerror or exc) from None


def make_shard_folders(out_dir: Path) -> None:
    """The 256 subfolders of a sharded output folder, owner-only."""
    for number in range(256):
        try:
            (out_dir / f"{number:02x}").mkdir(exist_ok=True, mode=0o700)
        except OSError as exc:
            raise _cannot_create(out_dir / f"{number:02x}", exc.strerror) from None


def _cannot_create(folder: Path, reason: object) -> OutputFileError:
    return OutputFileError(
        _("Cannot create the folder {path}: {reason}.").format(path=clip_path(folder), reason=reason)
    )


def remove_leftovers(out_dir: Path, extension: str, ours: Callable[[str], bool]) -> int:
    """Delete temporary plan files a killed run left behind (only those of ids `ours` claims); how many."""
    removed = 0
    folders = [out_dir, *(p for p in out_dir.iterdir() if p.is_dir() and len(p.name) == 2)]
    for folder in folders:
        for entry in os.scandir(folder):
            ident = _leftover_id(entry.name, extension)
            if ident is not None and entry.is_file(follow_symlinks=False) and ours(ident):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                    removed += 1
    return removed


def _leftover_id(name: str, extension: str) -> str | None:
    """The patient id in `.ID.EXT.XXXXXXXX.tmp`, or None for any other name."""
    if not (name.startswith(".") and name.endswith(TEMPORARY_SUFFIX)):
        return None
    stem, _dot, _random = name[1 : -len(TEMPORARY_SUFFIX)].rpartition(".")
    ident, dot, ext = stem.rpartition(".")
    return ident if dot and ext == extension and ident else None


def sync_folder(out_dir: Path) -> None:
    """Make every file written under `out_dir`, and the folder entries naming them, durable in one call.

    Linux's syncfs flushes the one filesystem that holds the folder; elsewhere
    os.sync flushes them all. Either way it is one call, not one per plan.
    """
    descriptor = os.open(out_dir, os.O_RDONLY)
    try:
        if _syncfs(descriptor) != 0:
            os.sync()
    finally:
        os.close(descriptor)


def _syncfs(descriptor: int) -> int:
    """The C library's syncfs(2) where it exists (0 on success); -1 otherwise."""
    try:
        return int(ctypes.CDLL(None, use_errno=True).syncfs(descriptor))
    except (OSError, AttributeError, TypeError):
        return -1
