"""Days, weeks, dates and ranges of days in words: 'week 7 (day 42, Wed 12 Jun 2024)', 'weeks 3 to 7'.

Part of `wording` (which re-exports all of it); pure and light like it.
"""

import datetime as dt

from spinerecov.i18n import _, current_language
from spinerecov.i18n.formats import day_month, weekday_date
from spinerecov.knowledge.models import DayRange
from spinerecov.plan.days import week_of


def fmt_date(date: dt.date) -> str:
    """'Wed 15 May 2024' / 'mié 15 may 2024'."""
    return weekday_date(date)


def describe_range(sourced: DayRange, in_days: bool = False) -> str:
    """The sourced range in the plan's own terms: 'weeks 3 to 7' (ordinal weeks, as dates are shown), or 'week 1'.

    A plan numbers weeks as ordinals (day 42 is in week 7), so the range is said the same way:
    'week 7 (most people: weeks 3 to 7)', never beside durations ('2 to 6 weeks') that make the
    plan's own date look outside its range. `in_days=True` says it in days ('days 0 to 3') for
    lines that show a day number, not a week.
    """
    # A plan says a few dozen ranges, and a batch says the same few hundred again for every patient.
    key = (sourced.from_day, sourced.to_day, in_days, current_language())
    words = _range_words.get(key)
    if words is None:
        words = _range_words[key] = _range_in_words(sourced.from_day, sourced.to_day, in_days)
    return words


_range_words: dict[tuple[int, int, bool, str], str] = {}
"""Ranges already said, by (from_day, to_day, in days, language): at most two per range in the knowledge base."""


def _range_in_words(from_day: int, to_day: int, in_days: bool) -> str:
    if in_days:
        if from_day == to_day:
            return _("day {day}").format(day=from_day)
        return _("days {first} to {last}").format(first=from_day, last=to_day)
    first, last = week_of(from_day), week_of(to_day)
    if first == last:
        return _("week {week}").format(week=first)
    return _("weeks {first} to {last}").format(first=first, last=last)


def range_sentence(day: int, sourced: DayRange) -> str:
    """'Week 7 after surgery; most people: weeks 3 to 7.': a dated event's week and range, as a sentence."""
    if sourced.window:
        return _("Week {week} after surgery; {window}.").format(week=week_of(day), window=window_words(sourced))
    return _("Week {week} after surgery; most people: {range}.").format(
        week=week_of(day), range=describe_range(sourced)
    )


def week_and_range(day: int, sourced: DayRange) -> str:
    """'week 7; most people: weeks 3 to 7': where a date falls and its range, in the same terms."""
    if sourced.window:
        return _("week {week}; {window}").format(week=week_of(day), window=window_words(sourced))
    return _("week {week}; most people: {range}").format(week=week_of(day), range=describe_range(sourced))


def range_note(sourced: DayRange | None) -> str:
    """'(most people: weeks 2 to 3)', or '' when there is no range to show."""
    if sourced is not None and sourced.window:
        return f"({window_words(sourced)})"
    return _("(most people: {range})").format(range=describe_range(sourced)) if sourced is not None else ""


def window_words(window: DayRange) -> str:
    """'answer within weeks 14 to 27', or 'answer before surgery' for a window that closes on the day of surgery."""
    if window.to_day == 0:
        return _("answer before surgery")
    return _("answer within {range}").format(range=describe_range(window))


def fmt_short_date(date: dt.date) -> str:
    """'15 May' / '15 may' (for table cells where the year is clear from context)."""
    return day_month(date)


def when(day: int, surgery_date: dt.date | None) -> str:
    """'week 7 (day 42, Wed 12 Jun 2024)', or without a date 'week 7 (day 42)'."""
    if surgery_date is None:
        return _("week {week} (day {day})").format(week=week_of(day), day=day)
    date = fmt_date(surgery_date + dt.timedelta(days=day))
    return _("week {week} (day {day}, {date})").format(week=week_of(day), day=day, date=date)


def day_range(first: int, last: int, surgery_date: dt.date | None) -> str:
    """'in week 4 (days 21-27, Wed 22 May 2024 - Tue 28 May 2024)' or 'on day 10 (...)'."""
    if first == last:
        if surgery_date is None:
            return _("on day {day}").format(day=first)
        return _("on day {day} ({date})").format(day=first, date=fmt_date(surgery_date + dt.timedelta(days=first)))
    if surgery_date is None:
        return _("in week {week} (days {first}-{last})").format(week=week_of(first), first=first, last=last)
    start, end = (fmt_date(surgery_date + dt.timedelta(days=d)) for d in (first, last))
    return _("in week {week} (days {first}-{last}, {start} - {end})").format(
        week=week_of(first), first=first, last=last, start=start, end=end
    )


def weeks_label(start_day: int, end_day: int) -> str:
    """'1' for a phase inside week 1, '2-6' for one spanning weeks 2 to 6."""
    first, last = week_of(start_day), week_of(end_day)
    return str(first) if first == last else f"{first}-{last}"
