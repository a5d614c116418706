"""A diary entry as every diary output shows it (table, chart, CSV, JSON, FHIR): one model, plain values.

The command turns the stored entries into these; the renderers never see the
database. Day and week count from the entry's own surgery date (day 0; week 1
is days 0 to 6), so an entry keeps its place in the plan it was made for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from spinerecov.i18n import N_, _
from spinerecov.plan.days import week_of

AnswerValue = bool | int | float | str | None
Tier = Literal["emergency", "call-surgeon", "call-within-24h", "none"]
LEG_PAIN, BACK_PAIN, TEMPERATURE, MEDICINE, WALKED, NOTE = (
    "leg-pain",
    "back-pain",
    "temperature",
    "pain-medicine",
    "walked",
    "note",
)
"""The check-in questions the diary shows in columns (the knowledge base's `check_in` question ids)."""

TIER_WORDS = {
    "emergency": N_("EMERGENCY"),
    "call-surgeon": N_("call surgeon"),
    "call-within-24h": N_("call in 24 h"),
    "none": N_("no red flag"),
}
KIND_WORDS = {"check-in": N_("check-in"), "questionnaire": N_("questionnaire")}
"""What an entry is (the table shows a check-in by its outcome, a questionnaire by this word)."""
MEDICINE_WORDS = {"none": N_("no medicine"), "simple": N_("simple"), "strong": N_("strong")}


class RaisedFlag(BaseModel):
    """A red flag a check-in raised: its id, its tier, and the answers that raised it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    action: str
    because: str


class Scale(BaseModel):
    """A questionnaire score's range and which way is better."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min: int | float
    max: int | float
    better: Literal["lower", "higher"]


class DiaryEntryOut(BaseModel):
    """One diary entry: when, where in the plan, what kind, and its answers (and outcome or score)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entry_id: int
    kind: Literal["check-in", "questionnaire"]
    date: dt.date
    day: int
    week: int
    procedure: str
    surgery_date: dt.date
    saved_at: dt.datetime
    answers: dict[str, AnswerValue]
    tier: Tier | None = None
    """A check-in's outcome (null for a questionnaire)."""
    red_flags: list[RaisedFlag] = []
    questionnaire: str | None = None
    """A questionnaire's id (null for a check-in)."""
    score: int | float | None = None
    scale: Scale | None = None
    timepoint: str | None = None
    """The schedule time point a questionnaire was for (e.g. 3-months), if any."""


_FIELDS = frozenset(DiaryEntryOut.model_fields)
"""The model's field names (asked once: pydantic builds the mapping on every access)."""


def entry_out(
    entry_id: int,
    kind: Literal["check-in", "questionnaire"],
    on: dt.date,
    procedure: str,
    surgery_date: dt.date,
    saved_at: dt.datetime,
    payload: Mapping[str, object],
) -> DiaryEntryOut:
    """A stored entry (its payload already checked by the store) as the model the outputs share."""
    day = (on - surgery_date).days
    fields: dict[str, object] = dict(payload)
    for computed in ("day", "week"):
        fields.pop(computed, None)
    values = {name: value for name, value in fields.items() if name in _FIELDS}
    return DiaryEntryOut.model_validate(
        {
            **values,
            "entry_id": entry_id,
            "kind": kind,
            "date": on,
            "day": day,
            "week": week_of(day),
            "procedure": procedure,
            "surgery_date": surgery_date,
            "saved_at": saved_at,
        }
    )


def number(entry: DiaryEntryOut, question: str) -> float | None:
    """A numeric answer of a check-in (a pain score, a temperature, minutes), None when not given."""
    value = entry.answers.get(question)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


class WeekPain(NamedTuple):
    """The mean leg and back pain of the check-ins of one week after surgery (None: not asked that week)."""

    week: int
    leg: float | None
    back: float | None


def weekly_pain(entries: Iterable[DiaryEntryOut]) -> list[WeekPain]:
    """Mean leg and back pain per week, from the check-ins that answered them, in week order."""
    sums: dict[int, dict[str, list[float]]] = {}
    for entry in entries:
        if entry.kind != "check-in":
            continue
        for question in (LEG_PAIN, BACK_PAIN):
            value = number(entry, question)
            if value is not None:
                sums.setdefault(entry.week, {LEG_PAIN: [], BACK_PAIN: []})[question].append(value)
    return [WeekPain(week, _mean(found[LEG_PAIN]), _mean(found[BACK_PAIN])) for week, found in sorted(sums.items())]


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def tier_words(tier: str | None) -> str:
    """A check-in's tier in a few words ('' for a questionnaire)."""
    return _(TIER_WORDS[tier]) if tier in TIER_WORDS else ""


def medicine_words(value: AnswerValue) -> str:
    """The pain medicine answer in words ('' when not given)."""
    if isinstance(value, str) and value in MEDICINE_WORDS:
        return _(MEDICINE_WORDS[value])
    return "" if value is None else str(value)


def score_words(entry: DiaryEntryOut) -> str:
    """'back-pain 4/10' for a questionnaire ('' for a check-in)."""
    if entry.questionnaire is None or entry.score is None:
        return ""
    top = f"/{_short(entry.scale.max)}" if entry.scale is not None else ""
    return f"{entry.questionnaire} {_short(entry.score)}{top}"


def _short(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
