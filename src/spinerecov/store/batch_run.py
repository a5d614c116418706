"""Running a batch: rows streamed from the list, planned and written by worker processes, outcomes in list order.

Each row becomes exactly one Outcome: written, skipped (its plan is already
there) or failed (with the reason). Rows travel in small chunks and only a few
chunks are in flight at a time, so memory stays flat whatever the length of
the list. The workers are forked from this process, so the knowledge base is
loaded once and shared; where fork is not available it is sent to each worker
once. Outcomes come back in the order of the list, so the files, the report and
the terminal are the same whatever the number of workers.

Ctrl-C asks the run to stop rather than breaking it wherever it is: the row in
hand (or the chunks the workers hold) is finished and told like any other, no
more rows are started, and then `KeyboardInterrupt` is raised, so every plan
written is counted. A second Ctrl-C stops at once.
"""

import datetime as dt
import gc
import itertools
import os
import stat
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from spinerecov.errors import SpinerecovError
from spinerecov.i18n import Language, _, use_language
from spinerecov.knowledge.lookup import ambiguity_note
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.plan.dated import PatientInputs, make_plan
from spinerecov.store.list_lines import RawRow, shown
from spinerecov.store.patient_list import check_row, row_language
from spinerecov.store.plan_files import close_folders, write_plan
from spinerecov.store.plan_folder import (
    in_part,
    make_folder,
    make_shard_folders,
    plan_path,
    remove_leftovers,
    sync_folder,
)
from spinerecov.store.stop_request import ctrl_c_stops_between_rows

CHUNK_ROWS = 64
"""Rows sent to a worker at a time: big enough to hide the hand-over, small enough to keep workers even."""
CHUNKS_IN_FLIGHT = 4
"""Chunks queued per worker; bounds memory."""
WRITTEN, SKIPPED, FAILED = "written", "skipped", "failed"

Render = Callable[..., str | bytes]
"""`output.plan_formats.render_plan`: (timeline, kb, format, patient_id=..., repeated=...) -> text or bytes."""


class BatchSettings(NamedTuple):
    """What every row needs besides its own values."""

    out_dir: Path
    plan_format: str
    extension: str
    force: bool
    today: dt.date
    shard: bool
    columns: tuple[str, ...]
    part: int = 1
    parts: int = 1
    language: Language = "en"
    """The batch's language (--lang and the rest): messages, and plans of rows without a `lang`."""
    sources: tuple[Path, Path | None] | None = None
    """The knowledge base and protocol files, to load them in another language for a row's `lang`."""


class Outcome(NamedTuple):
    """What became of one row: written, skipped or failed, why, and where its plan is."""

    line: int
    id: str
    outcome: str
    reason: str
    path: str


class _Job(NamedTuple):
    kb: KnowledgeBase
    settings: BatchSettings
    render: Render


_job: _Job | None = None
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
) -> Counter[str]:
    """Write every row's plan and tell `on_outcome` about each row, in list order; how many of each outcome.

    The folder is made (with its shards), temporary files a killed run left for
    these rows are removed, and when every row is done, one sync makes every
    plan and folder entry durable before this returns.
    """
    make_folder(settings.out_dir)
    if settings.shard:
        make_shard_folders(settings.out_dir)
    remove_leftovers(settings.out_dir, settings.extension, lambda ident: in_part(ident, settings.part, settings.parts))
    counts: Counter[str] = Counter()
    with ctrl_c_stops_between_rows() as stopping:
        for outcome in run_batch(rows, kb, settings, render, jobs, stopping):
            counts[outcome.outcome] += 1
            on_outcome(outcome)
    sync_folder(settings.out_dir)
    if stopping():
        raise KeyboardInterrupt
    return counts


def run_batch(
    rows: Iterator[RawRow],
    kb: KnowledgeBase,
    settings: BatchSettings,
    render: Render,
    jobs: int,
    stopping: Callable[[], bool] = lambda: False,
) -> Iterator[Outcome]:
    """Each row's Outcome, in list order, with `jobs` worker processes (1: in this process).

    Once `stopping()` says yes, no more rows are started; the rows already started are finished and told.
    """
    chunks = _chunks(rows)
    first = next(chunks, [])
    if jobs <= 1 or len(first) < CHUNK_ROWS:
        yield from _run_here(itertools.chain([first], chunks), _Job(kb, settings, render), stopping)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    window: deque[Future[list[Outcome]]] = deque()
    job = _Job(kb, settings, render)
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(job,)) as pool:
        for chunk in itertools.chain([first], chunks):
            if stopping():
                break
            window.append(pool.submit(_run_chunk, chunk))
            if len(window) >= jobs * CHUNKS_IN_FLIGHT:
                yield from window.popleft().result()
        while window:
            if stopping():
                for future in window:
                    future.cancel()  # chunks not started yet stay undone; those running finish
            future = window.popleft()
            if not future.cancelled():
                yield from future.result()


def _chunks(rows: Iterator[RawRow]) -> Iterator[list[RawRow]]:
    while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
        yield chunk


def _run_here(chunks: Iterable[list[RawRow]], job: _Job, stopping: Callable[[], bool]) -> Iterator[Outcome]:
    _start(job)
    try:
        for row in itertools.chain.from_iterable(chunks):
            if stopping():
                return
            yield _run_row(row, job)
    finally:
        _start(None)
        close_folders()
        gc.unfreeze()


def _start_worker(job: _Job) -> None:
    """Start a worker process: Ctrl-C is for the batch's own process, which finishes what workers hold."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _start(job)


def _start(job: _Job | None) -> None:
    global _job
    _job = job
    if job is not None:
        # A worker started by spawn (not fork) begins in English: speak the batch's language.
        use_language(job.settings.language)
        # What is loaded by now (the knowledge base above all) lives as long as the run: the collector need
        # not scan it again after every few hundred plans. In a forked worker it also stays shared.
        gc.freeze()


def _knowledge_in(language: Language, job: _Job) -> KnowledgeBase:
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
"""Languages whose knowledge base could not be built in this process, with why."""


def _run_chunk(chunk: list[RawRow]) -> list[Outcome]:
    assert _job is not None  # noqa: S101 - set by _start in every worker
    return [_run_row(row, _job) for row in chunk]


def _run_row(row: RawRow, job: _Job) -> Outcome:
    """Plan and write one row; any problem with the row becomes its Outcome, never an exception."""
    if row.problem is not None:
        return Outcome(row.line, row.id, FAILED, row.problem, "")
    settings = job.settings
    try:
        language = row_language(settings.columns, row.fields, settings.language)
        kb = _knowledge_in(language, job)
        patient = check_row(row.line, settings.columns, row.fields, kb)
        target = plan_path(settings.out_dir, patient.id, settings.extension, settings.shard)
        size = _size(target)
        if size and not settings.force:
            return Outcome(row.line, patient.id, SKIPPED, _("already written; --force rewrites it"), str(target))
        inputs = PatientInputs(patient.procedure, patient.surgery_date, patient.factors)
        # The plan speaks the patient's language; what the batch says about the row stays in its own.
        use_language(language)
        try:
            plan = make_plan(kb, inputs, settings.today)
            assert plan.timeline is not None  # noqa: S101 - every row has a surgery date
            content = job.render(plan.timeline, kb, settings.plan_format, patient_id=patient.id, repeated=True)
        finally:
            use_language(settings.language)
        # What batch says about the row is in the batch's language, whatever the patient's.
        note = ambiguity_note(kb, patient.procedure) if plan.note else None
        # An empty file is what a crash can leave of an unsynced plan: it is rewritten, never kept.
        write_plan(target, content, force=settings.force or size == 0)
    except SpinerecovError as exc:
        return Outcome(row.line, row.id, FAILED, str(exc), "")
    # A name that can mean the open or the minimally invasive operation gave the open plan: say so.
    return Outcome(row.line, patient.id, WRITTEN, note or "", str(target))


def _size(path: Path) -> int | None:
    """The size of the plan already at `path`; None when there is none (or something else is: the write says what)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None
