"""Check-in answers as people type them, read against their question: one parser per kind, clear problems.

A problem raises `ValueProblem` (a usage error) naming the value and what is allowed; the caller
adds the option or question it came from. Temperatures are kept in °C: a value typed with an F
(`100.4F`) is converted.
"""

import unicodedata

from spinerecov.errors import clip
from spinerecov.i18n import _
from spinerecov.i18n.formats import decimal
from spinerecov.knowledge.check_in_models import Question
from spinerecov.knowledge.values import Bounds, ValueProblem, decimal_number, whole_number

AnswerValue = bool | int | float | str  # bool first: an older pydantic made True a float
"""A read answer: a score or minutes (int), a temperature in °C (float), a choice or text (str), yes/no (bool)."""

MINUTES = Bounds(0, 1440)
"""Minutes in a day."""
LONGEST_NOTE = 2000
"""Characters in a note: a few paragraphs."""

YES = frozenset({"yes", "y", "si", "sí", "s"})
NO = frozenset({"no", "n"})


def fahrenheit_to_celsius(value: float) -> float:
    """°F to °C, to two decimals (100.4 °F is 38 °C)."""
    return round((value - 32) * 5 / 9, 2)


def celsius_to_fahrenheit(value: float) -> float:
    """°C to °F, to one decimal."""
    return round(value * 9 / 5 + 32, 1)


def read_answer(question: Question, text: str) -> AnswerValue:
    """`text` as an answer to `question`.

    Raises:
        ValueProblem: The answer is not of the question's kind, or outside what it allows.
    """
    if question.kind == "number":
        assert question.range is not None  # noqa: S101 - the model requires a range for numbers
        bounds = Bounds(question.range.min, question.range.max)
        if question.unit == "celsius":
            return read_temperature(text, bounds)
        return whole_number(text, bounds)
    if question.kind == "minutes":
        return whole_number(text, MINUTES)
    if question.kind == "yes-no":
        return read_yes_no(text)
    if question.kind == "choice":
        return read_choice(question, text)
    return read_note(text)


def read_temperature(text: str, bounds: Bounds) -> float:
    """A body temperature in °C (`38.2`, `38,2`) or in °F with an F (`100.4F`, `100.4 °F`), kept in °C."""
    written = text.strip().replace("°", "").rstrip()
    fahrenheit = written[-1:] in ("F", "f")
    celsius_mark = written[-1:] in ("C", "c")
    number = written[:-1] if fahrenheit or celsius_mark else written
    wide = Bounds(0, 999)
    value = decimal_number(number, wide)
    celsius = fahrenheit_to_celsius(value) if fahrenheit else value
    if not bounds.low <= celsius <= bounds.high:
        message = _(
            "{value} is not a body temperature between {low} and {high} °C ({low_f} to {high_f} °F);"
            " write °F with an F, e.g. 100.4F."
        )
        raise ValueProblem(
            message.format(
                value=clip(text),
                low=decimal(bounds.low),
                high=decimal(bounds.high),
                low_f=decimal(celsius_to_fahrenheit(bounds.low)),
                high_f=decimal(celsius_to_fahrenheit(bounds.high)),
            )
        )
    return celsius


def read_yes_no(text: str) -> bool:
    """yes/y or no/n (in English or Spanish: sí/si/s), in any case."""
    word = _plain(text)
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueProblem(_("'{value}' is not yes or no.").format(value=clip(text)))


def read_choice(question: Question, text: str) -> str:
    """One of the question's answers, by its value (`red`) or its number in the list (`2`)."""
    values = [answer.value for answer in question.answers]
    word = _plain(text)
    if word in values:
        return word
    if word.isascii() and word.isdigit() and 1 <= int(word) <= len(values):
        return values[int(word) - 1]
    import difflib

    close = difflib.get_close_matches(word, values, n=1)
    if close:
        message = _("'{value}' is not one of: {choices} (did you mean '{suggestion}'?).")
    else:
        message = _("'{value}' is not one of: {choices}.")
    raise ValueProblem(
        message.format(value=clip(text), choices=", ".join(values), suggestion=close[0] if close else "")
    )


def read_note(text: str) -> str:
    """A note: plain text up to a few paragraphs, without control or direction-changing characters."""
    note = text.strip()
    if len(note) > LONGEST_NOTE:
        raise ValueProblem(_("A note can be at most {count} characters long.").format(count=LONGEST_NOTE))
    if any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\n\t" for ch in note):
        raise ValueProblem(_("A note cannot contain control characters or hidden formatting characters."))
    return note


def _plain(text: str) -> str:
    return text.strip().casefold()
