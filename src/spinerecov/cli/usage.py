"""Checks on the command line itself, for every command alike, before any command runs.

- An empty value (`--output ''`, `--protocol=`, an empty argument) is a usage
  error: a script whose variable is unset must not silently get the default.
- Typer's own usage messages are kept short and safe: any long run of what
  was typed is clipped, and control characters never reach the terminal.
"""

import re
from typing import Any

import typer
from typer.core import TyperGroup

from spinerecov.errors import ECHO_LIMIT, clip
from spinerecov.i18n import N_, _, current_language
from spinerecov.output.safe_text import terminal_safe

MESSAGE_LIMIT = 300
"""A usage message longer than this is clipped (a typed value is already clipped to ECHO_LIMIT)."""


class SafeGroup(TyperGroup):
    """The top-level command group: refuses empty values, keeps usage messages short and safe."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Refuse empty values anywhere on the command line, then parse as usual."""
        refuse_empty_values(args)
        return super().parse_args(ctx, args)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        """Make the context; a usage error's message is made short, safe and in the chosen language."""
        _early_language(args[1] if len(args) > 1 else kwargs.get("args", []))
        try:
            return super().make_context(*args, **kwargs)
        except typer.TyperException as exc:
            shorten(exc)
            raise

    def invoke(self, ctx: Any) -> Any:
        """Run the command; a usage error from its options is made short and safe."""
        try:
            return super().invoke(ctx)
        except typer.TyperException as exc:
            shorten(exc)
            raise


def refuse_empty_values(args: list[str]) -> None:
    """A usage error for the first empty value: `--output ''`, `--output=` or an empty argument.

    Raises:
        typer.BadParameter: An empty value was given.
    """
    for position, arg in enumerate(args):
        option = None
        if arg == "":
            previous = args[position - 1] if position else ""
            option = previous if previous.startswith("-") and "=" not in previous else None
            if option is None:
                raise typer.BadParameter(_("an empty argument ('') is not allowed."))
        elif arg.startswith("--") and arg.endswith("=") and arg.count("=") == 1:
            option = arg[:-1]
        if option is not None:
            raise typer.BadParameter(
                _("it is empty; give a value or leave the option out."), param_hint=f"'{clip(option)}'"
            )


def shorten(exc: typer.TyperException) -> None:
    """Clip every long run of text in a usage message and drop control characters from it (and translate it)."""
    message = terminal_safe(_translated(exc.message))
    message = re.sub(rf"\S{{{ECHO_LIMIT + 1},}}", lambda match: clip(match.group()), message)
    exc.message = clip(message, MESSAGE_LIMIT)


TYPER_MESSAGES = (
    (re.compile(r"No such option: (?P<option>.*)", re.DOTALL), N_("No such option: {option}")),
    (re.compile(r"Option (?P<option>'[^']*') requires an argument\.", re.DOTALL), N_("Option {option} needs a value.")),
    (
        re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<extra>.*)\)", re.DOTALL),
        N_("Unexpected extra argument: {extra}"),
    ),
)
"""Typer's own usage messages that we say in the user's language (its "Usage:" framing is its own)."""


def _early_language(args: list[str]) -> None:
    """Speak the chosen language while the command line is parsed (the command settles it again)."""
    import os

    from spinerecov.i18n import use_language
    from spinerecov.i18n.choose import choose_language, lang_in_argv
    from spinerecov.store.profile import saved_language

    try:
        use_language(choose_language(lang_in_argv(args), os.environ, saved_language))
    except ValueError:
        return


def _translated(message: str) -> str:
    if current_language() == "en":
        return message
    for pattern, template in TYPER_MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            return _(template).format(**found.groupdict())
    return message
