"""The shape of the catalogues and tool documents: procedures, activities, red flags, profile, kb, batch report.

See `shapes.py` for how these types are used.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import with_config
from typing_extensions import TypedDict

from spinerecov.output.json.shapes import STRICT, CitedTextDoc, ClinicDoc, RedFlagDoc

# --- the catalogues -------------------------------------------------------------------------------


@with_config(STRICT)
class PhaseSpanDoc(TypedDict):
    """A phase's days."""

    id: str
    name: str
    start_day: int
    end_day: int


@with_config(STRICT)
class ProcedureDoc(TypedDict):
    """One procedure of the catalogue."""

    id: str
    name: str
    category: str
    aliases: list[str]
    codes: list[str]
    description: str
    hospital_stay: CitedTextDoc
    full_recovery_day: int
    phases: list[PhaseSpanDoc]
    sources: list[str]


@with_config(STRICT)
class ProceduresDoc(TypedDict):
    """`spinerecov/procedures/v1`: the procedures."""

    schema: Literal["spinerecov/procedures/v1"]
    default: str
    procedures: list[ProcedureDoc]


@with_config(STRICT)
class ActivityDoc(TypedDict):
    """One activity of the catalogue."""

    id: str
    name: str
    aliases: list[str]
    description: str
    conditions: list[CitedTextDoc]


@with_config(STRICT)
class ActivitiesDoc(TypedDict):
    """`spinerecov/activities/v1`: the activities."""

    schema: Literal["spinerecov/activities/v1"]
    activities: list[ActivityDoc]


@with_config(STRICT)
class RedFlagsDoc(TypedDict):
    """`spinerecov/red-flags/v1`: the red flags for a procedure."""

    schema: Literal["spinerecov/red-flags/v1"]
    procedure: str
    red_flags: list[RedFlagDoc]
    clinic: ClinicDoc | None
    disclaimer: str


@with_config(STRICT)
class ProfileDoc(TypedDict):
    """`spinerecov/profile/v1`: the saved profile and where it is."""

    schema: Literal["spinerecov/profile/v1"]
    path: str
    exists: bool
    profile: dict[str, Any] | None


# --- kb check --json, kb sources --json -----------------------------------------------------------


@with_config(STRICT)
class FindingDoc(TypedDict):
    """A problem `kb check` found: the YAML path, file:line, and what."""

    path: str
    where: str
    message: str


@with_config(STRICT)
class KbSummaryDoc(TypedDict):
    """Counts and ids of what a knowledge base holds."""

    procedures: list[str]
    phases: int
    milestones: int
    activities: list[str]
    sources: dict[str, int]
    red_flags: int
    factor_rules: int
    clinic: str | None


@with_config(STRICT)
class KbCheckDoc(TypedDict):
    """`spinerecov/kb-check/v1`: what `kb check` found."""

    schema: Literal["spinerecov/kb-check/v1"]
    file: str
    protocol: str | None
    valid: bool
    summary: KbSummaryDoc
    errors: list[FindingDoc]
    warnings: list[FindingDoc]


@with_config(STRICT)
class CitedSourceDoc(TypedDict):
    """A source and the facts that cite it."""

    id: str
    kind: str
    title: str
    note: str | None
    cited_by: list[str]


@with_config(STRICT)
class KbSourcesDoc(TypedDict):
    """`spinerecov/kb-sources/v1`: every source and the facts that cite it."""

    schema: Literal["spinerecov/kb-sources/v1"]
    sources: list[CitedSourceDoc]


# --- batch --report FILE.json ---------------------------------------------------------------------


@with_config(STRICT)
class ReportRowDoc(TypedDict):
    """One row's outcome (the same columns as the CSV report)."""

    id: str
    line: int
    outcome: Literal["written", "unchanged", "rewritten", "failed"]
    reason: str
    path: str


@with_config(STRICT)
class BatchReportDoc(TypedDict):
    """`spinerecov/batch-report/v1`: every row's outcome."""

    schema: Literal["spinerecov/batch-report/v1"]
    rows: list[ReportRowDoc]
