"""--lang on every command, and choosing the language before a command says anything."""

import os
from typing import Annotated, Optional

import typer

from spinerecov.i18n import _, current_language, use_language
from spinerecov.i18n.choose import UnknownLanguage, choose_language


def _complete_language(incomplete: str) -> list[str]:
    return [name for name in ("en", "es") if name.startswith(incomplete)]


LangOption = Annotated[
    Optional[str],
    typer.Option(
        "--lang",
        metavar="es|en",
        autocompletion=_complete_language,
        help=_(
            "The language to answer in: es (español) or en (English)."
            " Default: $SPINERECOV_LANG, else your profile's, else your locale (LANG)."
        ),
    ),
]


def settle_language(given: str | None) -> None:
    """Speak the language of --lang, $SPINERECOV_LANG, the profile or the locale; a bad value is a usage error."""
    from spinerecov.errors import UsageError
    from spinerecov.store.profile import saved_language

    try:
        use_language(choose_language(given, os.environ, saved_language))
    except UnknownLanguage as exc:
        use_language("en")
        raise UsageError(str(exc)) from None


def translate_help(app: typer.Typer) -> None:
    """Give every command and group of `app` its help in the current language (Typer reads docstrings as help).

    Option help is translated where it is declared; the commands' docstrings are
    looked up in the catalog here, once, for the run.
    """
    import inspect

    for command in app.registered_commands:
        english = _english_help.setdefault(id(command), command.help or inspect.getdoc(command.callback) or "")
        if english:
            command.help = _(english)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            info = group.typer_instance.info
            # A group's help is its `help=`, else its callback's docstring (as Typer reads it).
            callback = group.typer_instance.registered_callback
            written = callback.callback if callback is not None else None
            own = info.help if isinstance(info.help, str) else (inspect.getdoc(written) if written else None)
            english = _english_help.setdefault(id(info), own or "")
            if english:
                info.help = _(english)
            translate_help(group.typer_instance)


_english_help: dict[int, str] = {}
"""Each command's and group's help as written (English), so a later run in English gets it back."""


def help_was_translated() -> bool:
    """Whether some run in this process has translated the help (an English run then restores it)."""
    return bool(_english_help)


def whole(count: int) -> str:
    """A count as people read it in the current language: '12,345' / '12.345'."""
    if current_language() == "en":
        return f"{count:,}"
    from spinerecov.i18n.formats import decimal

    return decimal(count)
