"""The shape of the screens as documents: `status --json` and `compare --json`.

See `shapes.py` for how these types are used.
"""

from __future__ import annotations

from typing import Literal

from pydantic import with_config
from typing_extensions import TypedDict

from spinerecov.output.json.shapes import (
    STRICT,
    ClinicDoc,
    DifferDoc,
    Factors,
    LimitDoc,
    RangeDoc,
    RedFlagDoc,
    Verdict,
)

# --- status --json --------------------------------------------------------------------------------


@with_config(STRICT)
class StatusPhaseDoc(TypedDict):
    """The phase today falls in."""

    id: str
    name: str
    start: str
    end: str
    expect: str


@with_config(STRICT)
class ComingDoc(TypedDict):
    """A milestone still to come."""

    id: str
    name: str
    date: str
    day: int
    in_days: int
    range: RangeDoc | None
    sources_differ: DifferDoc | None


@with_config(STRICT)
class TodayActivityDoc(TypedDict):
    """An activity as it stands today, and when it next changes."""

    id: str
    name: str
    limit: LimitDoc | None
    next_change_day: int | None
    next_change_range: RangeDoc | None
    sources_differ: DifferDoc | None


@with_config(STRICT)
class StatusDoc(TypedDict):
    """`spinerecov/status/v1`: where the patient is today."""

    schema: Literal["spinerecov/status/v1"]
    procedure: str
    procedure_name: str
    surgery_date: str
    today: str
    day: int
    week: int | None
    days_to_surgery: int
    phase: StatusPhaseDoc | None
    progress: float
    full_recovery_date: str
    next_milestones: list[ComingDoc]
    today_activities: dict[Verdict, list[TodayActivityDoc]]
    red_flags: list[RedFlagDoc]
    clinic: ClinicDoc | None
    disclaimer: str


# --- compare --json -------------------------------------------------------------------------------


@with_config(STRICT)
class ComparedRowDoc(TypedDict):
    """One row of a comparison: a day per procedure."""

    id: str
    label: str
    days: list[int | None]
    weeks: list[int | None]
    differs: bool
    ranges: list[RangeDoc | None]
    sources_differ: list[DifferDoc | None]


@with_config(STRICT)
class CompareDoc(TypedDict):
    """`spinerecov/compare/v1`: procedures side by side."""

    schema: Literal["spinerecov/compare/v1"]
    procedures: list[str]
    names: list[str]
    hospital_stay: list[str]
    factors: Factors
    milestones: list[ComparedRowDoc]
    activities_allowed_from: list[ComparedRowDoc]
    activities_limited_from: list[ComparedRowDoc]
    red_flags: str
    disclaimer: str
