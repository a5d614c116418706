"""What a diary entry's payload may hold, checked when it is saved and again when it is read back.

A diary file can be edited by anyone who can write it, so a payload read
back is hostile input: it must be JSON of the shape below, within bounds,
before anything shows it. Keys this version does not know are kept but never
trusted (nothing here shows them).
"""

import json
from collections.abc import Mapping
from typing import Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr, ValidationError

from spinerecov.i18n import _

MAX_TEXT = 4000
"""The longest text answer (a note) a diary keeps."""
MAX_ITEMS = 200
"""The most answers or red flags one entry holds."""
DAY_BOUND = 200 * 366
"""Days from surgery an entry may be for, either way."""

Text = Annotated[StrictStr, Field(max_length=MAX_TEXT)]
Name = Annotated[StrictStr, Field(min_length=1, max_length=100)]
Number = Annotated[StrictFloat, Field(allow_inf_nan=False)] | StrictInt
Answer: TypeAlias = StrictBool | StrictInt | Annotated[StrictFloat, Field(allow_inf_nan=False)] | Text | None
Day = Annotated[StrictInt, Field(ge=-DAY_BOUND, le=DAY_BOUND)]
TIERS = ("emergency", "call-surgeon", "call-within-24h", "none")
"""The red-flag tiers, most urgent first."""


class _Checked(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class RedFlagRaised(_Checked):
    """One red flag a check-in raised: its id, what to do, and the answer that raised it."""

    id: Name
    action: Text
    because: Text


class CheckInPayload(_Checked):
    """A check-in's answers, the tier they gave and the red flags they raised."""

    answers: Annotated[dict[Name, Answer], Field(max_length=MAX_ITEMS)]
    tier: Literal["emergency", "call-surgeon", "call-within-24h", "none"]
    red_flags: Annotated[list[RedFlagRaised], Field(max_length=MAX_ITEMS)]
    day: Day
    week: Day


class Scale(_Checked):
    """A questionnaire score's range and which way is better."""

    min: Number
    max: Number
    better: Literal["lower", "higher"]


class QuestionnairePayload(_Checked):
    """A questionnaire's answers, its score on its scale, and the schedule time point it was for."""

    questionnaire: Name
    answers: Annotated[dict[Name, Answer], Field(max_length=MAX_ITEMS)]
    score: Number
    scale: Scale
    timepoint: Name | None
    day: Day
    week: Day


PAYLOADS: dict[str, type[_Checked]] = {"check-in": CheckInPayload, "questionnaire": QuestionnairePayload}


class PayloadProblem(ValueError):
    """A payload that is not JSON of its kind's shape; the message says what is wrong, in a few words."""


def encode_payload(kind: str, payload: Mapping[str, object], max_chars: int) -> str:
    """`payload` as compact JSON, once it has its kind's shape.

    Raises:
        PayloadProblem: It does not, or it is too long.
    """
    try:
        text = json.dumps(dict(payload), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError):
        raise PayloadProblem(_("it holds a value JSON cannot hold")) from None
    if len(text) > max_chars:
        raise PayloadProblem(_("more than {count} characters").format(count=max_chars))
    check_payload(kind, json.loads(text))
    return text


def decode_payload(kind: str, text: str, max_chars: int) -> dict[str, object]:
    """The payload JSON `text` of an entry of `kind`, once it is known to have that kind's shape.

    Raises:
        PayloadProblem: It is not JSON, too long, too deep, or not of its kind's shape.
    """
    if len(text) > max_chars:
        raise PayloadProblem(_("more than {count} characters").format(count=max_chars))
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise PayloadProblem(_("it is not JSON")) from None
    if not isinstance(data, dict):
        raise PayloadProblem(_("it is not a JSON object"))
    check_payload(kind, data)
    return data


def check_payload(kind: str, data: object) -> None:
    """Raise `PayloadProblem` unless `data` has the shape of a `kind` payload."""
    from spinerecov.knowledge.yaml_reader import clean_message

    model = PAYLOADS.get(kind)
    if model is None:
        raise PayloadProblem(_("unknown kind of entry '{kind}'").format(kind=kind[:40]))
    try:
        model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part)[:40] for part in error["loc"]) or "payload"
        raise PayloadProblem(f"{where}: {clean_message(error)}") from None
    except RecursionError:
        raise PayloadProblem(_("it is nested too deeply")) from None


def _no_constant(name: str) -> object:
    raise ValueError(name)
