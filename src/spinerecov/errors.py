"""One error tree. Each error carries the message a user sees, ready to print.

The CLI turns these into one line on stderr and an exit code, in one place:
`UsageError` and its subclasses exit 2 (the command line asked for something
that does not exist or does not make sense); every other `SpinerecovError`
exits 1 (a broken knowledge base, a file that cannot be written).
"""

from __future__ import annotations

from collections.abc import Iterable

from spinerecov.i18n import N_, _, current_language, ngettext


class SpinerecovError(Exception):
    """Base of every error the tool reports to a user."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if self.hint is None else f"{self.message} {self.hint}"


class UsageError(SpinerecovError):
    """The command line asked for something that does not exist or does not fit."""

    exit_code = 2


class UnknownNameError(UsageError):
    """An unknown procedure or activity name, with the closest known names."""

    def __init__(self, kind: str, name: str, ids_by_name: dict[str, str], list_command: str) -> None:
        self.kind = kind
        self.name = name
        # Match against ids and aliases, but suggest ids: 'lifts' and 'lift' are one answer. In another
        # language, suggest the name that was close ('levantr' -> 'levantar'), one per id.
        close = suggest(name[:ECHO_LIMIT], ids_by_name)
        # A procedure's name is suggested as nearly typed ('microdisectomy' -> 'microdiscectomy'): its
        # aliases are names of operations, and the id may read as a different one.
        if current_language() == "en" and kind != "procedure":
            self.suggestions = list(dict.fromkeys(ids_by_name[c] for c in close))
        else:
            closest: dict[str, str] = {}
            for candidate in close:
                closest.setdefault(ids_by_name[candidate], candidate)
            self.suggestions = list(closest.values())
        template = _UNKNOWN_NAME.get(kind)
        if template is not None:
            message = _(template).format(name=clip(name))
        else:
            message = _("Unknown {kind} '{name}'.").format(kind=kind, name=clip(name))
        if self.suggestions:
            quoted = either(f"'{s}'" for s in self.suggestions)
            did_you_mean = _("Did you mean {names}?").format(names=quoted)
            message = f"{message} {did_you_mean}"
        hint = _("Run '{command}' to see them all.").format(command=f"spinerecov {list_command}")
        super().__init__(message, hint)


_UNKNOWN_NAME = {
    "procedure": N_("Unknown procedure '{name}'."),
    "activity": N_("Unknown activity '{name}'."),
    "setting": N_("Unknown setting '{name}'."),
    "column": N_("Unknown column '{name}'."),
    "document": N_("Unknown JSON document '{name}'."),
    "questionnaire": N_("Unknown questionnaire '{name}'."),
    "command": N_("Unknown command '{name}'."),
}
"""What an unknown name is, as a whole sentence (a kind's word changes the sentence around it in Spanish)."""


def either(choices: Iterable[str]) -> str:
    """The choices joined with 'or' in the current language: 'a' or 'b' or 'c'."""
    shown = ""
    for choice in choices:
        shown = choice if not shown else _("{choice} or {other}").format(choice=shown, other=choice)
    return shown


class KnowledgeBaseError(SpinerecovError):
    """The knowledge base cannot be read or is not valid."""

    def __init__(self, problems: list[str], path: str, what: str = "knowledge base") -> None:
        self.problems = problems
        self.path = path
        head = _invalid_head(what, len(problems)).format(path=clip_path(path), count=len(problems))
        super().__init__("\n".join([head, *(f"  {p}" for p in problems)]))

    @classmethod
    def unreadable(cls, path: str, reason: str, what: str = "knowledge base") -> KnowledgeBaseError:
        """The file cannot be read at all."""
        error = cls([f"{path}: {reason}"], path, what)
        if what == "clinic protocol":
            template = _("Cannot read the clinic protocol {path}: {reason}.")
        elif what == "translation":
            template = _("Cannot read the translation {path}: {reason}.")
        else:
            template = _("Cannot read the knowledge base {path}: {reason}.")
        error.message = template.format(path=clip_path(path), reason=reason)
        return error


def _invalid_head(what: str, count: int) -> str:
    """'The clinic protocol {path} is not valid ({count} problems):', for what the file is."""
    if what == "clinic protocol":
        return ngettext(
            "The clinic protocol {path} is not valid ({count} problem):",
            "The clinic protocol {path} is not valid ({count} problems):",
            count,
        )
    if what == "translation":
        return ngettext(
            "The translation {path} is not valid ({count} problem):",
            "The translation {path} is not valid ({count} problems):",
            count,
        )
    return ngettext(
        "The knowledge base {path} is not valid ({count} problem):",
        "The knowledge base {path} is not valid ({count} problems):",
        count,
    )


class ProfileError(SpinerecovError):
    """The saved profile cannot be read or is not valid (never fixed or deleted silently)."""


class OutputFileError(SpinerecovError):
    """An output file cannot be written (it exists, or the place is not writable)."""


def suggest(name: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """The known names closest to `name`, best first (prefix matches count too)."""
    import difflib

    candidates = sorted(set(known))
    lowered = name.lower()
    close = difflib.get_close_matches(lowered, candidates, n=limit, cutoff=0.6)
    prefixed = [c for c in candidates if lowered and c.startswith(lowered) and c not in close]
    return (close + prefixed)[:limit]


ECHO_LIMIT = 80
"""At most this many characters of what the user typed (or a file held) are echoed in a message."""
PATH_LIMIT = 160
"""A file name is echoed up to this length (its start and its end beyond it)."""


def clip(text: object, limit: int = ECHO_LIMIT) -> str:
    """`text` for a message: whole when short, else its start and end around '...' (a path keeps its file name)."""
    shown = str(text)
    if len(shown) <= limit:
        return shown
    keep = (limit - 3) // 2
    return f"{shown[:keep]}...{shown[-keep:]}"


def clip_path(path: object) -> str:
    """A file name for a message: whole unless it is absurdly long."""
    return clip(path, PATH_LIMIT)


class DiaryError(SpinerecovError):
    """The diary cannot be read or written; the message names its file (which is never replaced or deleted)."""
