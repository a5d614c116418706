"""Checks on the command line itself, for every command alike, before any command runs.

- An empty value (`--output ''`, `--protocol=`, an empty argument) is a usage
  error: a script whose variable is unset must not silently get the default.
- Typer's own usage messages are kept short and safe: any long run of what
  was typed is clipped, and control characters never reach the terminal.
- Typer's own words (its usage messages, the help of --help and the completion
  options) are said in the chosen language.
"""

import re
from typing import Any

import typer
from typer.core import TyperGroup

from spinerecov.cli.failures import end_with
from spinerecov.cli.help_words import SpeakingContext, show_usage_error, spoken_placeholders
from spinerecov.errors import ECHO_LIMIT, clip
from spinerecov.i18n import N_, _, current_language
from spinerecov.output.safe_text import terminal_safe

MESSAGE_LIMIT = 300
"""A usage message longer than this is clipped (a typed value is already clipped to ECHO_LIMIT)."""


class SpeakingGroup(TyperGroup):
    """A command group whose commands' help pages, built-in options and usage errors speak the chosen language."""

    context_class = SpeakingContext

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command named, its help page and built-in options' help in the current language."""
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            speak_builtin_help(command, ctx)
            if not issubclass(command.context_class, SpeakingContext):
                command.context_class = SpeakingContext
        return command


class SafeGroup(SpeakingGroup):
    """The top-level command group: refuses empty values, keeps usage messages short and safe."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Refuse empty values anywhere on the command line, then parse as usual."""
        refuse_empty_values(args)
        speak_builtin_help(self, ctx)
        return super().parse_args(ctx, args)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        """Make the context; a usage error's message is made short, safe and in the chosen language."""
        from spinerecov.store.profile import speak_chosen_language

        speak_chosen_language(args[1] if len(args) > 1 else kwargs.get("args", []))
        try:
            return super().make_context(*args, **kwargs)
        except typer.TyperException as exc:
            shorten(exc)
            raise
        except Exception as exc:  # noqa: BLE001 - whatever parsing raised: one line, never a traceback
            end_with(exc)

    def invoke(self, ctx: Any) -> Any:
        """Run the command; a usage error from its options is made short and safe, anything else reported."""
        try:
            return super().invoke(ctx)
        except typer.TyperException as exc:
            shorten(exc)
            raise
        except Exception as exc:  # noqa: BLE001 - e.g. raised while Typer parsed a command's options
            end_with(exc)


BUILTIN_HELP = {
    "help": N_("Show this message and exit."),
    "install_completion": N_("Install completion for the current shell."),
    "show_completion": N_("Show completion for the current shell, to copy it or customize the installation."),
}
"""Typer's own options and their help as Typer words it (in English), to say in the chosen language."""


def speak_builtin_help(command: Any, ctx: Any) -> None:
    """Give `command`'s --help (and the completion options) their help in the current language.

    Typer makes these options itself, once per command and process, so their help is set again on
    every run: a Spanish run and then an English one in one process each read their own language.
    """
    options = [command.get_help_option(ctx), *getattr(command, "params", [])]
    for option in options:
        words = BUILTIN_HELP.get(getattr(option, "name", None) or "")
        if words is not None:
            option.help = _(words)


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
    """Clip every long run of text in a usage message, drop control characters from it, and translate it."""
    message = terminal_safe(exc.message)
    message = re.sub(rf"\S{{{ECHO_LIMIT + 1},}}", lambda match: clip(match.group()), message)
    exc.message = clip(message, MESSAGE_LIMIT)
    show_usage_error(exc)
    if current_language() != "en":
        # Typer words the message when it is shown ("Invalid value for ..."): translate that whole text.
        shown = _translated(exc.format_message())
        exc.format_message = lambda: shown  # type: ignore[method-assign]


TYPER_MESSAGES = (
    (r"No such option: (?P<option>\S+)", N_("No such option: {option}")),
    (r"\(Possible options: (?P<options>[^)]*)\)", N_("(Possible options: {options})")),
    (r"Did you mean (?P<names>[^?]*)\?", N_("Did you mean {names}?")),
    (r"Invalid value for (?P<param>'[^']*'(?: / '[^']*')*): ", N_("Invalid value for {param}: ")),
    (r"^Invalid value: ", N_("Invalid value: ")),
    (r"Missing argument (?P<name>'[^']*')\.", N_("Missing argument {name}.")),
    (r"^Missing command\.", N_("Missing command.")),
    (r"Missing option (?P<name>'[^']*')\.", N_("Missing option {name}.")),
    (r"No such command (?P<name>'[^']*')\.", N_("No such command {name}.")),
    (r"Option (?P<option>'[^']*') requires an argument\.", N_("Option {option} needs a value.")),
    (r"Option (?P<option>'[^']*') does not take a value\.", N_("Option {option} does not take a value.")),
    (r"Got unexpected extra argument(?:\(s\)|s)? \((?P<extra>.*)\)", N_("Unexpected extra argument: {extra}")),
)
"""Typer's own usage messages, piece by piece, that we say in the user's language (its "Usage:" lines are its own)."""


def _translated(message: str) -> str:
    for pattern, template in TYPER_MESSAGES:

        def said(found: "re.Match[str]", words: str = template) -> str:
            # An argument is named by its placeholder in the language ('activity' -> 'ACTIVIDAD').
            return _(words).format(**{key: spoken_placeholders(value) for key, value in found.groupdict().items()})

        message = re.sub(pattern, said, message)
    return message
