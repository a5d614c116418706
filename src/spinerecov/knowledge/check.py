"""`kb check` in one step: read the files afresh, then every error and warning, each with its file:line.

A clinic's protocol is its own source: where it departs from the published order (a fidelity
error in the knowledge base alone), the check says so as a warning instead of failing. In another
language, every text must also have a current translation, and the translated knowledge base
must itself be valid (a Spanish alias can clash with a name).
"""

import os
from pathlib import Path
from typing import Any, NamedTuple

from spinerecov.i18n import _
from spinerecov.knowledge.quality import Finding


class CheckResult(NamedTuple):
    """What `kb check` found: the files checked, what they hold, errors (fail) and warnings (do not)."""

    path: Path
    protocol: str | None
    built_in: bool
    summary: dict[str, Any]
    errors: list[Finding]
    warnings: list[Finding]
    translation_errors: int
    """How many of `errors` are translation problems (they come last)."""
    built_in_warnings: int = 0
    """With a protocol: how many of `warnings` (the last ones) are the knowledge base's own, not the protocol's."""


def check_knowledge_base(file: str | None, protocol: str | None, language: str) -> CheckResult:
    """Check the knowledge base `file` (default: the one in use) with `protocol` on top, in `language`.

    Raises:
        KnowledgeBaseError: A file cannot be read, parsed or validated (the first problem found).
    """
    from spinerecov.knowledge.check_in_coverage import coverage_errors, not_asked_notes
    from spinerecov.knowledge.loader import KB_ENV, parse_for_check, resolve_kb_path
    from spinerecov.knowledge.quality import fidelity_errors, summary, warnings

    path = resolve_kb_path(file)
    protocol_path = Path(protocol) if protocol else None
    kb, base, where = parse_for_check(path, protocol_path)
    found = warnings(kb, base, where) + not_asked_notes(kb, where)
    errors = fidelity_errors(kb, where) + coverage_errors(kb, where)
    own = 0
    if protocol_path is not None:
        found += [_as_intended(finding) for finding in errors]
        errors = []
        found, own = _protocol_first(found, warnings(base, None, where) if base is not None else [])
    translation = _translation_errors(path, protocol_path, language)
    return CheckResult(
        path=path,
        protocol=protocol,
        built_in=not (file or os.environ.get(KB_ENV)),
        summary=summary(kb),
        errors=errors + translation,
        warnings=found,
        translation_errors=len(translation),
        built_in_warnings=own,
    )


def _protocol_first(found: list[Finding], built_in: list[Finding]) -> tuple[list[Finding], int]:
    """The protocol's warnings first (those the knowledge base alone does not have), then its own; their count."""
    own = {(finding.path, finding.message) for finding in built_in}
    theirs = [finding for finding in found if (finding.path, finding.message) not in own]
    return theirs + [finding for finding in found if (finding.path, finding.message) in own], len(found) - len(theirs)


def _as_intended(finding: Finding) -> Finding:
    """A fidelity error turned into a warning, for a protocol that departs from the sources on purpose."""
    intended = _("{problem} (your protocol: check this is intended)")
    return finding._replace(message=intended.format(problem=finding.message))


def _translation_errors(path: Path, protocol: Path | None, language: str) -> list[Finding]:
    """Texts without a current translation into `language` (none in English, the language of the files)."""
    if language == "en":
        return []
    from spinerecov.knowledge.loader import check_in_language
    from spinerecov.knowledge.translation_check import translation_findings

    found = translation_findings(path, protocol, language)
    check_in_language(path, protocol, language)
    return found
