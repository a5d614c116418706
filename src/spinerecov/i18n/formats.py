"""Dates and numbers in the current language's conventions (CLDR data through Babel for Spanish).

English keeps spinerecov's own short forms and never imports Babel, so English
start-up does not pay for locale data; Spanish uses Babel's CLDR patterns
("miércoles, 1 de mayo de 2024", "4,5").
"""

import datetime as dt
import functools

from spinerecov.i18n import current_language

DATES_KEPT = 100_000
"""Dates kept once written, for each way of writing them: a batch writes the same few hundred again and again."""


def weekday_date(date: dt.date) -> str:
    """'Wed 15 May 2024' / 'mié 15 may 2024': a date in a table or a line."""
    return _weekday_date(date, current_language())


@functools.lru_cache(maxsize=DATES_KEPT)
def _weekday_date(date: dt.date, language: str) -> str:
    if language == "en":
        return f"{date:%a} {date.day} {date:%b %Y}"
    return _babel_date(date, "EEE d MMM y")


def long_date(date: dt.date) -> str:
    """'Wed 15 May 2024' / 'miércoles, 15 de mayo de 2024': a date on its own, in a heading or sentence."""
    if current_language() == "en":
        return weekday_date(date)
    return _babel_date(date, "full")


def day_month_year(date: dt.date) -> str:
    """'15 May 2024' / '15 may 2024'."""
    if current_language() == "en":
        return f"{date.day} {date:%b %Y}"
    return _babel_date(date, "d MMM y")


def day_month(date: dt.date) -> str:
    """'15 May' / '15 may'."""
    if current_language() == "en":
        return f"{date.day} {date:%b}"
    return _babel_date(date, "d MMM")


def prose_date(date: dt.date) -> str:
    """'2024-05-15' / '15 may 2024': a date inside a sentence of a plan file (English keeps the ISO date)."""
    if current_language() == "en":
        return date.isoformat()
    return _babel_date(date, "d MMM y")


def percent(fraction: float) -> str:
    """'23%' / '23 %' (Spanish puts a space before the sign, RAE): a fraction from 0 to 1 as a whole percentage."""
    whole = f"{fraction:.0%}"
    return whole if current_language() == "en" else whole.replace("%", " %")


def decimal(number: float) -> str:
    """'4.5' / '4,5'; whole numbers without a decimal part ('10')."""
    if current_language() == "en":
        return f"{number:g}"
    from babel.numbers import format_decimal

    return str(format_decimal(number, format="#,##0.###", locale=current_language()))


def _babel_date(date: dt.date, pattern: str) -> str:
    return _babel_date_in(date, pattern, current_language())


@functools.lru_cache(maxsize=DATES_KEPT)
def _babel_date_in(date: dt.date, pattern: str, language: str) -> str:
    """Babel's date: tens of microseconds each, so each is written once."""
    from babel.dates import format_date

    return str(format_date(date, format=pattern, locale=language))
