"""The language the tool speaks: English text in the code, Spanish from a gettext catalog.

Every message the code writes is English in the source and passes through
`_` (or `ngettext` when it counts something). English needs no catalog, so an
English run never opens one; Spanish loads the compiled catalog shipped in the
package once, with the standard `gettext` module. `N_` marks a text for the
catalog where it is defined (a table of words at module level) so that it can
be translated where it is used, after the language is chosen.

This is the lowest layer: it imports nothing of ours.
"""

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import gettext

Language = Literal["en", "es"]
LANGUAGES: tuple[Language, ...] = ("en", "es")
"""The languages spinerecov speaks; English is the source language of the code and the knowledge base."""

DOMAIN = "spinerecov"

_language: Language = "en"
_catalog: "gettext.NullTranslations | None" = None


def use_language(language: Language) -> None:
    """Speak `language` from now on in this process (each batch worker sets it per patient)."""
    global _language, _catalog  # noqa: PLW0603 - one process speaks one language at a time
    if language == _language:
        return
    _language = language
    _catalog = None if language == "en" else _load_catalog(language)


def current_language() -> Language:
    """The language messages are written in now."""
    return _language


def _load_catalog(language: Language) -> "gettext.NullTranslations":
    import gettext
    import struct
    from pathlib import Path

    folder = Path(__file__).parent / "locale"
    # A copy whose compiled catalog is missing or damaged still runs: the messages are then English.
    try:
        return gettext.translation(DOMAIN, localedir=folder, languages=[language], fallback=True)
    except (OSError, ValueError, IndexError, UnicodeDecodeError, struct.error):
        return gettext.NullTranslations()


def _(message: str) -> str:
    """`message` in the current language (the English text itself when there is no translation)."""
    return message if _catalog is None else _catalog.gettext(message)


def gettext_in(language: str, message: str) -> str:
    """`message` in `language`, whatever this process speaks now (for data cached per language)."""
    if language == "en":
        return message
    if language == _language and _catalog is not None:
        return _catalog.gettext(message)
    return _load_catalog(language).gettext(message)  # type: ignore[arg-type]  # any code; unknown ones fall back


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, in the current language."""
    if _catalog is None:
        return singular if count == 1 else plural
    return _catalog.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, as said in `context` (a phase that is over is "completada").

    Some words are translated by what they describe: Spanish agrees in gender, so
    a phase (feminine) and a milestone (masculine) that are "done" differ.
    """
    return message if _catalog is None else _catalog.pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - the name gettext tools look for
    """Mark `message` for the catalog without translating it here; translate it with `_` where it is shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - named like N_, for the catalog tool
    """Mark a message with a plural for the catalog; show it with `ngettext(*words, count)` where it is used."""
    return singular, plural
