"""The one place an exception becomes a message on stderr and an exit code: 2 for usage, 1 otherwise.

Both ends of a run come here: the wrapper around every command
(`reports_errors`) and the command group itself, for whatever is raised while
Typer parses the command line (an option's parser, a callback, a type
conversion). So an exception raised anywhere is one clear line, never a
traceback; Typer's own usage errors and exits pass through untouched.
"""

import os
from typing import NoReturn

import typer

from spinerecov.cli.streams import silence_stdout
from spinerecov.errors import SpinerecovError, clip
from spinerecov.i18n import _
from spinerecov.output.safe_text import terminal_safe

DEBUG_ENV = "SPINERECOV_DEBUG"
"""Set to see the traceback of an unexpected failure (a bug)."""


def say(text: str) -> None:
    """A message for the person at the terminal (stderr), made safe for a terminal."""
    typer.echo(terminal_safe(text), err=True)


def end_with(exc: Exception) -> NoReturn:
    """End the run for `exc`: our errors with their message and code, a closed pipe quietly, anything else as a bug.

    Raises:
        typer.Exit: Always, with the exit code (or `exc` itself when $SPINERECOV_DEBUG asks for the details).
    """
    if isinstance(exc, typer.Exit | typer.Abort | typer.TyperException):
        raise exc  # Typer's own: it says its usage message and exits 2 (or as asked)
    if isinstance(exc, SpinerecovError):
        say(_("Error: {problem}").format(problem=exc))
        raise typer.Exit(exc.exit_code) from None
    if isinstance(exc, BrokenPipeError):
        # The reader went away (e.g. `| head`); nothing more to say.
        silence_stdout()
        raise typer.Exit(0) from None
    if os.environ.get(DEBUG_ENV):
        raise exc
    say(
        _(
            "Error: unexpected failure ({failure}). This is a bug in spinerecov;"
            " please report it. Set {variable}=1 to see the details."
        ).format(failure=f"{type(exc).__name__}: {clip(exc, 200)}", variable=DEBUG_ENV)
    )
    raise typer.Exit(1) from None
