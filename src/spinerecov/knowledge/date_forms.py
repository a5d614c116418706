"""Reading a date written in another form than YYYY-MM-DD, to say which date was meant.

Only a reading that cannot be anything else is offered: `26/11/2026` can only be
26 November (there is no month 26), `2026/11/26` only the 26th, while
`03/04/2026` is 3 April in most of the world and 4 March in the United States,
so no guess is made for it.
"""

from __future__ import annotations

import datetime as dt
import re

OTHER_FORM = re.compile(r"([0-9]{1,4})[/.\-]([0-9]{1,2})[/.\-]([0-9]{1,4})", flags=re.ASCII)
"""Three numbers with '/', '.' or '-' between them: 26/11/2026, 26.11.2026, 2026/11/26, 11-26-2026."""


def meant_date(text: str) -> dt.date | None:
    """The one real date `text` can mean when written day/month/year, month/day/year or year/month/day; else None."""
    found = OTHER_FORM.fullmatch(text.strip())
    if found is None:
        return None
    first, second, third = found.groups()
    if len(first) == 4:
        readings = {_date(int(first), int(second), int(third))}
    elif len(third) == 4:
        readings = {
            _date(int(third), int(second), int(first)),  # day/month/year
            _date(int(third), int(first), int(second)),  # month/day/year
        }
    else:
        return None
    readings.discard(None)
    return readings.pop() if len(readings) == 1 else None


def is_other_form(text: str) -> bool:
    """Whether `text` is three numbers written as a date in some other form (whether or not one date fits)."""
    return OTHER_FORM.fullmatch(text.strip()) is not None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
