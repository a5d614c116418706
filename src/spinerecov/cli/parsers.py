"""Parsers for option values, with clear usage errors: one of a set of words, dates, numbers, patient ids.

Every message here is a usage error the person at the terminal reads, in the
chosen language; the values it quotes are clipped.
"""

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Any

import typer

from spinerecov.errors import clip
from spinerecov.i18n import N_, _, current_language


def choice_of(kind: type[StrEnum]) -> dict[str, Any]:
    """Parser, metavar and completion for an option or argument that takes one of `kind`'s values.

    Typer's own check words a wrong value as "Value error, 'desks' is not one
    of ..." (its validation library's wording); this one says "'desks' is not
    one of: desk, light, manual, heavy (did you mean 'desk'?)". Any case is accepted.
    """
    names = [member.value for member in kind]

    def parse(value: str) -> StrEnum:
        for member in kind:
            if member.value == value.strip().casefold():
                return member
        import difflib

        close = difflib.get_close_matches(value.strip().casefold(), names, n=1)
        if close:
            message = _("'{value}' is not one of: {choices} (did you mean '{suggestion}'?).")
        else:
            message = _("'{value}' is not one of: {choices}.")
        choices = ", ".join(names)
        raise typer.BadParameter(message.format(value=value, choices=choices, suggestion=close[0] if close else ""))

    def complete(incomplete: str) -> list[str]:
        return [name for name in names if name.startswith(incomplete.casefold())]

    settings: dict[str, Callable[[str], Any] | str] = {
        "parser": parse,
        "metavar": f"<{'|'.join(names)}>",
        "autocompletion": complete,
    }
    return settings


def parse_date(value: str) -> dt.date:
    """YYYY-MM-DD (exactly: not 20240501 or 2024-W18) to a date, or a clear usage error."""
    import re

    text = value.strip()
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text, flags=re.ASCII):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            _("'{value}' is not a real date; write it as YYYY-MM-DD, e.g. 2024-05-01.").format(value=clip(value))
        ) from None


def parse_today(value: str) -> dt.date:
    """--today: a real date inside the years a plan can be dated in (not 9999-12-31)."""
    from spinerecov.plan.timeline import EARLIEST_SURGERY, LATEST_SURGERY

    date = parse_date(value)
    if not EARLIEST_SURGERY <= date <= LATEST_SURGERY + dt.timedelta(days=3660):
        raise typer.BadParameter(
            _("{date} is not a plausible date for today; give one between {first} and {last}.").format(
                date=date.isoformat(), first=EARLIEST_SURGERY.year, last=LATEST_SURGERY.year + 10
            )
        )
    return date


WHOLE = r"[+-]?[0-9]+"
DECIMAL = r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+"
NOT_WHOLE = N_("'{value}' is not a whole number; write it in digits, e.g. {example}.")
NOT_NUMBER = N_("'{value}' is not a number; write it in digits, e.g. {example}.")


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """A parser for a whole number from `low` to `high`, in plain digits (not 4_0, not ٤)."""
    return _number_parser(WHOLE, int, NOT_WHOLE, low, high)  # type: ignore[return-value]


def decimal_number(low: float, high: float) -> Callable[[str], float]:
    """A parser for a number from `low` to `high`, in plain digits with an optional decimal point (not 3_0)."""
    return _number_parser(DECIMAL, float, NOT_NUMBER, low, high)


def _shown(number: float) -> str:
    return str(int(number)) if float(number).is_integer() and abs(number) < 1e15 else f"{number:g}"


def _number_parser(
    pattern: str, kind: type[int] | type[float], not_a: str, low: float, high: float
) -> Callable[[str], float]:
    import re

    example = f"{low + 1:g}" if kind is int else f"{low + 14:g}"

    def parse(value: str) -> float:
        text = value.strip()
        if kind is float and current_language() == "es" and text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # a decimal comma, as Spanish writes it: 31,5
        if not re.fullmatch(pattern, text, flags=re.ASCII):
            raise typer.BadParameter(_(not_a).format(value=clip(value), example=example))
        number = kind(text)
        if not low <= number <= high:
            raise typer.BadParameter(
                _("{number} is not between {low} and {high}.").format(
                    number=_shown(number), low=_shown(low), high=_shown(high)
                )
            )
        return number

    return parse


def parse_patient_id(value: str) -> str:
    """A patient identifier (see knowledge/identity.py), or a clear usage error."""
    from spinerecov.knowledge.identity import DEVICE_NAME_RULE, PATIENT_ID_RULE, is_device_name, is_patient_id

    if not is_patient_id(value):
        rule = DEVICE_NAME_RULE if is_device_name(value) else PATIENT_ID_RULE
        raise typer.BadParameter(_("'{value}' is not a usable patient id; {rule}.").format(value=value, rule=_(rule)))
    return value
