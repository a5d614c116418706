"""Who is due in a week: every row of a clinic's patient list read, checked and matched against its plan's dates.

The rows are read and checked exactly as `batch` reads and checks them (store/list_lines.py,
store/patient_list.py, the duplicate-id rule of store/batch_run.py), so a row `batch` would
fail fails here with the same reason, and every row is accounted for: due something this
week, due nothing, or failed. Long lists are split into chunks run by worker processes
(forked, so the knowledge base is shared); the results come back in list order whatever the
number of workers.
"""

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import NamedTuple

from spinerecov.errors import SpinerecovError
from spinerecov.i18n import Language, use_language
from spinerecov.knowledge.lookup import find_procedure
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.plan.due import Due, Week, due_in, forget_shapes, plan_shape
from spinerecov.store.list_lines import RawRow
from spinerecov.store.patient_list import check_row, row_language
from spinerecov.store.worker_pool import in_workers

CHUNK_ROWS = 2048
"""Rows handed to a worker at a time: a row costs microseconds, so a chunk must be large to be worth sending."""


class DueSettings(NamedTuple):
    """What every row needs besides its own values."""

    week: Week
    columns: tuple[str, ...]
    language: Language


class RowDue(NamedTuple):
    """One row's result: its line and id, what falls in the week (possibly nothing), or why it failed."""

    line: int
    id: str
    procedure: str
    """As written in the list (for the note about a name that can mean two operations)."""
    due: tuple[Due, ...]
    problem: str | None


class _Job(NamedTuple):
    kb: KnowledgeBase
    settings: DueSettings


_job: _Job | None = None
"""This process's knowledge base and settings, set once per worker (or once in-process)."""


def due_rows(rows: Iterator[RawRow], kb: KnowledgeBase, settings: DueSettings, jobs: int) -> Iterator[RowDue]:
    """Each row's RowDue, in list order, with `jobs` worker processes (1: in this process)."""
    job = _Job(kb, settings)
    chunks = iter(lambda: list(itertools.islice(rows, CHUNK_ROWS)), [])
    first = next(chunks, None)
    if first is None:
        return
    if jobs <= 1 or len(first) < CHUNK_ROWS:
        _start(job)
        try:
            for chunk in itertools.chain([first], chunks):
                yield from _run_chunk(chunk)
        finally:
            _start(None)
        return
    for chunk_due in in_workers(itertools.chain([first], chunks), _run_chunk, _start, job, jobs):
        yield from chunk_due


def _start(job: _Job | None) -> None:
    global _job
    _job = job
    forget_shapes()
    if job is not None:
        # A worker started by spawn (not fork) begins in English: speak the command's language.
        use_language(job.settings.language)


def _run_chunk(chunk: list[RawRow]) -> list[RowDue]:
    job = _job
    assert job is not None  # noqa: S101 - set by _start in every worker
    return [due_row(row, job.kb, job.settings) for row in chunk]


def due_row(row: RawRow, kb: KnowledgeBase, settings: DueSettings) -> RowDue:
    """One row checked and matched against the week; any problem with it becomes its RowDue, never an exception."""
    if row.problem is not None:
        return RowDue(row.line, row.id, "", (), row.problem)
    try:
        row_language(settings.columns, row.fields, settings.language)  # a language batch refuses fails here too
        patient = check_row(row.line, settings.columns, row.fields, kb)
        procedure_id = _procedure_id(kb, patient.procedure)
    except SpinerecovError as exc:
        return RowDue(row.line, row.id, "", (), str(exc))
    shape = plan_shape(kb, procedure_id, patient.factors)
    return RowDue(patient.line, patient.id, patient.procedure, due_in(shape, patient.surgery_date, settings.week), None)


_procedures: dict[tuple[int, str], str] = {}


def _procedure_id(kb: KnowledgeBase, written: str) -> str:
    """The procedure id a name resolves to (check_row has already found it exists), looked up once per name."""
    key = (id(kb), written)
    found = _procedures.get(key)
    if found is None:
        if len(_procedures) > 4096:
            _procedures.clear()
        found = _procedures[key] = find_procedure(kb, written)[0]
    return found


def week_dates(week: Week) -> tuple[dt.date, dt.date]:
    """The week's first and last day."""
    return week.monday, week.sunday
