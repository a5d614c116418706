"""Who is due in a week as a JSON document (`due --json`), from pydantic models (so its JSON Schema can be made).

A documented contract: add keys, never rename them.
"""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from spinerecov.output.json.encoding import to_json
from spinerecov.plan.days import week_of
from spinerecov.plan.due import DueEvent, DueWeek

DUE_SCHEMA = "spinerecov/due/v1"
"""The schema `due --json` names (the model's `schema` holds the same)."""


class _Document(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class DueRange(_Document):
    """The days (and dates) the sources give for the event, and those sources."""

    from_day: int
    to_day: int
    from_date: str
    to_date: str
    sources: list[str]


class DueItem(_Document):
    """One event due for one patient."""

    date: str
    id: str = Field(description="The patient's id in the list.")
    line: int = Field(description="The patient's line in the list.")
    kind: str
    milestone: str
    name: str
    optional: bool
    day: int
    week: int
    range: DueRange


class DueFailure(_Document):
    """A row of the list that could not be used, and why."""

    line: int
    id: str
    reason: str


class DueWeekDates(_Document):
    """The week: Monday to Sunday."""

    monday: str
    sunday: str


class DueDocument(_Document):
    """`spinerecov due --json`."""

    schema_: Literal["spinerecov/due/v1"] = Field(alias="schema")
    week: DueWeekDates
    patients: int = Field(description="Rows read from the list, failed ones included.")
    patients_due: int
    failed_rows: int
    due: list[DueItem]
    failed: list[DueFailure]


def due_document(due: DueWeek) -> DueDocument:
    """The week's events (in date, then list order) and every failed row."""
    return DueDocument(
        schema_=DUE_SCHEMA,
        week=DueWeekDates(monday=due.week.monday.isoformat(), sunday=due.week.sunday.isoformat()),
        patients=due.patients,
        patients_due=due.patients_due,
        failed_rows=len(due.failed),
        due=[_item(event) for day in due.by_day for event in day],
        failed=[DueFailure(line=line, id=ident, reason=reason) for line, ident, reason in due.failed],
    )


def _item(event: DueEvent) -> DueItem:
    milestone = event.due.milestone
    surgery = event.due.date - dt.timedelta(days=milestone.day)
    sourced = milestone.range
    return DueItem(
        date=event.due.date.isoformat(),
        id=event.patient_id,
        line=event.line,
        kind=milestone.kind,
        milestone=milestone.id,
        name=milestone.name,
        optional=milestone.optional,
        day=milestone.day,
        week=week_of(milestone.day),
        range=DueRange(
            from_day=sourced.from_day,
            to_day=sourced.to_day,
            from_date=(surgery + dt.timedelta(days=sourced.from_day)).isoformat(),
            to_date=(surgery + dt.timedelta(days=sourced.to_day)).isoformat(),
            sources=list(sourced.sources),
        ),
    )


def due_to_json(due: DueWeek) -> str:
    """The document as the byte-stable JSON every `--json` prints."""
    return to_json(due_document(due).model_dump(by_alias=True))
