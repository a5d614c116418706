"""Shell completion of procedure and activity names (ids and aliases) for Typer's completion machinery.

Typer completes commands, options and choices itself, and hands file options
to the shell (no suggestions means "complete a path"). These callbacks add
the knowledge base's names, with a clinic protocol's additions. They import
the knowledge base only when the shell asks for a completion, so normal
start-up pays nothing for them, and they never fail: a knowledge base or
protocol that cannot be read completes nothing.

What they hand to the shell is never file text as it stands. zsh evaluates a
completion's help text as shell words (a clinic protocol's procedure name
ending in a backslash once let the next name run a command on Tab), so the
words offered are ids and aliases that pass `is_safe_id`, and their help text
keeps only letters, digits, spaces, '-', ',' and '.': nothing any shell reads
as quoting, expansion or syntax.
"""

import os
import re
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from spinerecov.knowledge.models import KnowledgeBase


HELP_LIMIT = 60
"""At most this many characters of a name are shown beside a completion."""

_NOT_HELP = re.compile(r"[^\w ,.-]|_")
"""Anything but letters, digits, space, ',', '.' and '-' (`\\w` is Unicode: accented letters stay)."""


COMPLETION_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
"""The shells Typer writes completion scripts for."""


def requested_script(argv: list[str]) -> str | None:
    """The completion script for `spinerecov --show-completion SHELL`, or None if that is not the command line.

    With shellingham installed, Typer's --show-completion is a flag that detects the running shell and
    leaves the word after it unread, so `--show-completion zsh` run from bash printed the bash script.
    A shell named on the command line is the one wanted, wherever it is run from.
    """
    words = argv[0].split("=", 1) + argv[1:] if argv and argv[0].startswith("--show-completion=") else argv
    if len(words) != 2 or words[0] != "--show-completion" or words[1].casefold() not in COMPLETION_SHELLS:
        return None
    from typer._completion_shared import get_completion_script  # what --show-completion itself calls

    return get_completion_script(prog_name="spinerecov", complete_var="_SPINERECOV_COMPLETE", shell=words[1].casefold())


def complete_procedure(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Procedure ids and aliases that start with `incomplete`, each with the operation's name."""
    return names_starting(knowledge_for(ctx), "procedures", incomplete)


def complete_activity(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Activity ids and aliases that start with `incomplete`, each with the activity's name."""
    return names_starting(knowledge_for(ctx), "activities", incomplete)


def names_starting(kb: "KnowledgeBase | None", kind: str, incomplete: str) -> list[tuple[str, str]]:
    """(name, help) for every id and alias of `kind` ("procedures" or "activities") starting with `incomplete`."""
    if kb is None:
        return []
    from spinerecov.knowledge.identity import is_safe_id

    entries: dict[str, Any] = getattr(kb, kind)
    found: list[tuple[str, str]] = []
    for ident, entry in entries.items():
        name = shell_help(entry.name)
        for word, shown in ((ident, name), *((alias, f"{name} - {ident}") for alias in entry.aliases)):
            # The models allow only safe ids; checking again costs nothing and keeps the shell safe regardless.
            if word.startswith(incomplete) and is_safe_id(word):
                found.append((word, shown))
    if kind == "procedures":  # names the README teaches that can mean two operations: both are shown
        for group in kb.ambiguous_names:
            shown = shell_help(", ".join([group.resolves_to, *group.minimally_invasive]))
            found += [(word, shown) for word in group.names if word.startswith(incomplete) and is_safe_id(word)]
    return found


def shell_help(text: str) -> str:
    """`text` as a completion's help: only letters, digits, spaces, ',', '.' and '-', at most HELP_LIMIT long.

    Everything else (quotes, backslashes, '$', backticks, brackets, ';', control and format characters)
    becomes a space, so no shell can read the help as quoting or syntax, whatever its completion script does.
    """
    kept = " ".join(_NOT_HELP.sub(" ", text).split())
    if len(kept) > HELP_LIMIT:
        kept = kept[: HELP_LIMIT - 3].rstrip(" ,.-") + "..."
    return kept


def knowledge_for(ctx: typer.Context) -> "KnowledgeBase | None":
    """The knowledge base the command being completed would use, or None if it cannot be read.

    --kb and --protocol as typed so far, else $SPINERECOV_KB and
    $SPINERECOV_PROTOCOL, else the saved profile's protocol; in the language
    of --lang, $SPINERECOV_LANG, the profile or the locale.
    """
    from pathlib import Path

    from spinerecov.cli.language import settle_language
    from spinerecov.i18n import current_language
    from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path

    params = typed_so_far(ctx)
    try:
        # The names and their descriptions in the language the command would answer in.
        settle_language(params.get("lang"))
        protocol = params.get("protocol") or _default_protocol()
        where = Path(protocol) if protocol else None
        return load_knowledge_base(resolve_kb_path(params.get("kb")), where, current_language())
    except Exception:  # noqa: BLE001 - a completion must never print a traceback into the shell
        return None


def typed_so_far(ctx: typer.Context) -> dict[str, Any]:
    """The options typed so far, before the command too (`spinerecov --lang es can-i ...`): the nearest wins."""
    chain = []
    current: Any = ctx
    while current is not None:
        chain.append(current)
        current = getattr(current, "parent", None)
    params: dict[str, Any] = {}
    for level in reversed(chain):
        params.update({name: value for name, value in level.params.items() if value is not None})
    return params


def _default_protocol() -> str | None:
    from spinerecov.knowledge.loader import PROTOCOL_ENV

    if os.environ.get(PROTOCOL_ENV):
        return os.environ[PROTOCOL_ENV]
    from spinerecov.store.profile import load_profile, profile_path

    saved = load_profile(profile_path())
    return str(saved.protocol) if saved and saved.protocol is not None else None
