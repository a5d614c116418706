"""--lang on every command, and choosing the language before a command says anything."""

import os
from typing import Annotated, Optional

import typer

from spinerecov.i18n import _, current_language, use_language
from spinerecov.i18n.choose import choose_language


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


def saved_language() -> str | None:
    """The profile's language, if there is a readable profile that has one (a broken one is reported later)."""
    from spinerecov.errors import SpinerecovError
    from spinerecov.store.profile import load_profile, profile_path

    try:
        profile = load_profile(profile_path())
    except SpinerecovError:
        return None
    return profile.lang if profile is not None else None


def settle_language(given: str | None) -> None:
    """Speak the language chosen by --lang, $SPINERECOV_LANG, the profile or the locale (a bad value: usage error)."""
    from spinerecov.errors import UsageError

    try:
        use_language(choose_language(given, os.environ, saved_language))
    except ValueError as exc:
        use_language("en")
        raise UsageError(str(exc)) from None


def whole(count: int) -> str:
    """A count as people read it in the current language: '12,345' / '12.345'."""
    if current_language() == "en":
        return f"{count:,}"
    from spinerecov.i18n.formats import decimal

    return decimal(count)
