"""Dates and numbers in the current language's conventions (CLDR data through Babel for Spanish).

English keeps spinerecov's own short forms and never imports Babel, so English
start-up does not pay for locale data; Spanish uses Babel's CLDR patterns
("miércoles, 1 de mayo de 2024", "4,5").
"""

import datetime as dt

from spinerecov.i18n import current_language


def weekday_date(date: dt.date) -> str:
    """'Wed 15 May 2024' / 'mié 15 may 2024': a date in a table or a line."""
    key = (date, current_language())
    text = _weekday_dates.get(key)
    if text is None:
        if len(_weekday_dates) >= DATES_KEPT:
            _weekday_dates.clear()
        text = _weekday_dates[key] = _weekday_date(date, key[1])
    return text


def _weekday_date(date: dt.date, language: str) -> str:
    if language == "en":
        return f"{date:%a} {date.day} {date:%b %Y}"
    return _babel_date(date, "EEE d MMM y")


_weekday_dates: dict[tuple[dt.date, str], str] = {}
"""Dates already written this way, by (date, language): a batch writes the same few hundred again and again."""
DATES_KEPT = 100_000


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


def decimal(number: float) -> str:
    """'4.5' / '4,5'; whole numbers without a decimal part ('10')."""
    if current_language() == "en":
        return f"{number:g}"
    from babel.numbers import format_decimal

    return str(format_decimal(number, format="#,##0.###", locale=current_language()))


def _babel_date(date: dt.date, pattern: str) -> str:
    key = (date, pattern, current_language())
    text = _babel_dates.get(key)
    if text is None:
        from babel.dates import format_date

        if len(_babel_dates) >= DATES_KEPT:
            _babel_dates.clear()
        text = _babel_dates[key] = str(format_date(date, format=pattern, locale=key[2]))
    return text


_babel_dates: dict[tuple[dt.date, str, str], str] = {}
"""Dates Babel has already written, by (date, pattern, language): Babel takes tens of microseconds a date."""
