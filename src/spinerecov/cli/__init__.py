"""The command line: parse arguments, call the core, pick a renderer, map errors to exit codes.

Importing this package registers every command on `app`; each command
imports the core, YAML and Rich only when it runs.
"""

import os

import typer

# --help lists the commands in the order they are registered: the order of these imports.
# isort: off
from spinerecov.cli import info, kb, plan, profile, status, compare, diary
from spinerecov.cli import questionnaire as questionnaire
from spinerecov.cli import summary as summary

# isort: on
from spinerecov.cli.app import APP_SETTINGS, app
from spinerecov.cli.batch import batch
from spinerecov.cli.check_in import check_in
from spinerecov.cli.export import export
from spinerecov.cli.schema import schema

# isort: off
from spinerecov.cli.due import due

from spinerecov.cli.help_command import give_short_help, help_command

# isort: on

__all__ = [
    "app",
    "app_for",
    "batch",
    "check_in",
    "compare",
    "diary",
    "due",
    "export",
    "help_command",
    "info",
    "kb",
    "plan",
    "profile",
    "questionnaire",
    "schema",
    "status",
]


COMPLETE_ENV = "_SPINERECOV_COMPLETE"
"""Set by the completion scripts of every shell when they ask for completions."""


def app_for(argv: list[str]) -> typer.Typer:
    """The app to run for `argv`: only the named command when there is one, else the full app.

    Typer builds every command's parser on each run (about 0.4 ms a command);
    a run needs one. Anything that is not exactly a command name (help,
    --version, a typo that wants "did you mean") gets the full app, and so does
    a shell asking for completions (it names the words in its environment).
    """
    from spinerecov.cli.language import help_was_translated, translate_help
    from spinerecov.i18n import current_language

    if current_language() != "en" or help_was_translated():
        translate_help(app)
    give_short_help(app)
    # `help` shows any command's help, so it needs them all.
    if not argv or COMPLETE_ENV in os.environ or argv[0] == "help":
        return app
    commands = [c for c in app.registered_commands if (c.name or getattr(c.callback, "__name__", None)) == argv[0]]
    groups = [g for g in app.registered_groups if g.name == argv[0]]
    if not commands and not groups:
        return app
    lean = typer.Typer(**APP_SETTINGS)
    lean.registered_commands = commands
    lean.registered_groups = groups
    # The shared callback keeps this a group, so usage lines and errors read exactly as in the full app.
    lean.registered_callback = app.registered_callback
    return lean
