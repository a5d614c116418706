"""Parsers for option values, with clear usage errors: one of a set of words, dates, numbers, patient ids.

Every message here is a usage error the person at the terminal reads, in the
chosen language; the values it quotes are clipped.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from spinerecov.i18n import _

if TYPE_CHECKING:
    from spinerecov.knowledge.values import Bounds

Value = TypeVar("Value")


def choice_of(kind: type[StrEnum], spanish: dict[str, str] | None = None) -> dict[str, Any]:
    """Parser, metavar and completion for an option or argument that takes one of `kind`'s values.

    Typer's own check words a wrong value as "Value error, 'desks' is not one
    of ..." (its validation library's wording); this one says "'desks' is not
    one of: desk, light, manual, heavy (did you mean 'desk'?)". Any case is accepted,
    and so are the values' Spanish words in `spanish` ('desk': 'oficina'), with or without accents.
    """
    members = {member.value: member for member in kind}
    return _choices(list(members), members.__getitem__, spanish or {})


def choice_among(names: Sequence[str]) -> dict[str, Any]:
    """`choice_of` for a list of words (read from a table rather than an enum): the option's value is the word."""
    return _choices(list(names), str, {})


def _choices(names: list[str], member: Callable[[str], Any], spanish: dict[str, str]) -> dict[str, Any]:
    def parse(value: str) -> Any:
        from spinerecov.i18n import current_language
        from spinerecov.knowledge.factors import fold_word

        folded = fold_word(value)
        for name in names:
            if folded in (name, fold_word(spanish.get(name, name))):
                return member(name)
        import difflib

        shown = [spanish.get(name, name) for name in names] if current_language() == "es" and spanish else names
        close = difflib.get_close_matches(folded, [*shown, *names], n=1)
        if close:
            message = _("'{value}' is not one of: {choices} (did you mean '{suggestion}'?).")
        else:
            message = _("'{value}' is not one of: {choices}.")
        choices = ", ".join(shown)
        raise typer.BadParameter(message.format(value=value, choices=choices, suggestion=close[0] if close else ""))

    def complete(incomplete: str) -> list[str]:
        from spinerecov.i18n import current_language

        # A Spanish run also offers the Spanish words; an English one only the values.
        words = [*names, *spanish.values()] if current_language() == "es" else names
        return [name for name in dict.fromkeys(words) if name.startswith(incomplete.casefold())]

    settings: dict[str, Callable[[str], Any] | str] = {
        "parser": parse,
        "metavar": f"<{'|'.join(names)}>",
        "autocompletion": complete,
    }
    return settings


def reads(read: "Callable[[str], Value]") -> "Callable[[str], Value]":
    """An option's parser from one of knowledge/values.py's: its problem becomes a usage error naming the option."""

    def parse(value: str) -> Value:
        from spinerecov.knowledge.values import ValueProblem

        try:
            return read(value)
        except ValueProblem as exc:
            raise typer.BadParameter(exc.message) from None

    return parse


def parse_date(value: str) -> dt.date:
    """YYYY-MM-DD (exactly: not 20240501 or 2024-W18) to a date, or a clear usage error."""
    from spinerecov.knowledge.values import iso_date

    return reads(iso_date)(value)


def parse_surgery_date(value: str) -> dt.date:
    """--date: a real date within the years a plan can be dated in (1950-2200)."""
    from spinerecov.knowledge.values import surgery_date

    return reads(surgery_date)(value)


def parse_today(value: str) -> dt.date:
    """--today: a real date inside the years a plan can be dated in, plus ten (not 9999-12-31)."""
    from spinerecov.knowledge.values import today_date

    return reads(today_date)(value)


def parse_part(value: str) -> str:
    """--part K/N, checked (1 <= K <= N <= 100,000); the command reads it with `part_of`."""
    from spinerecov.knowledge.values import part_of

    reads(part_of)(value)
    return value


def whole_number(bounds: "Bounds") -> Callable[[str], int]:
    """A parser for a whole number within `bounds`, in plain digits (not 4_0, not ٤, not 5,000 digits)."""
    from spinerecov.knowledge.values import whole_number as read

    return reads(lambda value: read(value, bounds))


def decimal_number(bounds: "Bounds") -> Callable[[str], float]:
    """A parser for a number within `bounds`, in plain digits with a decimal point or comma (not 3_0)."""
    from spinerecov.knowledge.values import decimal_number as read

    return reads(lambda value: read(value, bounds))


def parse_patient_id(value: str) -> str:
    """A patient identifier (see knowledge/identity.py), or a clear usage error."""
    from spinerecov.knowledge.identity import DEVICE_NAME_RULE, PATIENT_ID_RULE, is_device_name, is_patient_id

    if not is_patient_id(value):
        rule = DEVICE_NAME_RULE if is_device_name(value) else PATIENT_ID_RULE
        raise typer.BadParameter(_("'{value}' is not a usable patient id; {rule}.").format(value=value, rule=_(rule)))
    return value
