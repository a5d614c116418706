"""Find, parse, validate, cross-check and cache the knowledge base.

Errors always name the YAML path and file:line. Parsing keeps no line numbers
on the fast path: they are recovered only when something is wrong.
"""

from __future__ import annotations

import functools
import os
import pickle
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spinerecov.errors import KnowledgeBaseError, UnknownNameError

if TYPE_CHECKING:
    from spinerecov.models import Activity, KnowledgeBase, Procedure
    from spinerecov.yaml_source import Locator

KB_ENV = "SPINERECOV_KB"
PROTOCOL_ENV = "SPINERECOV_PROTOCOL"
CACHE_ENV = "SPINERECOV_CACHE_DIR"
NO_CACHE_ENV = "SPINERECOV_NO_CACHE"
PACKAGE_DIR = Path(__file__).resolve().parent


def resolve_kb_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the knowledge base is: `--kb`, then $SPINERECOV_KB, the installed copy, the checkout."""
    chosen = explicit or os.environ.get(KB_ENV)
    if chosen:
        return Path(chosen)
    installed = PACKAGE_DIR / "data" / "procedures.yaml"
    if installed.is_file():
        return installed
    # Editable installs do not see files outside src/, so look in the checkout.
    return PACKAGE_DIR.parent.parent / "data" / "procedures.yaml"


@functools.cache
def load_knowledge_base(path: Path, protocol: Path | None = None) -> KnowledgeBase:
    """Read, validate and cross-check the knowledge base at `path`, with a clinic protocol on top if given.

    Cached per process and on disk, keyed by the content of both files.
    """
    raw_bytes = _read(path, "knowledge base")
    overlay_bytes = _read(protocol, "clinic protocol") if protocol is not None else None
    key_bytes = raw_bytes if overlay_bytes is None else raw_bytes + b"\0protocol\0" + overlay_bytes
    slot = _cache_slot(key_bytes)
    cached = _read_cache(slot)
    if cached is not None:
        return cached
    text = raw_bytes.decode("utf-8", errors="replace")
    if protocol is None or overlay_bytes is None:
        kb = parse_knowledge_base(text, str(path))
    else:
        kb = parse_with_protocol(text, str(path), overlay_bytes.decode("utf-8", errors="replace"), str(protocol))
    _write_cache(slot, kb)
    return kb


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise KnowledgeBaseError.unreadable(str(path), str(exc.strerror or exc), what) from None


def parse_knowledge_base(text: str, filename: str) -> KnowledgeBase:
    """Parse and check knowledge-base YAML text; raise `KnowledgeBaseError` with file:line."""
    from spinerecov.yaml_source import parse_yaml, text_locator

    return validate_knowledge_base(parse_yaml(text, filename), text_locator(text, filename), filename)


def parse_with_protocol(text: str, filename: str, overlay_text: str, overlay_name: str) -> KnowledgeBase:
    """Merge a clinic protocol into a knowledge base; errors name the protocol's file:line where they are."""
    from spinerecov.yaml_source import parse_yaml, text_locator

    base = parse_yaml(text, filename)
    return _merged(base, text_locator(text, filename), filename, overlay_text, overlay_name)[0]


def _merged(
    base: Any, base_where: Locator, filename: str, overlay_text: str, overlay_name: str
) -> tuple[KnowledgeBase, Locator]:
    """Check the overlay, merge it into the base's raw data, validate; return the result and its locator."""
    from pydantic import ValidationError

    from spinerecov.protocol import Protocol, merge_protocol, overlay_locator
    from spinerecov.yaml_source import locate, parse_yaml, text_locator, validation_problems

    overlay = parse_yaml(overlay_text, overlay_name)
    overlay_where = text_locator(overlay_text, overlay_name)
    try:
        Protocol.model_validate(overlay)
    except ValidationError as exc:
        problems = locate(validation_problems(exc), overlay_where)
        raise KnowledgeBaseError(problems, overlay_name, "clinic protocol") from None
    merged, provenance = merge_protocol(base, overlay)
    where = overlay_locator(base_where, overlay_where, provenance)
    label = f"{filename} with the clinic protocol {overlay_name}"
    return validate_knowledge_base(merged, where, label), where


def parse_for_check(path: Path, protocol: Path | None) -> tuple[KnowledgeBase, KnowledgeBase | None, Locator]:
    """The knowledge base (with the protocol), the base alone if there is a protocol, and a locator.

    For `kb check`, which must always read the files: never cached. Each file is parsed once.
    """
    from spinerecov.yaml_source import parse_yaml, text_locator

    text = _read(path, "knowledge base").decode("utf-8", errors="replace")
    data = parse_yaml(text, str(path))
    base_where = text_locator(text, str(path))
    base = validate_knowledge_base(data, base_where, str(path))
    if protocol is None:
        return base, None, base_where
    overlay_text = _read(protocol, "clinic protocol").decode("utf-8", errors="replace")
    merged, where = _merged(data, base_where, str(path), overlay_text, str(protocol))
    return merged, base, where


def validate_knowledge_base(data: Any, where: Locator, label: str) -> KnowledgeBase:
    """Validate raw data with the models, then cross-check it; every problem located with `where`."""
    from pydantic import ValidationError

    from spinerecov.checks import cross_check
    from spinerecov.models import KnowledgeBase
    from spinerecov.yaml_source import locate, validation_problems

    try:
        kb = KnowledgeBase.model_validate(data)
    except ValidationError as exc:
        raise KnowledgeBaseError(locate(validation_problems(exc), where), label) from None
    problems = cross_check(kb)
    if problems:
        raise KnowledgeBaseError(locate(problems, where), label)
    return kb


# --- on-disk cache ---------------------------------------------------------


CacheSlot = tuple[Path, str]
"""Where a cached knowledge base lives, and the key it must carry to be trusted."""


def _cache_slot(raw_bytes: bytes) -> CacheSlot | None:
    if os.environ.get(NO_CACHE_ENV):
        return None
    from spinerecov import __version__

    # The models' source is part of the key: a changed model must not meet an old pickle.
    # crc32 (zlib is loaded anyway) names the file; the full key stored inside it rules out collisions.
    models_source = (PACKAGE_DIR / "models.py").read_bytes()
    key = "|".join(
        [
            f"{zlib.crc32(raw_bytes):08x}",
            str(len(raw_bytes)),
            f"{zlib.crc32(models_source):08x}",
            __version__,
            sys.version.split()[0],
        ]
    )
    root = os.environ.get(CACHE_ENV) or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "spinerecov"
    )
    return Path(root) / f"kb-{zlib.crc32(key.encode()):08x}.pickle", key


def _read_cache(slot: CacheSlot | None) -> KnowledgeBase | None:
    if slot is None:
        return None
    path, key = slot
    try:
        with path.open("rb") as handle:
            stored_key, kb = pickle.load(handle)  # noqa: S301 - our own cache in the user's own directory
    except Exception:  # noqa: BLE001 - any unreadable cache is simply rebuilt
        return None
    from spinerecov.models import KnowledgeBase

    return kb if stored_key == key and isinstance(kb, KnowledgeBase) else None


def _write_cache(slot: CacheSlot | None, kb: KnowledgeBase) -> None:
    if slot is None:
        return
    path, key = slot
    try:
        from spinerecov.files import write_atomic

        data = pickle.dumps((key, _share_equal_parts(kb, {})), protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(path, data, force=True, private=True, make_parents=True)
    except Exception:  # noqa: BLE001, S110 - a cache that cannot be written only costs speed
        pass


def _share_equal_parts(value: Any, memo: dict[tuple[type, str], Any]) -> Any:
    """A copy in which equal sub-models are one object (the models are frozen, so sharing is safe).

    Blocks reused through YAML aliases become separate copies when validated;
    sharing them again makes the cached file about a third smaller and quicker to load.
    """
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        fields = {name: _share_equal_parts(item, memo) for name, item in value.__dict__.items()}
        rebuilt = type(value).model_construct(_fields_set=value.model_fields_set, **fields)
        return memo.setdefault((type(value), repr(rebuilt)), rebuilt)
    if isinstance(value, list):
        return [_share_equal_parts(item, memo) for item in value]
    if isinstance(value, dict):
        return {key: _share_equal_parts(item, memo) for key, item in value.items()}
    return value


# --- lookups ---------------------------------------------------------------


def find_procedure(kb: KnowledgeBase, name: str | None) -> tuple[str, Procedure]:
    """The procedure called `name` (an id or alias, any case); the default when `name` is None.

    A name that can mean the open or the minimally invasive operation gives the
    open one, the slower and safer plan (see `ambiguity_note`).
    """
    ids_by_name = _ids_by_name({k: p.aliases for k, p in kb.procedures.items()})
    for entry in kb.ambiguous_names:
        ids_by_name.update(dict.fromkeys(entry.names, entry.resolves_to))
    ident = ids_by_name.get(_normalise(name or kb.default_procedure))
    if ident is None:
        raise UnknownNameError("procedure", str(name), ids_by_name, "procedures")
    return ident, kb.procedures[ident]


def ambiguity_note(kb: KnowledgeBase, name: str | None) -> str | None:
    """What to tell someone whose procedure name can mean the open or the minimally invasive operation."""
    typed = _normalise(name or "")
    for entry in kb.ambiguous_names:
        if typed in entry.names:
            choices = " or ".join(f"--procedure {ident}" for ident in entry.minimally_invasive)
            return (
                f"'{typed}' can be open or minimally invasive; showing {entry.resolves_to}. "
                f"For the minimally invasive operation use {choices}."
            )
    return None


def find_activity(kb: KnowledgeBase, name: str) -> tuple[str, Activity]:
    """The activity called `name` (an id or alias, any case)."""
    ids_by_name = _ids_by_name({k: a.aliases for k, a in kb.activities.items()})
    ident = ids_by_name.get(_normalise(name))
    if ident is None:
        raise UnknownNameError("activity", name, ids_by_name, "activities")
    return ident, kb.activities[ident]


def _ids_by_name(aliases_by_id: dict[str, list[str]]) -> dict[str, str]:
    names = {ident: ident for ident in aliases_by_id}
    for ident, aliases in aliases_by_id.items():
        for alias in aliases:
            names.setdefault(alias, ident)
    return names


def _normalise(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(" ", "-")
