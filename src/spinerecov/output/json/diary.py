"""The `diary --json` document (and `diary export --format json`), from a pydantic model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from spinerecov.output.diary_entries import DiaryEntryOut

DIARY_SCHEMA = "spinerecov/diary/v1"


class DiaryDocument(BaseModel):
    """The diary's entries, by the day they are for, then in the order they were saved."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_: Literal["spinerecov/diary/v1"] = Field(alias="schema")
    entries: list[DiaryEntryOut]


def diary_document(entries: Sequence[DiaryEntryOut]) -> dict[str, object]:
    """The JSON-able diary document."""
    return DiaryDocument(schema_=DIARY_SCHEMA, entries=list(entries)).model_dump(mode="json", by_alias=True)
