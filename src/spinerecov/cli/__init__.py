"""The command line: parse arguments, call the core, pick a renderer, map errors to exit codes.

Importing this package registers every command on `app`; each command
imports the core, YAML and Rich only when it runs.
"""

from spinerecov.cli import info, plan, profile
from spinerecov.cli.app import app

__all__ = ["app", "info", "main", "plan", "profile"]


def main() -> None:
    """Entry point of the `spinerecov` command."""
    app(prog_name="spinerecov")
