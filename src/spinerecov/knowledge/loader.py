"""Find, parse, validate, cross-check and cache the knowledge base.

Errors always name the YAML path and file:line. Parsing keeps no line numbers
on the fast path: they are recovered only when something is wrong.
"""

from __future__ import annotations

import errno
import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spinerecov.errors import KnowledgeBaseError, UsageError, clip_path
from spinerecov.i18n import N_, _
from spinerecov.knowledge.cache import read_cache, write_cache

if TYPE_CHECKING:
    from spinerecov.knowledge.models import KnowledgeBase
    from spinerecov.knowledge.yaml_reader import Locator

KB_ENV = "SPINERECOV_KB"
PROTOCOL_ENV = "SPINERECOV_PROTOCOL"
KNOWLEDGE_BASE = "knowledge base"
PROTOCOL = "clinic protocol"
TRANSLATION = "translation"
"""What each file is called in messages: a broken protocol is never "the knowledge base"."""
PACKAGE_DIR = Path(__file__).resolve().parent.parent
"""The installed package: its `data/` folder holds the built-in knowledge base."""


def from_environment(name: str, what: str) -> str | None:
    """The environment variable `name`; set but empty is a usage error (an unset variable in a script)."""
    value = os.environ.get(name)
    if value is not None and not value.strip():
        raise UsageError(
            _("{variable} is set but empty; unset it, or set it to {what}.").format(variable=name, what=_(what))
        )
    return value or None


def resolve_kb_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the knowledge base is: `--kb`, then $SPINERECOV_KB, the installed copy, the checkout."""
    chosen = explicit or from_environment(KB_ENV, N_("a knowledge-base file"))
    if chosen:
        return Path(chosen)
    installed = PACKAGE_DIR / "data" / "procedures.yaml"
    if installed.is_file():
        return installed
    # Editable installs do not see files outside src/, so look in the checkout.
    return PACKAGE_DIR.parent.parent / "data" / "procedures.yaml"


@functools.cache
def load_knowledge_base(path: Path, protocol: Path | None = None, language: str = "en") -> KnowledgeBase:
    """Read, validate and cross-check the knowledge base at `path`, with a clinic protocol on top if given.

    In another language than English, its texts are translated (see `translation.py`). Cached per
    process and on disk, keyed by the content of every file read.
    """
    raw_bytes, overlay_bytes, translation_bytes = _input_bytes(path, protocol, language)
    key_bytes = _extra_key(overlay_bytes, language, translation_bytes)
    cached = read_cache(raw_bytes, key_bytes)
    if cached is not None:
        return cached
    kb = _built(path, protocol, language, raw_bytes, overlay_bytes, translation_bytes)
    write_cache(raw_bytes, key_bytes, kb)
    return kb


def check_in_language(path: Path, protocol: Path | None, language: str) -> None:
    """Build the knowledge base (with the protocol) in `language` from the files, never the cache.

    Raises:
        KnowledgeBaseError: The translated knowledge base is not valid (an alias that clashes, say).
    """
    _built(path, protocol, language, *_input_bytes(path, protocol, language))


def _input_bytes(path: Path, protocol: Path | None, language: str) -> tuple[bytes, bytes | None, bytes | None]:
    """The bytes of the knowledge base, the protocol (if any) and the translation (if not English)."""
    raw_bytes = read_input(path, KNOWLEDGE_BASE)
    overlay_bytes = read_input(protocol, PROTOCOL) if protocol is not None else None
    translation_bytes = read_input(translation_path(language), TRANSLATION) if language != "en" else None
    return raw_bytes, overlay_bytes, translation_bytes


def _built(
    path: Path,
    protocol: Path | None,
    language: str,
    raw_bytes: bytes,
    overlay_bytes: bytes | None,
    translation_bytes: bytes | None,
) -> KnowledgeBase:
    """Decode the files read, then parse, merge, translate and validate them."""
    from spinerecov.knowledge.yaml_guards import decode_yaml

    text = decode_yaml(raw_bytes, str(path))
    overlay = None
    if protocol is not None and overlay_bytes is not None:
        overlay = (decode_yaml(overlay_bytes, str(protocol), PROTOCOL), str(protocol))
    translation = None
    if translation_bytes is not None:
        translation = decode_yaml(translation_bytes, str(translation_path(language)), TRANSLATION)
    return parse_in_language(text, str(path), overlay, language, translation)


def translation_path(language: str) -> Path:
    """The built-in translation of the knowledge base's texts into `language`."""
    installed = PACKAGE_DIR / "data" / "i18n" / f"{language}.yaml"
    if installed.is_file():
        return installed
    return PACKAGE_DIR.parent.parent / "data" / "i18n" / f"{language}.yaml"


def _extra_key(overlay_bytes: bytes | None, language: str, translation_bytes: bytes | None) -> bytes | None:
    """What the cache key needs beyond the knowledge base: the protocol, and the translation if any.

    Each part is tagged and length-prefixed: no protocol and an empty protocol file never share a key.
    """
    if translation_bytes is None:
        return overlay_bytes
    parts = [b"protocol" if overlay_bytes is not None else b"no protocol", overlay_bytes or b""]
    parts += [b"lang " + language.encode(), translation_bytes]
    return b"".join(len(part).to_bytes(8, "big") + part for part in parts)


def parse_in_language(
    text: str, filename: str, overlay: tuple[str, str] | None, language: str, translation: str | None
) -> KnowledgeBase:
    """Parse the knowledge base, merge the protocol if any, translate into `language`, then validate."""
    from spinerecov.knowledge.yaml_reader import parse_yaml, text_locator

    if translation is None and overlay is None:
        return parse_knowledge_base(text, filename)
    if translation is None and overlay is not None:
        return parse_with_protocol(text, filename, *overlay)
    data = parse_yaml(text, filename)
    where = text_locator(text, filename)
    label = filename
    own: Any = None
    if overlay is not None:
        data, where, label, own = merged_data(data, where, filename, *overlay)
    translated = translate_data(data, language, translation, own)
    return validate_knowledge_base(translated, where, label)


def translate_data(data: Any, language: str, translation_text: str | None, protocol_translations: Any) -> Any:
    """Raw data with the built-in translation applied, then the clinic protocol's own (already checked)."""
    from spinerecov.knowledge.translation import TranslationBody, apply_translation

    if not isinstance(data, dict):
        return data  # validation says what is wrong with it
    if translation_text is not None:
        data = apply_translation(data, read_translation(translation_text, str(translation_path(language))), language)
    if isinstance(protocol_translations, dict) and language in protocol_translations:
        data = apply_translation(data, TranslationBody.model_validate(protocol_translations[language]), language)
    return data


def read_translation(text: str, filename: str) -> Any:
    """A translation file, checked against its model; problems name file:line."""
    from pydantic import ValidationError

    from spinerecov.knowledge.translation import Translation
    from spinerecov.knowledge.yaml_reader import locate, parse_yaml, text_locator, validation_problems

    raw = parse_yaml(text, filename, TRANSLATION)
    try:
        return Translation.model_validate(raw)
    except ValidationError as exc:
        raise KnowledgeBaseError(
            locate(validation_problems(exc), text_locator(text, filename)), filename, TRANSLATION
        ) from None


def read_input(path: Path, what: str) -> bytes:
    """The file's bytes: a regular file only (a FIFO or /dev/zero is refused at once, not waited on)."""
    from spinerecov.knowledge.input_files import read_regular_file

    try:
        return read_regular_file(path)
    except OSError as exc:
        raise KnowledgeBaseError.unreadable(clip_path(path), os_reason(exc), what) from None


OS_REASONS = {
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENAMETOOLONG: N_("File name too long"),
}
"""The system's usual reasons, in the current language (a reason the system words otherwise stays as it is)."""


def os_reason(exc: OSError) -> str:
    """Why a file cannot be read, in words: the system's own reason, translated when it is a usual one."""
    reason = str(exc.strerror or exc)
    known = OS_REASONS.get(exc.errno or 0)
    return _(known) if known == reason else reason


def parse_knowledge_base(text: str, filename: str) -> KnowledgeBase:
    """Parse and check knowledge-base YAML text; raise `KnowledgeBaseError` with file:line."""
    from spinerecov.knowledge.yaml_reader import parse_yaml, text_locator

    return validate_knowledge_base(parse_yaml(text, filename), text_locator(text, filename), filename)


def parse_with_protocol(text: str, filename: str, overlay_text: str, overlay_name: str) -> KnowledgeBase:
    """Merge a clinic protocol into a knowledge base; errors name the protocol's file:line where they are."""
    from spinerecov.knowledge.yaml_reader import parse_yaml, text_locator

    base = parse_yaml(text, filename)
    return _merged(base, text_locator(text, filename), filename, overlay_text, overlay_name)[0]


def _merged(
    base: Any, base_where: Locator, filename: str, overlay_text: str, overlay_name: str
) -> tuple[KnowledgeBase, Locator]:
    """Check the overlay, merge it into the base's raw data, validate; return the result and its locator."""
    merged, where, label, _translations = merged_data(base, base_where, filename, overlay_text, overlay_name)
    return validate_knowledge_base(merged, where, label), where


def merged_data(
    base: Any, base_where: Locator, filename: str, overlay_text: str, overlay_name: str
) -> tuple[Any, Locator, str, Any]:
    """The overlay checked and merged into the base's raw data (not yet validated), with its locator and label.

    Also the protocol's own translations (checked), applied later, in the language asked for.
    """
    from pydantic import ValidationError

    from spinerecov.knowledge.protocol import Protocol, merge_protocol, overlay_locator
    from spinerecov.knowledge.protocol_ids import check_ids, checks_did_not_run, later_problems
    from spinerecov.knowledge.yaml_reader import locate, parse_yaml, text_locator, validation_problems

    overlay = parse_yaml(overlay_text, overlay_name, PROTOCOL)
    overlay_where = text_locator(overlay_text, overlay_name)
    # Every problem of the protocol's own file at once: its shape, and ids the knowledge base lacks.
    unknown, overlay = check_ids(base, overlay)
    try:
        Protocol.model_validate(overlay)
    except ValidationError as exc:
        problems = locate([*unknown, *validation_problems(exc)], overlay_where)
        raise checks_did_not_run(KnowledgeBaseError(problems, overlay_name, PROTOCOL)) from None
    if unknown:
        merged, provenance = merge_protocol(base, overlay)
        where = overlay_locator(base_where, overlay_where, provenance)
        later = later_problems(merged, where, validate_knowledge_base)
        raise KnowledgeBaseError(locate(unknown, overlay_where) + later, overlay_name, PROTOCOL)
    merged, provenance = merge_protocol(base, overlay)
    where = overlay_locator(base_where, overlay_where, provenance)
    label = _("{knowledge_base} with the clinic protocol {protocol}").format(
        knowledge_base=filename, protocol=overlay_name
    )
    return merged, where, label, overlay.get("translations")


def parse_for_check(path: Path, protocol: Path | None) -> tuple[KnowledgeBase, KnowledgeBase | None, Locator]:
    """The knowledge base (with the protocol), the base alone if there is a protocol, and a locator.

    For `kb check`, which must always read the files: never cached. Each file is parsed once.
    """
    from spinerecov.knowledge.yaml_guards import decode_yaml
    from spinerecov.knowledge.yaml_reader import parse_yaml, text_locator

    text = decode_yaml(read_input(path, KNOWLEDGE_BASE), str(path))
    data = parse_yaml(text, str(path))
    base_where = text_locator(text, str(path))
    base = validate_knowledge_base(data, base_where, str(path))
    if protocol is None:
        return base, None, base_where
    overlay_text = decode_yaml(read_input(protocol, PROTOCOL), str(protocol), PROTOCOL)
    merged, where = _merged(data, base_where, str(path), overlay_text, str(protocol))
    return merged, base, where


def validate_knowledge_base(data: Any, where: Locator, label: str) -> KnowledgeBase:
    """Validate raw data with the models, then cross-check it; every problem located with `where`."""
    from pydantic import ValidationError

    from spinerecov.knowledge.cross_checks import cross_check
    from spinerecov.knowledge.models import KnowledgeBase
    from spinerecov.knowledge.yaml_reader import locate, validation_problems

    try:
        kb = KnowledgeBase.model_validate(data)
    except ValidationError as exc:
        from spinerecov.knowledge.protocol_ids import checks_did_not_run

        # The cross-checks need a whole, valid knowledge base: say they wait, so no problem seems hidden.
        raise checks_did_not_run(KnowledgeBaseError(locate(validation_problems(exc), where), label)) from None
    problems = cross_check(kb)
    if problems:
        raise KnowledgeBaseError(locate(problems, where), label)
    return kb
