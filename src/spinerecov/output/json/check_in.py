"""The `check-in --json` document, from a pydantic model (so a JSON Schema can be generated from it)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from spinerecov.knowledge.check_in_values import AnswerValue
from spinerecov.plan.triage import Triage

CHECK_IN_SCHEMA = "spinerecov/check-in/v1"


class RaisedFlagOut(BaseModel):
    """A raised red flag: its id, its tier, and the answers that raised it, in words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    action: Literal["emergency", "call-surgeon", "call-within-24h"]
    because: str


class CheckInDocument(BaseModel):
    """A check-in: the day the answers are for, the outcome, the answers, and the diary entry (null if not saved)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_: Literal["spinerecov/check-in/v1"] = Field(alias="schema")
    date: dt.date
    day: int
    week: int
    tier: Literal["emergency", "call-surgeon", "call-within-24h", "none"]
    red_flags: list[RaisedFlagOut]
    answers: dict[str, AnswerValue]
    entry_id: int | None


def raised_flags_out(result: Triage) -> list[RaisedFlagOut]:
    """The raised flags as the document (and the diary) holds them, most urgent first."""
    return [RaisedFlagOut(id=r.flag.id, action=r.flag.action, because="; ".join(r.because)) for r in result.raised]


def check_in_document(
    on: dt.date, day: int, week: int, result: Triage, answers: dict[str, AnswerValue], entry_id: int | None
) -> dict[str, object]:
    """The JSON-able `check-in --json` document."""
    document = CheckInDocument(
        schema_=CHECK_IN_SCHEMA,
        date=on,
        day=day,
        week=week,
        tier=result.tier,
        red_flags=raised_flags_out(result),
        answers=answers,
        entry_id=entry_id,
    )
    return document.model_dump(mode="json", by_alias=True)
