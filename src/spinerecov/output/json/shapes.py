"""The shape of every `--json` document and of the parts they share, as typed dicts that pydantic can describe.

The renderers return these types, so mypy checks every key and value they
write against them; `json_schemas.py` turns each document's type into its
JSON Schema (2020-12) with pydantic. The documents stay plain dicts at run
time (a plan is written thousands of times in a batch), and this module is
imported only to make the schemas: the renderers name its types under
`TYPE_CHECKING`. A key added to a document is added here first, or mypy
refuses the renderer.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, WithJsonSchema, with_config
from typing_extensions import TypedDict

from spinerecov.knowledge.patient import PatientFactors

Verdict = Literal["yes", "limited", "not-yet"]
Action = Literal["emergency", "call-surgeon", "call-within-24h"]
STRICT = ConfigDict(extra="forbid")
"""Every document and part refuses keys it does not declare (`additionalProperties: false`)."""


@with_config(STRICT)
class LimitDoc(TypedDict):
    """A limit: its full text and its numbers."""

    text: str
    max_kg: float | None
    max_lb: int | None
    max_minutes: int | None


@with_config(STRICT)
class RangeDoc(TypedDict):
    """A sourced range: the earliest and latest day the sources give, and those sources."""

    from_day: int
    to_day: int
    sources: list[str]


@with_config(STRICT)
class DifferDoc(TypedDict):
    """Another view: its text, its sources, and the sentence patients see (with the sources' titles)."""

    text: str
    sources: list[str]
    shown: str


@with_config(STRICT)
class StepDoc(TypedDict):
    """One step of an activity's schedule."""

    from_day: int
    range: RangeDoc | None
    from_week: int
    from_date: str | None
    verdict: Verdict
    limit: LimitDoc | None
    note: str | None
    sources: list[str]
    sources_differ: DifferDoc | None


@with_config(STRICT)
class AdjustmentDoc(TypedDict):
    """One change a patient factor made to the plan."""

    rule: str
    effect: str
    factors: list[str]
    target: str | None
    target_name: str | None
    from_day: int | None
    to_day: int | None
    from_date: str | None
    to_date: str | None
    reason: str
    sources: list[str]


@with_config(STRICT)
class RedFlagDoc(TypedDict):
    """A red flag: the symptom and what to do."""

    id: str
    symptom: str
    action: Action
    action_text: str
    sources: list[str]


@with_config(STRICT)
class ClinicDoc(TypedDict):
    """The clinic whose protocol applies."""

    name: str
    phone: str | None
    note: str | None
    identifier_system: str | None


@with_config(STRICT)
class CitedTextDoc(TypedDict):
    """A text with its sources (a hospital stay, an activity's condition)."""

    text: str
    sources: list[str]


Factors = Annotated[dict[str, Any], WithJsonSchema(PatientFactors.model_json_schema(mode="serialization"))]
"""The patient factors given (`age`, `smoker`, ...; null when not given): the factors model's own schema."""
