"""Typer's own words on help pages and in usage errors, said in the chosen language.

Typer writes its help pages and usage errors in English: "Usage:", the
"Arguments", "Options" and "Commands" headings, "[required]", "[default: ...]",
ranges such as "1<=x<=256", "Try '... -h' for help." and Python type names
beside arguments (`activity <str>`). Every command's context formats its help
with `SpeakingFormatter`, and a usage error is shown by `show_usage_error`, so
a Spanish run reads all of it in Spanish. English output is left as Typer
writes it.
"""

import re
from collections.abc import Sequence
from typing import IO, Any

import typer

from spinerecov.i18n import N_, _, current_language
from spinerecov.knowledge.factors import FACTORS

HEADINGS = {"Arguments": N_("Arguments"), "Options": N_("Options"), "Commands": N_("Commands")}
"""The headings of a help page."""

METAVARS = {
    "OPTIONS": N_("OPTIONS"),
    "COMMAND": N_("COMMAND"),
    "ARGS": N_("ARGS"),
    "activity": N_("ACTIVITY"),
    "ACTIVITY": N_("ACTIVITY"),
    "PROCEDURE": N_("PROCEDURE"),
    "PATIENTS.csv": N_("PATIENTS.csv"),
    "YYYY-MM-DD": N_("YYYY-MM-DD"),
    "YEARS": N_("YEARS"),
    "LOAD": N_("LOAD"),
    "NAME": N_("NAME"),
    "FILE": N_("FILE"),
    "PATH": N_("PATH"),
    "DIR": N_("DIR"),
    "KIND": N_("KIND"),
    "SETTING": N_("SETTING"),
    "BMI": N_("BMI"),
}
"""The placeholders a help page shows for values (metavars and argument names), to say in the language."""

_METAVAR = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(word) for word in sorted(METAVARS, key=len, reverse=True)) + r")(?![\w.])"
)
_TYPE_NAME = re.compile(r" <[a-z_ \[\]]+>$")
"""A Python type name Typer adds beside an argument (`<str>`, `<list[str]>`, `<path>`, `<int range>`)."""
_CHOICES = re.compile(r"<([a-z|-]+)>")
_EXTRA = re.compile(r"\[([^\[\]]*)\]$")
_RANGE = (
    (re.compile(r"^(?P<low>[\d.]+)<=x<=(?P<high>[\d.]+)$"), N_("from {low} to {high}")),
    (re.compile(r"^x>=(?P<low>[\d.]+)$"), N_("at least {low}")),
    (re.compile(r"^x<=(?P<high>[\d.]+)$"), N_("at most {high}")),
)


def choice_words() -> dict[str, str]:
    """Each choice factor's value (desk, fair) as people write it in the current language (oficina, regular)."""
    if current_language() != "es":
        return {}
    return {value: word for factor in FACTORS for value, word in factor.spanish_words.items()}


def spoken_placeholders(text: str) -> str:
    """A usage line's or option column's placeholders in the current language, without Python type names."""
    if current_language() == "en":
        return text
    text = _TYPE_NAME.sub("", text)
    text = _METAVAR.sub(lambda found: _(METAVARS[found.group(1)]), text)
    words = choice_words()
    return _CHOICES.sub(lambda found: "<" + "|".join(words.get(w, w) for w in found.group(1).split("|")) + ">", text)


def spoken_extra(text: str) -> str:
    """The bracket Typer ends an option's help with ("[default: x; required]"), in the current language."""
    if current_language() == "en":
        return text
    found = _EXTRA.search(text)
    if found is None:
        return text
    parts = [_spoken_part(part) for part in found.group(1).split("; ")]
    return text[: found.start()] + "[" + "; ".join(parts) + "]"


def _spoken_part(part: str) -> str:
    if part == "required":
        return _("required")
    if part.startswith("default: "):
        return _("default: {default}").format(default=part.removeprefix("default: "))
    if part.startswith("env var: "):
        return _("environment variable: {name}").format(name=part.removeprefix("env var: "))
    for pattern, words in _RANGE:
        bounds = pattern.match(part)
        if bounds is not None:
            return _(words).format(**bounds.groupdict())
    return part


_TyperFormatter: Any = typer.Context.formatter_class
"""Typer's help formatter (Typer keeps the class under a private module; its context names it)."""


class SpeakingFormatter(_TyperFormatter):  # type: ignore[misc]
    """Typer's help formatter, saying its own words in the current language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """The usage line: "Uso:" and the placeholders in the language."""
        super().write_usage(prog, spoken_placeholders(args), _("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        """A heading (Arguments, Options, Commands) in the language."""
        super().write_heading(_(HEADINGS[heading]) if heading in HEADINGS else heading)

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """Options and arguments: their placeholders and Typer's bracket in the language."""
        spoken = [(spoken_placeholders(term), spoken_extra(text)) for term, text in rows]
        super().write_dl(spoken, col_max, col_spacing)


class SpeakingContext(typer.Context):
    """A command's context whose help is written by `SpeakingFormatter`."""

    formatter_class = SpeakingFormatter


def show_usage_error(exc: typer.TyperException) -> None:
    """Have `exc` (a usage error) shown in the current language: usage line, where to find help, the error."""
    context: Any = getattr(exc, "ctx", None)

    def show(file: IO[Any] | None = None) -> None:
        lines = []
        if context is not None:
            lines.append(context.get_usage())
            if context.command.get_help_option(context) is not None:
                command = f"{context.command_path} {context.help_option_names[0]}"
                lines.append(_("Try '{command}' for help.").format(command=command))
            lines.append("")
        lines.append(_("Error: {problem}").format(problem=exc.format_message()))
        typer.echo("\n".join(lines), err=file is None, file=file)

    exc.show = show  # type: ignore[attr-defined]
