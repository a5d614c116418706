"""What a batch says when a row's language lacks the clinic protocol's texts (said once, with the rows' lines).

A Spanish row's plan with a protocol that has no Spanish shows the protocol's
own texts (its note, its conditions) in English: the nurse is told, and pointed
at the check that lists them, instead of finding mixed languages in a handout.
"""

from __future__ import annotations

from pathlib import Path

from spinerecov.errors import SpinerecovError, clip_path
from spinerecov.i18n import ngettext

_said: dict[tuple[str, str], str] = {}
"""(protocol, language) -> the note, worked out once a run (`forget_language_notes`)."""


def protocol_language_note(sources: tuple[Path, Path | None] | None, language: str) -> str:
    """The note for rows in `language` when the protocol has texts without a translation into it; else ''.

    `sources`: the batch's knowledge base and protocol files.
    """
    if language == "en" or sources is None:
        return ""
    path, protocol = sources
    if protocol is None:
        return ""
    key = (str(protocol), language)
    if key not in _said:
        _said[key] = _note(path, protocol, language)
    return _said[key]


def _note(path: Path, protocol: Path, language: str) -> str:
    from spinerecov.knowledge.translation_check import translation_findings

    try:
        found = translation_findings(path, protocol, language)
    except SpinerecovError:
        return ""  # a broken translation fails the rows themselves, with its own message
    missing = sum(1 for finding in found if str(protocol) in finding.where)
    if not missing:
        return ""
    return ngettext(
        "the clinic protocol {protocol} has {count} text without a translation into '{language}', shown in"
        " English in these plans ('spinerecov kb check --protocol {protocol} --lang {language}' lists it).",
        "the clinic protocol {protocol} has {count} texts without a translation into '{language}', shown in"
        " English in these plans ('spinerecov kb check --protocol {protocol} --lang {language}' lists them).",
        missing,
    ).format(protocol=clip_path(protocol), count=missing, language=language)


def forget_language_notes() -> None:
    """Start a run afresh (the protocol may have been translated since)."""
    _said.clear()
