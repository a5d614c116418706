"""The shape of the plan documents: `timeline --json` (and `export --format json`) and `can-i --json`.

See `shapes.py` for how these types are used.
"""

from __future__ import annotations

from typing import Literal

from pydantic import with_config
from typing_extensions import TypedDict

from spinerecov.output.json.shapes import (
    STRICT,
    AdjustmentDoc,
    CitedTextDoc,
    ClinicDoc,
    DifferDoc,
    Factors,
    LimitDoc,
    RangeDoc,
    RedFlagDoc,
    StepDoc,
    Verdict,
)

# --- timeline --json, export --format json -------------------------------------------------------


@with_config(STRICT)
class PhaseLimitDoc(TypedDict):
    """An activity's limit from a day within a phase."""

    activity: str
    from_day: int
    verdict: Verdict
    limit: LimitDoc | None


@with_config(STRICT)
class PhaseDoc(TypedDict):
    """A phase with its dates, status and limits."""

    id: str
    name: str
    start: str
    end: str
    start_day: int
    end_day: int
    weeks: list[int]
    status: str
    expect: str
    goals: list[str]
    limits: list[PhaseLimitDoc]
    sources: list[str]
    start_range: RangeDoc | None


@with_config(STRICT)
class MilestoneDoc(TypedDict):
    """A milestone with its date, range and sources."""

    id: str
    name: str
    kind: str
    date: str
    day: int
    week: int
    status: str
    optional: bool
    description: str
    sources: list[str]
    range: RangeDoc | None
    sources_differ: DifferDoc | None


@with_config(STRICT)
class ActivityPlanDoc(TypedDict):
    """When an activity opens, and its whole schedule."""

    id: str
    name: str
    verdict_today: Verdict
    limited_from_day: int | None
    limited_from_date: str | None
    allowed_from_day: int | None
    allowed_from_date: str | None
    conditions: list[str]
    schedule: list[StepDoc]


@with_config(STRICT)
class SourceDoc(TypedDict):
    """A cited source."""

    id: str
    title: str
    kind: str
    note: str | None


@with_config(STRICT)
class TimelineDoc(TypedDict):
    """`spinerecov/timeline/v1`: the whole dated plan."""

    schema: Literal["spinerecov/timeline/v1"]
    generator: str
    procedure: str
    procedure_name: str
    category: str
    surgery_date: str
    today: str
    day_today: int
    week_today: int | None
    factors: Factors
    hospital_stay: CitedTextDoc
    full_recovery_date: str
    phases: list[PhaseDoc]
    milestones: list[MilestoneDoc]
    activities: list[ActivityPlanDoc]
    adjustments: list[AdjustmentDoc]
    red_flags: list[RedFlagDoc]
    clinic: ClinicDoc | None
    disclaimer: str
    sources: list[SourceDoc]


# --- can-i --json ---------------------------------------------------------------------------------


@with_config(STRICT)
class ChangeDoc(TypedDict):
    """A later change of an answer."""

    day: int
    week: int
    date: str | None
    verdict: Verdict
    limit: LimitDoc | None


@with_config(STRICT)
class AnswerDoc(TypedDict):
    """`spinerecov/can-i/v1`: one answer to "can I ...?"."""

    schema: Literal["spinerecov/can-i/v1"]
    activity: str
    activity_name: str
    procedure: str
    procedure_name: str
    day: int
    last_day: int
    week: int
    date: str | None
    surgery_date: str | None
    verdict: Verdict
    limit: LimitDoc | None
    note: str | None
    weight_kg: float | None
    allowed_from_day: int | None
    allowed_from_date: str | None
    allowed_from_range: RangeDoc | None
    unlimited_from_day: int | None
    unlimited_from_date: str | None
    unlimited_from_range: RangeDoc | None
    changes: list[ChangeDoc]
    conditions: list[CitedTextDoc]
    sources: list[str]
    sources_differ: list[DifferDoc | None]
    adjustments: list[AdjustmentDoc]
    red_flags: str
    disclaimer: str
