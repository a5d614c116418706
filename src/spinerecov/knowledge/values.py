"""Numbers and dates as people type them: one parser per kind, for the command line, the profile and a CSV.

Every value has bounds, and every parser reads plain ASCII digits only: not
`٤٠`, `１２`, `4_0`, `0x10`, `1e400`, `inf` or `nan`, which Python's `int()`
and `float()` would take or choke on. A text is checked for its length before
it is turned into a number, so a 5,000-digit value is refused like 121 is. A
problem raises `ValueProblem` with a message that names the value and the
allowed range but not where it came from: the caller adds the option, column
or profile key.
"""

import datetime as dt
import re
from typing import NamedTuple

from spinerecov.errors import UsageError, clip
from spinerecov.i18n import N_, _, current_language


class ValueProblem(UsageError):
    """A value that is not of its kind, or outside its bounds; the message says which and what is allowed."""


class Bounds(NamedTuple):
    """The smallest and the largest value allowed, both included."""

    low: float
    high: float


AGE = Bounds(0, 120)
BMI = Bounds(10, 100)
LEVELS = Bounds(1, 10)
WEEK = Bounds(1, 520)
"""Weeks after surgery a question can be about: ten years."""
DAY = Bounds(0, 3650)
"""Days after surgery a question can be about (--day, and --on counted from the surgery date): ten years."""
JOBS = Bounds(1, 256)
MOST_PARTS = 100_000
"""--part K/N: N at most this."""

EARLIEST_SURGERY = dt.date(1950, 1, 1)
LATEST_SURGERY = dt.date(2200, 12, 31)
"""A surgery date outside these years is a typo; a ten-year plan must still fit in the calendar."""
LATEST_TODAY = dt.date(2210, 12, 31)
"""--today can be as late as ten years after the latest surgery date."""

WHOLE = re.compile(r"[+-]?[0-9]+", flags=re.ASCII)
DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+", flags=re.ASCII)
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", flags=re.ASCII)
LONGEST_DECIMAL = 32
"""Characters in a decimal number: enough for any sensible precision, checked before float()."""

NOT_WHOLE = N_("'{value}' is not a whole number; write it in digits, e.g. {example}.")
NOT_NUMBER = N_("'{value}' is not a number; write it in digits, e.g. {example}.")
NOT_BETWEEN = N_("{number} is not between {low} and {high}.")


def whole_number(text: str, bounds: Bounds) -> int:
    """`text` as a whole number within `bounds` (a sign is allowed, spaces around it are ignored).

    Raises:
        ValueProblem: Not plain digits, or outside the bounds.
    """
    written = text.strip()
    if not WHOLE.fullmatch(written):
        raise ValueProblem(_(NOT_WHOLE).format(value=clip(text), example=shown(bounds.low + 1)))
    significant = written.lstrip("+-").lstrip("0")
    if len(significant) > len(str(int(max(abs(bounds.low), abs(bounds.high))))):
        raise _outside(written, bounds)
    return checked_whole(int(written), bounds)


def decimal_number(text: str, bounds: Bounds) -> float:
    """`text` as a number within `bounds`, with a decimal point or comma: 31.5, 31,5, 31.

    Raises:
        ValueProblem: Not plain digits, or outside the bounds.
    """
    written = decimal_point(text.strip())
    if not DECIMAL.fullmatch(written):
        raise ValueProblem(_(NOT_NUMBER).format(value=clip(text), example=shown(bounds.low + 14)))
    significant = written.split(".")[0].lstrip("0")
    if len(written) > LONGEST_DECIMAL or len(significant) > len(str(int(bounds.high))):
        raise _outside(written, bounds)
    return checked_decimal(float(written), bounds)


def decimal_point(text: str) -> str:
    """A decimal comma as a decimal point: '4,5' -> '4.5' (Spanish writes it so; so does much of the world).

    In English, a comma before exactly three digits ('1,000') is a thousands
    separator, not a decimal comma: it is left alone, so the number is refused
    rather than read as 1.

    Raises:
        ValueProblem: In English, a comma that may be a thousands separator.
    """
    if text.count(",") != 1 or "." in text:
        return text
    before, after = text.split(",")
    if current_language() == "en" and len(after) == 3 and after.isdigit():
        raise ValueProblem(
            _("'{value}' has a thousands separator or a decimal comma; write {point} or {whole}.").format(
                value=clip(text), point=f"{before}.{after}", whole=f"{before}{after}"
            )
        )
    return f"{before}.{after}"


def checked_whole(value: object, bounds: Bounds) -> int:
    """A whole number already read (from TOML, say) if it is one and within `bounds`; else a `ValueProblem`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _not_a_number(value, bounds)
    if not bounds.low <= value <= bounds.high:
        raise _outside(clip(value), bounds)
    return value


def checked_decimal(value: object, bounds: Bounds) -> float:
    """A number already read (whole or not) if it is finite and within `bounds`; else a `ValueProblem`."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _not_a_number(value, bounds)
    if not bounds.low <= value <= bounds.high:  # also nan and inf
        raise _outside(shown(value) if isinstance(value, float) else clip(value), bounds)
    return float(value)


def shown(number: float) -> str:
    """A bound or a checked number as written: 10, 4.5 (never a float conversion of a huge int)."""
    if isinstance(number, int):
        return clip(number)
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else f"{number:g}"


def _outside(written: str, bounds: Bounds) -> ValueProblem:
    return ValueProblem(_(NOT_BETWEEN).format(number=clip(written), low=shown(bounds.low), high=shown(bounds.high)))


def _not_a_number(value: object, bounds: Bounds) -> ValueProblem:
    written = (
        f"'{clip(value)}'"
        if isinstance(value, str)
        else clip(value).lower()
        if isinstance(value, bool)
        else clip(value)
    )
    return ValueProblem(
        _("{value} is not a number from {low} to {high} (write it in digits, without quotes).").format(
            value=written, low=shown(bounds.low), high=shown(bounds.high)
        )
    )


def iso_date(text: str) -> dt.date:
    """YYYY-MM-DD exactly (not 20240501, 2024-W18 or ١٩٥٠-٠١-٠١) as a date.

    Raises:
        ValueProblem: Not written so, or not a real date (2024-02-30).
    """
    written = text.strip()
    try:
        if not ISO_DATE.fullmatch(written):
            raise ValueError(written)
        return dt.date.fromisoformat(written)
    except ValueError:
        raise ValueProblem(_date_problem(text)) from None


def _date_problem(text: str) -> str:
    """Why `text` is not a date: another form (with the one date it can mean), or not a real date."""
    from spinerecov.knowledge.date_forms import is_other_form, meant_date

    if ISO_DATE.fullmatch(text.strip()):
        return _("'{value}' is not a real date; write it as YYYY-MM-DD, e.g. 2024-05-01.").format(value=clip(text))
    meant = meant_date(text)
    if meant is not None:
        return _("'{value}' is not in the form YYYY-MM-DD; did you mean {date}?").format(
            value=clip(text), date=meant.isoformat()
        )
    if is_other_form(text):
        return _(
            "'{value}' is not in the form YYYY-MM-DD and could be read two ways; write it as YYYY-MM-DD,"
            " e.g. 2024-05-01."
        ).format(value=clip(text))
    return _("'{value}' is not a real date; write it as YYYY-MM-DD, e.g. 2024-05-01.").format(value=clip(text))


def surgery_date(text: str) -> dt.date:
    """A surgery date written YYYY-MM-DD, within the years a plan can be dated in."""
    return check_surgery_date(iso_date(text))


def check_surgery_date(date: dt.date) -> dt.date:
    """`date` if a plan can be dated from it (1950-01-01 to 2200-12-31); else a `ValueProblem`."""
    if not EARLIEST_SURGERY <= date <= LATEST_SURGERY:
        raise ValueProblem(
            _("{date} is not a plausible surgery date; give one between {earliest} and {latest}.").format(
                date=date.isoformat(), earliest=EARLIEST_SURGERY.isoformat(), latest=LATEST_SURGERY.isoformat()
            )
        )
    return date


def today_date(text: str) -> dt.date:
    """--today written YYYY-MM-DD, from 1950-01-01 to 2210-12-31 (not 9999-12-31)."""
    date = iso_date(text)
    if not EARLIEST_SURGERY <= date <= LATEST_TODAY:
        raise ValueProblem(
            _("{date} is not a plausible date for today; give one between {first} and {last}.").format(
                date=date.isoformat(), first=EARLIEST_SURGERY.year, last=LATEST_TODAY.year
            )
        )
    return date


def part_of(text: str) -> tuple[int, int]:
    """'K/N' (share K of N, 1 <= K <= N <= 100,000, plain digits) as (K, N).

    Raises:
        ValueProblem: Not written so, or out of range.
    """
    found = re.fullmatch(r"\s*([0-9]{1,6})\s*/\s*([0-9]{1,6})\s*", text, flags=re.ASCII)
    if not found or not 1 <= int(found[1]) <= int(found[2]) <= MOST_PARTS:
        raise ValueProblem(
            _("'{part}' should be K/N with 1 <= K <= N <= {most}, e.g. 2/4.").format(
                part=clip(text, 20), most=MOST_PARTS
            )
        )
    return int(found[1]), int(found[2])


KG_PER_LB = 0.45359237
MOST_KG = 500.0
"""--weight: a load above this is a typo."""
WEIGHT = re.compile(r"\s*([0-9]+(?:[.,][0-9]+)?)\s*([a-zA-Z]*)\s*", flags=re.ASCII)
KG_PER_UNIT = {
    "kg": 1.0,
    "kgs": 1.0,
    "kilo": 1.0,
    "kilos": 1.0,
    "lb": KG_PER_LB,
    "lbs": KG_PER_LB,
    "pound": KG_PER_LB,
    "pounds": KG_PER_LB,
}


def weight_kg(text: str) -> float:
    """--weight: '10kg', '4.5 kg', '4,5kg', '22lb', '22 lbs' -> kilograms, more than 0 and at most 500 kg.

    Raises:
        ValueProblem: Not a number with a known unit, or out of range.
    """
    match = WEIGHT.fullmatch(text)
    if not match or len(match.group(1)) > LONGEST_DECIMAL:
        problem = _("--weight '{weight}' is not a weight; write a number and a unit, e.g. 10kg or 22lb.")
        if match:
            problem = _("--weight '{weight}' is out of range; give a load of more than 0 and at most {most} kg.")
        raise ValueProblem(problem.format(weight=clip(text), most=shown(MOST_KG)))
    written, unit = decimal_point(match.group(1)), match.group(2).lower()
    if not unit:
        amount = clip(written, 20)
        raise ValueProblem(
            _("--weight '{weight}' needs a unit: kg or lb, e.g. {amount}kg or {amount}lb.").format(
                weight=clip(text), amount=amount
            )
        )
    if unit not in KG_PER_UNIT:
        raise ValueProblem(
            _("--weight '{weight}' has an unknown unit '{unit}'; use kg or lb, e.g. 10kg or 22lb.").format(
                weight=clip(text), unit=clip(unit, 20)
            )
        )
    kilograms = float(written) * KG_PER_UNIT[unit]
    if not 0 < kilograms <= MOST_KG:
        raise ValueProblem(
            _("--weight '{weight}' is out of range; give a load of more than 0 and at most {most} kg.").format(
                weight=clip(text), most=shown(MOST_KG)
            )
        )
    return kilograms
