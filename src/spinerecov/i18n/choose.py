"""Which language to speak: --lang, else $SPINERECOV_LANG, else the profile's, else the locale, else English."""

from collections.abc import Callable, Mapping, Sequence

from spinerecov.i18n import LANGUAGES, Language

LANG_ENV = "SPINERECOV_LANG"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
"""POSIX order: the first one set and not empty decides."""


def parse_language(value: str) -> Language | None:
    """'es', 'ES', 'es_MX', 'es-419.UTF-8' -> 'es'; a language we do not speak -> None."""
    base = value.strip().lower().replace("-", "_").split(".")[0].split("@")[0].split("_")[0]
    for language in LANGUAGES:
        if base == language:
            return language
    return None


def locale_language(environ: Mapping[str, str]) -> Language:
    """Spanish for any Spanish locale (`es_ES.UTF-8`, `es_MX`), else English (`C`, `POSIX`, `fr_FR`)."""
    for name in LOCALE_VARIABLES:
        value = environ.get(name)
        if value:
            return "es" if parse_language(value) == "es" else "en"
    return "en"


def lang_in_argv(argv: Sequence[str]) -> str | None:
    """The value of `--lang X` or `--lang=X` on a command line (before a `--`), if any."""
    found = None
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word == "--lang" and index + 1 < len(argv):
            found = argv[index + 1]
        elif word.startswith("--lang="):
            found = word.partition("=")[2]
    return found


class UnknownLanguage(ValueError):
    """--lang or $SPINERECOV_LANG names a language spinerecov does not speak."""


def choose_language(given: str | None, environ: Mapping[str, str], saved: Callable[[], str | None]) -> Language:
    """The language for this run; `saved` reads the profile's (asked only when it decides).

    Raises UnknownLanguage naming the bad value when --lang or $SPINERECOV_LANG is not a language we speak
    (and nothing else: a profile that cannot be read is the command's to report).
    """
    for value, where in ((given, "--lang"), (environ.get(LANG_ENV), LANG_ENV)):
        if value is None:
            continue
        language = parse_language(value)
        if language is None:
            shown = value if len(value) <= 20 else value[:19] + "…"
            raise UnknownLanguage(
                f"{where} is '{shown}'; spinerecov speaks {' and '.join(LANGUAGES)} (e.g. {where}=es)."
            )
        return language
    profile_language = saved()
    if profile_language is not None:
        language = parse_language(profile_language)
        if language is not None:
            return language
    return locale_language(environ)
