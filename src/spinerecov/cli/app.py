"""The Typer app, the one place errors become exit codes, and where a command's output goes.

What a command gathers before it renders (the knowledge base, the profile, the plan) is in
`plan_inputs.py`.

Only typer and the standard library are imported here at module level (and
no `from __future__ import annotations`: Typer would evaluate every string
annotation at start-up); the knowledge base, the engine, YAML and Rich are
imported inside the commands that need them, so `--help` and `can-i` start fast.
"""

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from spinerecov import __version__
from spinerecov.cli.failures import end_with
from spinerecov.cli.failures import say as say
from spinerecov.cli.language import LangOption, settle_language
from spinerecov.cli.streams import checked_stdout, output_failed, prepare_streams
from spinerecov.cli.usage import SafeGroup
from spinerecov.i18n import N_, _
from spinerecov.output.safe_text import terminal_safe

if TYPE_CHECKING:
    from rich.console import Console


WEEK_RULE_HELP = N_("Day 0 is the surgery day; week N is days 7(N-1) to 7N-1, so week 1 is the first seven days.")


APP_SETTINGS: dict[str, Any] = {
    "name": "spinerecov",
    # Paragraphs, each its own message (the language is chosen before this module is imported).
    "help": "\n\n".join(
        [
            _(
                "Your recovery plan after minimally invasive spine surgery: a dated timeline,"
                " plain answers to 'can I lift / drive / work yet?', and a plan to keep."
            ),
            _(WEEK_RULE_HELP),
            _("Save your operation and date once with 'spinerecov profile set'; every command then uses them."),
            _("Not medical advice: your surgeon's instructions come first."),
        ]
    ),
    "no_args_is_help": True,
    "rich_markup_mode": None,
    "pretty_exceptions_show_locals": False,
    # --install-completion and --show-completion (bash, zsh, fish, PowerShell); see cli/completion.py.
    "add_completion": True,
    "context_settings": {"help_option_names": ["-h", "--help"]},
    "cls": SafeGroup,
}


app = typer.Typer(**APP_SETTINGS)


CommandFunction = TypeVar("CommandFunction", bound=Callable[..., None])


def reports_errors(command: CommandFunction) -> CommandFunction:
    """Turn our errors into one clear message on stderr and an exit code: 2 for usage, 1 otherwise.

    Output trouble is handled here too, alike for every command: a reader that
    went away (`| head`) ends the command quietly with 0; a full, closed or
    failing standard output is one line and exit 1.
    """
    import inspect

    signature = inspect.signature(command)
    passes_lang = "lang" in signature.parameters

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        prepare_streams()
        lang = (kwargs.get("lang") if passes_lang else kwargs.pop("lang", None)) or _group_language[0]
        try:
            settle_language(lang)
            command(*args, **kwargs)
        except typer.Exit:
            raise
        except Exception as exc:  # noqa: BLE001 - the last resort: one line, never a traceback
            end_with(exc)

    if not passes_lang:
        # Every command takes --lang, last in its help.
        kind = inspect.Parameter.KEYWORD_ONLY
        added = inspect.Parameter("lang", kind, default=None, annotation=LangOption)
        wrapper.__signature__ = signature.replace(parameters=[*signature.parameters.values(), added])  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"spinerecov {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help=_("Show the version and exit."))
    ] = False,
    lang: LangOption = None,
) -> None:
    """Your recovery plan after minimally invasive spine surgery."""
    # `spinerecov --lang es timeline`: the command settles it (its own --lang, if given, wins), so a
    # bad value is reported like any other error.
    _group_language[0] = lang


_group_language: list[str | None] = [None]
"""--lang given before the command name, for the command to use when it has none of its own."""


def group_language(lang: LangOption = None) -> None:
    """A callback for a group of commands (kb, profile): `spinerecov kb --lang es check` speaks Spanish."""
    if lang is not None:
        _group_language[0] = lang


def out(content: str | bytes) -> None:
    """Write a document to stdout as UTF-8 bytes, exactly as rendered and safe for a terminal, on every platform.

    Bytes go to the binary buffer: a text-mode stdout on Windows would turn each
    CRLF of a calendar into CR CR LF and encode in the ANSI code page. Escape
    sequences from data never reach the terminal; a closed or failing standard
    output is one clear error.
    """
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    data = terminal_safe(text).encode("utf-8")
    stream = checked_stdout()
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a replaced stdout without a binary layer (rare): text is all it takes
        stream.write(data.decode("utf-8"))
        stream.flush()
        return
    try:
        buffer.write(data)
        buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise output_failed(exc) from None  # what is still buffered must not fail again at exit (code 120)


def warn(text: str) -> None:
    """A warning on stderr: something was done, but not quite as it should have been."""
    say(_("Warning: {problem}").format(problem=text))


def console() -> "Console":
    """The Rich console for a command's output (standard output must be open)."""
    from spinerecov.output.terminal.console import make_console

    return make_console(file=checked_stdout())


def terminal_width() -> int:
    """Columns to wrap plain text to ($COLUMNS, else the terminal, else 100)."""
    import shutil

    return shutil.get_terminal_size((100, 24)).columns - 1
