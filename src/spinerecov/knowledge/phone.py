"""A clinic's phone number: what every plan shows beside the red flags, so it must read as a number.

Only digits, spaces and `+ - ( ) .` are allowed: a letter, a slash or an
invisible character could make the number hard or wrong to dial, and the
handout links it as `tel:`.
"""

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from spinerecov.i18n import _

PHONE_CHARACTERS = re.compile(r"[0-9 +().-]*")
MIN_DIGITS, MAX_DIGITS, MAX_LENGTH = 3, 20, 30
"""A short internal extension has 3 digits; an international number with an extension fits in 20."""


def check_phone(text: str) -> str:
    """`text` if it reads as a phone number.

    Raises:
        ValueError: It holds anything else, or too few or too many digits.
    """
    digits = sum(ch.isdigit() for ch in text)
    if (
        PHONE_CHARACTERS.fullmatch(text) is None
        or len(text) > MAX_LENGTH
        or not MIN_DIGITS <= digits <= MAX_DIGITS
        or "+" in text[1:].lstrip()
    ):
        raise ValueError(
            _(
                "'{phone}' is not a phone number: use digits, spaces and + - ( ) . only ('+' first),"
                " {least} to {most} digits and at most {length} characters in all"
            ).format(phone=text[:40], least=MIN_DIGITS, most=MAX_DIGITS, length=MAX_LENGTH)
        )
    return text


def written_as_text(value: object) -> object:
    """A phone written as bare digits (`phone: 5550100`) is a YAML number: leading zeros and '+' are lost.

    Raises:
        ValueError: The phone is a number, not text: it must be written in quotes.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(_('write the phone number in quotes, e.g. phone: "020 7946 0321"'))
    return value


PhoneNumber = Annotated[str, BeforeValidator(written_as_text), AfterValidator(check_phone)]
