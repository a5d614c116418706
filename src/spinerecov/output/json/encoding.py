"""JSON building blocks shared by every JSON document: limits, ranges, other views, steps, adjustments, red flags."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from spinerecov.i18n import _
from spinerecov.knowledge.models import (
    ActivityStep,
    Clinic,
    DayRange,
    KnowledgeBase,
    Limit,
    RedFlag,
    SourcesDiffer,
)
from spinerecov.output.wording import (
    ACTION_WORDS,
    LB_PER_KG,
    describe_limit,
    differ_line,
)
from spinerecov.plan.days import week_of
from spinerecov.plan.personalise import Adjustment

if TYPE_CHECKING:
    from spinerecov.output.json.shapes import (
        AdjustmentDoc,
        CitedTextDoc,
        ClinicDoc,
        DifferDoc,
        LimitDoc,
        RangeDoc,
        RedFlagDoc,
        StepDoc,
    )


def schema_name(document: str) -> str:
    """The `schema` every JSON document names first: `spinerecov/<document>/v1`."""
    return f"spinerecov/{document}/v1"


def to_json(document: Any) -> str:
    """Stable, readable JSON text with a final newline.

    The bytes are those of `json.dumps(document, indent=2, ensure_ascii=False)`,
    whose indented encoder is pure Python; orjson writes the same bytes about
    thirty times faster. Where the two could differ (a float written with an
    exponent, an integer beyond 64 bits) the standard library writes it.
    """
    return json_text(document, newline=True)


def json_text(value: Any, newline: bool = False) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)` (and a newline), by orjson where the bytes are the same."""
    import orjson  # only JSON output needs it; keep it off the plain-text path

    options = orjson.OPT_INDENT_2 | (orjson.OPT_APPEND_NEWLINE if newline else 0)
    try:
        text: bytes | None = orjson.dumps(value, option=options)
    except orjson.JSONEncodeError:
        text = None  # the standard library writes it, or says what is wrong
    if text is not None and not _written_differently(text):
        return text.decode("utf-8")
    import json

    return json.dumps(value, indent=2, ensure_ascii=False) + ("\n" if newline else "")


_NUMBER_MARK = bytes.maketrans(b"0123456789.", b"\x01" * 11)
"""Digits and points all become one byte that JSON text never holds raw (orjson escapes control characters)."""
_EXPONENT = re.compile(rb"\x01e[-+]?\x01")
_TINY = re.compile(rb"(?<![0-9.])0\.0000")


def _written_differently(text: bytes) -> bool:
    """Whether the two encoders may write a float differently; such documents take the slow path.

    With an exponent (1e-09 against 1e-9), or below 1e-4, which Python writes with
    an exponent and orjson without. Patterns that start with a literal keep the
    scan fast on a 100 KB plan.
    """
    # A digit or point, then e, a sign perhaps, and a digit (or point: more than needed, never less). On the
    # marked copy the search starts from a rare byte, where on the text it stopped at every letter e.
    if _EXPONENT.search(text.translate(_NUMBER_MARK)) is not None:
        return True
    return b"0.0000" in text and _TINY.search(text) is not None


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def limit_to_dict(limit: Limit | None) -> LimitDoc | None:
    """A limit as JSON: its full text and its numbers."""
    if limit is None:
        return None
    return {
        "text": describe_limit(limit),
        "max_kg": limit.max_kg,
        "max_lb": round(limit.max_kg * LB_PER_KG) if limit.max_kg is not None else None,
        "max_minutes": limit.max_minutes,
    }


def range_to_dict(sourced: DayRange | None) -> RangeDoc | None:
    """A sourced range as JSON: {"from_day", "to_day", "sources"}."""
    if sourced is None:
        return None
    return {"from_day": sourced.from_day, "to_day": sourced.to_day, "sources": list(sourced.sources)}


def differ_to_dict(differ: SourcesDiffer | None, kb: KnowledgeBase) -> DifferDoc | None:
    """Another view as JSON: its text, source ids, and the sentence shown to patients (with titles)."""
    if differ is None:
        return None
    return {"text": differ.text, "sources": list(differ.sources), "shown": differ_line(differ, kb.sources)}


def step_to_dict(step: ActivityStep, from_date: str | None, kb: KnowledgeBase) -> StepDoc:
    """One step of an activity schedule as JSON; `from_date` is the date it starts on, when the plan is dated."""
    return {
        "from_day": step.from_day,
        "range": _step_range_dict(step),
        "from_week": week_of(step.from_day),
        "from_date": from_date,
        "verdict": step.verdict,
        "limit": limit_to_dict(step.limit),
        "note": step.note,
        "sources": list(step.sources),
        "sources_differ": differ_to_dict(step.sources_differ, kb),
    }


def _step_range_dict(step: ActivityStep) -> RangeDoc | None:
    """`range_to_dict(step_range(step))`, without building a one-day range model for every step that has none."""
    if step.range is not None:
        return range_to_dict(step.range)
    return {"from_day": step.from_day, "to_day": step.from_day, "sources": list(step.sources)}


def adjustment_to_dict(adjustment: Adjustment, surgery_date: dt.date | None) -> AdjustmentDoc:
    """One personalisation adjustment as JSON."""

    def date_of(day: int | None) -> str | None:
        return _iso(surgery_date + dt.timedelta(days=day)) if surgery_date and day is not None else None

    return {
        "rule": adjustment.rule_id,
        "effect": adjustment.effect,
        "factors": list(adjustment.factors),
        "target": adjustment.target,
        "target_name": adjustment.target_name,
        "from_day": adjustment.from_day,
        "to_day": adjustment.to_day,
        "from_date": date_of(adjustment.from_day),
        "to_date": date_of(adjustment.to_day),
        "reason": adjustment.text,
        "sources": list(adjustment.sources),
    }


def red_flag_to_dict(flag: RedFlag) -> RedFlagDoc:
    """One red flag as JSON."""
    return {
        "id": flag.id,
        "symptom": flag.symptom,
        "action": flag.action,
        "action_text": _(ACTION_WORDS[flag.action]),
        "sources": list(flag.sources),
    }


def clinic_to_dict(clinic: Clinic | None) -> ClinicDoc | None:
    """The clinic whose protocol applies, as JSON (null without a protocol)."""
    if clinic is None:
        return None
    return {
        "name": clinic.name,
        "phone": clinic.phone,
        "note": clinic.note,
        "identifier_system": clinic.identifier_system,
    }


def cited_to_dict(text: str, sources: list[str] | tuple[str, ...]) -> CitedTextDoc:
    """A text with its sources (a hospital stay, a condition) as JSON."""
    return {"text": text, "sources": list(sources)}
