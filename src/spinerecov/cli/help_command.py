"""`spinerecov help [COMMAND]`: the help of the tool or of one command, as `-h` shows it (gh, git, uv).

Also each command's line in the top-level list: a short description that fits
beside its name at 80 columns, in the chosen language.
"""

from typing import Annotated, Any, Optional

import typer

from spinerecov.cli.app import app, reports_errors
from spinerecov.errors import UnknownNameError
from spinerecov.i18n import N_, _

SHORT_HELP = {
    "procedures": N_("List the procedures and the names you can use."),
    "activities": N_("List the activities you can ask about with can-i."),
    "red-flags": N_("Warning signs: when to get help, and how fast."),
    "timeline": N_("Your recovery plan with dates."),
    "can-i": N_("Can I do ACTIVITY yet? Yes, limited or not yet, and when."),
    "status": N_("Where you are today and what comes next."),
    "compare": N_("Compare procedures side by side."),
    "batch": N_("Write a plan for every patient in a CSV list."),
    "export": N_("Save your plan: markdown, JSON, calendar, FHIR or HTML."),
    "kb": N_("Check, describe, cite and export a knowledge base."),
    "profile": N_("Save your operation, date and factors once."),
    "help": N_("Show the help of spinerecov or of a command."),
    "check-in": N_("How are you today? Hear what to do now."),
    "questionnaire": N_("Answer an outcome questionnaire and compare it with before."),
    "diary": N_("Your saved check-ins and questionnaires, and your pain trend."),
    "summary": N_("A one- or two-page summary of your diary for your visit."),
    "due": N_("Who is due what in one week: visits, questionnaires."),
    "schema": N_("Print the JSON Schema of a --json document."),
}
"""Each command's line in `spinerecov --help` (its own --help keeps the whole description)."""


def give_short_help(app_: typer.Typer) -> None:
    """Give every command and group of `app_` its short description in the current language."""
    for command in app_.registered_commands:
        name = command.name or getattr(command.callback, "__name__", "")
        if name in SHORT_HELP:
            command.short_help = _(SHORT_HELP[name])
    for group in app_.registered_groups:
        if group.name in SHORT_HELP and group.typer_instance is not None:
            group.typer_instance.info.short_help = _(SHORT_HELP[group.name])


@app.command("help")
@reports_errors
def help_command(
    ctx: typer.Context,
    command: Annotated[
        Optional[list[str]],
        typer.Argument(metavar="COMMAND", help=_("A command, e.g. timeline or 'kb check'."), show_default=False),
    ] = None,
) -> None:
    """Show the help of spinerecov or of one of its commands, as -h does.

    \b
    Examples:
      spinerecov help
      spinerecov help can-i
      spinerecov help kb check
    """
    root = ctx.find_root()
    shown: Any = root.command
    shown_ctx: Any = root
    path: list[str] = []
    for name in command or []:
        found = shown.get_command(shown_ctx, name) if hasattr(shown, "get_command") else None
        if found is None:
            known = {n: n for n in getattr(shown, "list_commands", lambda _c: [])(shown_ctx)}
            raise UnknownNameError("command", name, known, " ".join([*path, "--help"]))
        path.append(name)
        shown_ctx = found.make_context(name, [], parent=shown_ctx, resilient_parsing=True)
        shown = found
    typer.echo(shown.get_help(shown_ctx))
