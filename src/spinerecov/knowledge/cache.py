"""The on-disk knowledge-base cache: plain JSON records the user alone can write, keyed by a strong hash.

A cache is only an accelerator, so it is trusted as little as possible:
- it holds data, never objects: JSON read back into our own model classes, so a
  planted file cannot run code;
- it lives in a folder created 0700 and is written 0600; like OpenSSH with its
  key files, a folder or file that another user owns, or that group or others
  can write, is ignored (and never written to);
- its name and the key inside it are SHA-256 of everything the content depends
  on: both files' bytes, the code that checks and builds them (every module
  of this package), spinerecov's and Python's versions. Anything unexpected means "rebuild", never an error;
- what a process read from it or wrote to it is kept (the last few, by folder and key), so a process
  that loads the same files again (a batch, `kb check`, a test run) reads and rebuilds them once.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spinerecov.knowledge.models import KnowledgeBase

CACHE_ENV = "SPINERECOV_CACHE_DIR"
NO_CACHE_ENV = "SPINERECOV_NO_CACHE"
MAX_CACHE_BYTES = 16 * 1024 * 1024
"""A cache file larger than this is not ours: ignore it rather than read it."""


def cache_dir() -> Path:
    """$SPINERECOV_CACHE_DIR, else the user's cache folder for spinerecov (platformdirs).

    That is ~/.cache/spinerecov (or $XDG_CACHE_HOME/spinerecov) on Linux,
    ~/Library/Caches/spinerecov on macOS, and spinerecov's Cache folder in the
    local application data folder on Windows.
    """
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("spinerecov", appauthor=False))


PACKAGE_FOLDER = Path(__file__).resolve().parent
"""knowledge/: every module that reads, checks, overlays, translates or builds a knowledge base."""


@functools.cache
def checker_code(folder: Path = PACKAGE_FOLDER) -> bytes:
    """SHA-256 of every module of this package: the code that reads, checks, overlays, translates and builds.

    A cache entry that older code accepted must not be trusted by newer code (a check added between two
    installs of the same version, from git, would otherwise never run on a cached knowledge base).
    """
    digest = hashlib.sha256()
    for module in sorted(folder.glob("*.py")):
        digest.update(module.name.encode() + b"\0")
        digest.update(hashlib.sha256(module.read_bytes()).digest())
    return digest.digest()


def cache_key(raw_bytes: bytes, overlay_bytes: bytes | None) -> str:
    """SHA-256 over the knowledge base, the protocol, the checking code and the versions."""
    from spinerecov import __version__

    digest = hashlib.sha256()
    for part in (
        raw_bytes,
        b"\0protocol\0" + overlay_bytes if overlay_bytes is not None else b"\0no protocol\0",
        checker_code(),
        __version__.encode(),
        sys.version.encode(),
    ):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def read_cache(raw_bytes: bytes, overlay_bytes: bytes | None) -> KnowledgeBase | None:
    """The cached knowledge base for these files, or None (no cache, not trusted, stale or unreadable)."""
    if os.environ.get(NO_CACHE_ENV):
        return None
    folder = cache_dir()
    key = cache_key(raw_bytes, overlay_bytes)
    if (str(folder), key) in _kept:
        return _kept[str(folder), key]
    if not _trusted_dir(folder):
        return None
    try:
        # O_NOFOLLOW: not a link planted in the slot; O_NONBLOCK: a FIFO in the slot must not hang us.
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(folder / f"kb-{key[:32]}.json", flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not _trusted_file(info) or info.st_size > MAX_CACHE_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            record = json.loads(handle.read())
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)
    if not isinstance(record, dict) or record.get("key") != key:
        return None
    try:
        from spinerecov.knowledge.cache_models import rebuilt

        kb = rebuilt(_resolved(record["kb"], record.get("shared", [])))
    except Exception:  # noqa: BLE001 - a cache that does not fit our models is simply rebuilt
        return None
    _keep(folder, key, kb)
    return kb


def write_cache(raw_bytes: bytes, overlay_bytes: bytes | None, kb: KnowledgeBase) -> None:
    """Store `kb` for these files, if the cache folder is ours (or can be made ours); never fails."""
    if os.environ.get(NO_CACHE_ENV):
        return
    folder = cache_dir()
    key = cache_key(raw_bytes, overlay_bytes)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted_dir(folder):
            return
        root, shared = _shared_records(kb.model_dump(mode="json"))
        payload = json.dumps({"key": key, "kb": root, "shared": shared}, separators=(",", ":")).encode()
        import tempfile

        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".kb-", suffix=".tmp")
        try:
            os.fchmod(handle, 0o600)
            os.write(handle, payload)
            os.close(handle)
            handle = -1
            os.replace(temporary, folder / f"kb-{key[:32]}.json")
            _keep(folder, key, kb)
        finally:
            if handle != -1:
                os.close(handle)
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError:
        pass  # a cache that cannot be written only costs speed


KEPT = 4
"""How many knowledge bases a process keeps of those it read from or wrote to a cache folder."""
_kept: dict[tuple[str, str], KnowledgeBase] = {}
"""By cache folder and key: what this process read from the cache or wrote to it, not read from disk again."""


def _keep(folder: Path, key: str, kb: KnowledgeBase) -> None:
    _kept.pop((str(folder), key), None)
    _kept[str(folder), key] = kb
    while len(_kept) > KEPT:
        del _kept[next(iter(_kept))]


def forget_kept() -> None:
    """Forget every knowledge base this process kept: the next read of each is from disk, as in a new process."""
    _kept.clear()


def _trusted_dir(folder: Path) -> bool:
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _owned_and_private(info)


def _trusted_file(info: os.stat_result) -> bool:
    return stat.S_ISREG(info.st_mode) and _owned_and_private(info)


def _owned_and_private(info: os.stat_result) -> bool:
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return owner_ok and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _shared_records(tree: Any) -> tuple[Any, list[Any]]:
    """The tree with every record written once: each dict becomes {"$ref": n} into a table of unique dicts.

    Blocks the YAML reuses (a schedule shared by several procedures) are stored,
    read and rebuilt once: the cache is about half the size and quicker to load.
    """
    table: list[Any] = []
    index: dict[str, int] = {}

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            record = {name: walk(item) for name, item in value.items()}
            text = json.dumps(record, sort_keys=True, separators=(",", ":"))
            if text not in index:
                index[text] = len(table)
                table.append(record)
            return {"$ref": index[text]}
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    return walk(tree), table


def _resolved(root: Any, table: list[Any]) -> Any:
    """Undo `_shared_records`: refs become the (shared) dicts they name; a record without a table is as it is."""
    done: list[Any] = []

    def resolve(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"$ref"}:
                return done[value["$ref"]]  # children come before the records that refer to them
            return {name: resolve(item) for name, item in value.items()}
        if isinstance(value, list):
            return [resolve(item) for item in value]
        return value

    for record in table:
        done.append(resolve(record))
    return resolve(root)
