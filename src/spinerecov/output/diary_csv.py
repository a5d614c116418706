"""The diary as CSV: one row per entry, one column per value a spreadsheet would sort or chart.

Text cells that a spreadsheet would run as a formula (starting with =, +, -, @,
a tab or a carriage return) are written with a leading apostrophe, so a note
like "=HYPERLINK(...)" stays text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from spinerecov.output.diary_entries import (
    BACK_PAIN,
    LEG_PAIN,
    MEDICINE,
    NOTE,
    TEMPERATURE,
    WALKED,
    DiaryEntryOut,
)

COLUMNS = (
    "entry_id",
    "date",
    "day",
    "week",
    "kind",
    "tier",
    "leg_pain",
    "back_pain",
    "temperature_c",
    "pain_medicine",
    "walked_minutes",
    "note",
    "questionnaire",
    "score",
    "scale_min",
    "scale_max",
    "timepoint",
    "red_flags",
    "procedure",
    "surgery_date",
    "saved_at",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def to_csv(entries: Sequence[DiaryEntryOut]) -> str:
    """The entries as CSV text with a header row (values as stored: ids, not translated words)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow([_cell(value) for value in _values(entry)])
    return buffer.getvalue()


def _values(entry: DiaryEntryOut) -> list[object]:
    # A questionnaire's answers are its items, not the check-in's questions: its score has its own columns.
    answers = entry.answers if entry.kind == "check-in" else {}
    return [
        entry.entry_id,
        entry.date.isoformat(),
        entry.day,
        entry.week,
        entry.kind,
        entry.tier,
        answers.get(LEG_PAIN),
        answers.get(BACK_PAIN),
        answers.get(TEMPERATURE),
        answers.get(MEDICINE),
        answers.get(WALKED),
        answers.get(NOTE),
        entry.questionnaire,
        entry.score,
        entry.scale.min if entry.scale else None,
        entry.scale.max if entry.scale else None,
        entry.timepoint,
        " ".join(flag.id for flag in entry.red_flags),
        entry.procedure,
        entry.surgery_date.isoformat(),
        entry.saved_at.isoformat(),
    ]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text
