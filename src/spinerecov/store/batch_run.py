"""Running a batch: rows streamed from the list, planned and written by worker processes, outcomes in list order.

Each row becomes exactly one Outcome: written, unchanged (its plan is there,
made from the same inputs), rewritten (its inputs changed) or failed (with the
reason); see batch_row.py. What each plan was made from goes into the
folder's record (plan_record.py) as the outcomes come back, a chunk at a time.
Rows travel in small chunks and only a few chunks are in flight at a time, so memory stays flat whatever the length of
the list. The workers are forked from this process, so the knowledge base is
loaded once and shared; where fork is not available it is sent to each worker
once. Outcomes come back in the order of the list, so the files, the report and
the terminal are the same whatever the number of workers.

Ctrl-C asks the run to stop rather than breaking it wherever it is: the row in
hand (or the chunks the workers hold) is finished and told like any other, no
more rows are started, and then `KeyboardInterrupt` is raised, so every plan
written is counted. A second Ctrl-C stops at once.
"""

import gc
import itertools
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from spinerecov.errors import SpinerecovError
from spinerecov.i18n import Language, _, use_language
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.store.batch_row import BatchSettings, Outcome, Render, RowJob, forget_notes, record_key, run_row
from spinerecov.store.list_lines import RawRow, shown
from spinerecov.store.plan_files import close_folders
from spinerecov.store.plan_folder import in_part, make_folder, make_shard_folders, remove_leftovers, sync_folder
from spinerecov.store.plan_record import Made, PlanRecord
from spinerecov.store.stop_request import ctrl_c_stops_between_rows
from spinerecov.store.worker_pool import in_workers

CHUNK_ROWS = 64
"""Rows sent to a worker at a time: big enough to hide the hand-over, small enough to keep workers even."""


class _Chunk(NamedTuple):
    """Rows for a worker, with what the record knows about their plan files."""

    rows: list[RawRow]
    known: dict[str, list[Made]]


_job: RowJob | None = None
"""This process's share of the work, set once per worker (or once in-process)."""


def usable_cores() -> int:
    """The number of cores this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def select_rows(rows: Iterable[RawRow], part: int = 1, parts: int = 1) -> Iterator[RawRow]:
    """The rows of share `part` of `parts` (by id, so stable), with a second use of an id marked as a problem."""
    seen: set[str] = set()
    for row in rows:
        key = row.id.casefold()
        if parts > 1 and not in_part(key or f"line {row.line}", part, parts):
            continue
        if row.problem is None and key:
            if key in seen:
                twice = _("id '{id}' appears twice; each patient needs their own id").format(id=shown(row.id))
                row = row._replace(problem=twice)
            seen.add(key)
        yield row


def write_plans(
    rows: Iterator[RawRow],
    kb: KnowledgeBase,
    settings: BatchSettings,
    render: Render,
    jobs: int,
    on_outcome: Callable[[Outcome], None],
    warn: Callable[[str], None],
) -> Counter[str]:
    """Write every row's plan and tell `on_outcome` about each row, in list order; how many of each outcome.

    The folder is made (with its shards), temporary files a killed run left for
    these rows are removed, and when every row is done, one sync makes every
    plan, folder entry and the record durable before this returns. `warn` hears
    about a record that cannot be used.
    """
    from spinerecov.knowledge.loader import resolve_kb_path
    from spinerecov.store.batch_inputs import batch_fingerprint

    make_folder(settings.out_dir)
    if settings.shard:
        make_shard_folders(settings.out_dir)
    remove_leftovers(settings.out_dir, settings.extension, lambda ident: in_part(ident, settings.part, settings.parts))
    kb_path, protocol = settings.sources or (resolve_kb_path(), None)
    shared = batch_fingerprint(kb_path, protocol, settings.plan_format, settings.today, settings.records)
    record = PlanRecord(settings.out_dir, settings.part, settings.parts, warn)
    counts: Counter[str] = Counter()
    try:
        with ctrl_c_stops_between_rows() as stopping:
            for outcome in run_batch(rows, RowJob(kb, settings, render, shared), jobs, record, stopping):
                counts[outcome.outcome] += 1
                on_outcome(outcome)
    finally:
        record.close()
    sync_folder(settings.out_dir)
    if stopping():
        raise KeyboardInterrupt
    return counts


def run_batch(
    rows: Iterator[RawRow],
    job: RowJob,
    jobs: int,
    record: PlanRecord,
    stopping: Callable[[], bool] = lambda: False,
) -> Iterator[Outcome]:
    """Each row's Outcome, in list order, with `jobs` worker processes (1: in this process), each one recorded.

    Once `stopping()` says yes, no more rows are started; the rows already started are finished and told.
    """
    for outcomes in _run_chunks(_chunks(rows, job.settings, record), job, jobs, stopping):
        # Recorded once the plans are on their names: a kill in between costs a comparison, never a stale plan.
        record.add(outcome.made for outcome in outcomes if outcome.made is not None)
        yield from outcomes


def _run_chunks(
    chunks: Iterator[_Chunk], job: RowJob, jobs: int, stopping: Callable[[], bool]
) -> Iterator[list[Outcome]]:
    first = next(chunks, None)
    if first is None:
        return
    if jobs <= 1 or len(first.rows) < CHUNK_ROWS:
        yield from _run_here(itertools.chain([first], chunks), job, stopping)
        return
    yield from in_workers(itertools.chain([first], chunks), _run_chunk, _start, job, jobs, stopping)


def _chunks(rows: Iterator[RawRow], settings: BatchSettings, record: PlanRecord) -> Iterator[_Chunk]:
    """The rows in chunks, each with the record's entries for its rows' plan files."""
    while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
        names = [record_key(row.id, settings.extension, settings.shard) for row in chunk if row.problem is None]
        yield _Chunk(chunk, record.known(names))


def _run_here(chunks: Iterable[_Chunk], job: RowJob, stopping: Callable[[], bool]) -> Iterator[list[Outcome]]:
    _start(job)
    try:
        for chunk in chunks:
            if stopping():
                return
            yield _run_chunk(chunk)
    finally:
        _start(None)
        close_folders()
        gc.unfreeze()


def _start(job: RowJob | None) -> None:
    global _job
    _job = job
    forget_notes()
    _load_failures.clear()  # a failure belongs to its run: the next run may name other files
    if job is not None:
        # A worker started by spawn (not fork) begins in English: speak the batch's language.
        use_language(job.settings.language)
        # What is loaded by now (the knowledge base above all) lives as long as the run: the collector need
        # not scan it again after every few hundred plans. In a forked worker it also stays shared.
        gc.freeze()


def _knowledge_in(language: Language, job: RowJob) -> KnowledgeBase:
    """The knowledge base in `language`: the batch's own, or loaded once per process for a row's `lang`.

    A knowledge base that cannot be built in that language fails each of its rows with the same error,
    found once (not parsed again for every row).
    """
    if language == job.settings.language or job.settings.sources is None:
        return job.kb
    failure = _load_failures.get(language)
    if failure is not None:
        raise failure
    from spinerecov.knowledge.loader import load_knowledge_base

    path, protocol = job.settings.sources
    try:
        return load_knowledge_base(path, protocol, language)
    except SpinerecovError as exc:
        _load_failures[language] = exc
        raise


_load_failures: dict[str, SpinerecovError] = {}
"""Languages whose knowledge base could not be built in this run, with why."""


def _run_chunk(chunk: _Chunk) -> list[Outcome]:
    job = _job
    assert job is not None  # noqa: S101 - set by _start in every worker

    def knowledge(language: Language) -> KnowledgeBase:
        return _knowledge_in(language, job)

    outcomes = []
    for row in chunk.rows:
        known = chunk.known.get(record_key(row.id, job.settings.extension, job.settings.shard), [])
        outcomes.append(run_row(row, job, known, knowledge))
    return outcomes
