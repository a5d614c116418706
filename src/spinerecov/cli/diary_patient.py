"""Whose entries `diary` shows: the patient's operation and surgery date, as every plan command takes them.

A diary can hold the entries of two operations (a second surgery, or answers saved
for another plan). `diary` shows those of the patient's own operation: from
--procedure and --date, else the saved profile. With neither, or with --all, it
shows every entry. --today shows the diary as it stood that day. What is left
out is counted on stderr, so nothing is hidden without a word.
"""

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeVar

from spinerecov.cli.app import warn
from spinerecov.i18n import ngettext

if TYPE_CHECKING:
    from spinerecov.output.diary_entries import DiaryEntryOut


class _Saved(Protocol):
    @property
    def procedure(self) -> str: ...
    @property
    def surgery_date(self) -> dt.date: ...


SavedEntry = TypeVar("SavedEntry", bound=_Saved)


def of_operation(entries: Sequence[SavedEntry], operation: tuple[str, dt.date]) -> tuple[list[SavedEntry], int]:
    """The entries saved for `operation` (procedure id, surgery date), and how many others there are."""
    own = [e for e in entries if (e.procedure, e.surgery_date) == operation]
    return own, len(entries) - len(own)


class DiaryPatient(NamedTuple):
    """The patient options `diary` takes, as given."""

    procedure: str | None
    date: dt.date | None
    today: dt.date | None
    protocol: str | None
    kb: str | None
    every_entry: bool


def own_entries(entries: "list[DiaryEntryOut]", patient: DiaryPatient) -> "list[DiaryEntryOut]":
    """The entries of the patient's operation up to --today; how many others there are is said on stderr."""
    if patient.today is not None:
        entries = [e for e in entries if e.date <= patient.today]
    operation = None if patient.every_entry else _operation(patient)
    if operation is None:
        return entries
    own, other = of_operation(entries, operation)
    if other:
        warn(
            ngettext(
                "{count} entry is for another operation or surgery date (--all shows it).",
                "{count} entries are for another operation or surgery date (--all shows them).",
                other,
            ).format(count=other)
        )
    return own


def _operation(patient: DiaryPatient) -> tuple[str, dt.date] | None:
    """The patient's operation id and surgery date, from the options or the profile; None when not both known."""
    from spinerecov.cli.plan_inputs import load_kb, resolve_inputs
    from spinerecov.knowledge.lookup import find_procedure

    inputs = resolve_inputs(
        patient.procedure, patient.date, {}, patient.protocol, takes=frozenset({"procedure", "date", "protocol"})
    )
    if inputs.procedure is None or inputs.surgery_date is None:
        return None
    ident, _procedure = find_procedure(load_kb(patient.kb, inputs.protocol), inputs.procedure)
    return ident, inputs.surgery_date
