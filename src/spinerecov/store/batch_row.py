"""One batch row: planned, compared with what is already there, and written only when that is out of date.

A row's plan is:
- written when no plan is there (or an empty file, all a power cut can leave of one);
- unchanged when the file there is exactly what the record says this batch
  wrote from the same inputs, or exactly what the row gives now (a plan
  written by a run that was killed before it recorded it, say);
- rewritten when the file is one the batch wrote (the record says so, and the
  file is still as it was written) and the row's inputs changed since, or
  with --force;
- failed otherwise: a file the batch did not write (or one edited since) is in
  the way and differs from the row's plan; --force replaces it.
"""

import datetime as dt
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from spinerecov.errors import SpinerecovError, clip_path
from spinerecov.i18n import Language, _, use_language
from spinerecov.knowledge.lookup import batch_ambiguity_note
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.plan.dated import PatientInputs, make_plan
from spinerecov.store.batch_inputs import row_fingerprint
from spinerecov.store.batch_language import forget_language_notes, protocol_language_note
from spinerecov.store.list_lines import RawRow
from spinerecov.store.patient_list import PatientRow, check_row, row_language
from spinerecov.store.plan_files import write_plan
from spinerecov.store.plan_folder import plan_path
from spinerecov.store.plan_record import Made

WRITTEN, UNCHANGED, REWRITTEN, FAILED = "written", "unchanged", "rewritten", "failed"
MAX_PLAN_BYTES = 16 * 1024 * 1024
"""Never read more than this of a file (the plan it is compared with has the same size, well under 1 MiB)."""
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


Render = Callable[..., str | bytes]
"""`output.plan_formats.render_plan`: (timeline, kb, format name, patient_id=...) -> text or bytes."""
KnowledgeIn = Callable[[Language], KnowledgeBase]
"""The knowledge base in a row's language."""


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
    records: tuple[str, str] = ("", "collection")
    """How records name the patients: the identifier system (--patient-id-system, or none) and the FHIR Bundle type."""


class Outcome(NamedTuple):
    """What became of one row: written, unchanged, rewritten or failed, why, and where its plan is."""

    line: int
    id: str
    outcome: str
    reason: str
    path: str
    note: str = ""
    """What the batch tells about the row's procedure name (one that can mean two operations)."""
    made: Made | None = None
    """The plan file as the record should now hold it."""
    language_note: str = ""
    """What the batch tells when the row's language lacks the clinic protocol's texts."""


class RowJob(NamedTuple):
    """What planning a row needs besides the row: the knowledge base, the batch's settings, and how to render."""

    kb: KnowledgeBase
    settings: BatchSettings
    render: Render
    shared: bytes
    """The fingerprint of the batch's shared inputs (batch_inputs.batch_fingerprint)."""


def run_row(row: RawRow, job: RowJob, known: list[Made], knowledge_in: KnowledgeIn) -> Outcome:
    """Plan one row and write it if needed; any problem with the row becomes its Outcome, never an exception."""
    if row.problem is not None:
        return Outcome(row.line, row.id, FAILED, row.problem, "")
    settings = job.settings
    try:
        language = row_language(settings.columns, row.fields, settings.language)
        kb = knowledge_in(language)
        patient = check_row(row.line, settings.columns, row.fields, kb)
        return _place(job, known, patient, language, kb)
    except SpinerecovError as exc:
        return Outcome(row.line, row.id, FAILED, str(exc), "")


def _place(job: RowJob, known: list[Made], patient: PatientRow, language: Language, kb: KnowledgeBase) -> Outcome:
    """Keep, write or rewrite a valid row's plan, or refuse to replace a file that is not the batch's."""
    settings = job.settings
    target = plan_path(settings.out_dir, patient.id, settings.extension, settings.shard)
    name = record_key(patient.id, settings.extension, settings.shard)
    fingerprint = row_fingerprint(job.shared, name, language, patient)
    found = _found(target)
    # The batch wrote this file if the record names it as it is now (an edit since makes it someone else's).
    ours = {made.fingerprint for made in known if found.signature and made.file == found.signature}

    def outcome(status: str, made: Made | None, reason: str = "") -> Outcome:
        # What batch says about the row is in the batch's language, whatever the patient's.
        note = _note(kb, patient.procedure) if made else ""
        untranslated = protocol_language_note(settings.sources, language) if made else ""
        return Outcome(patient.line, patient.id, status, reason, str(target) if made else "", note, made, untranslated)

    if fingerprint in ours and not settings.force:
        return outcome(UNCHANGED, Made(name, fingerprint, found.signature))
    content = _render(job, kb, language, patient)
    if not settings.force and found.size == len(content) and _read(target) == content:
        return outcome(UNCHANGED, Made(name, fingerprint, found.signature))
    if found.size and found.signature and not (ours or settings.force):
        return outcome(FAILED, None, _in_the_way(target))
    # An empty file is what a crash can leave of an unsynced plan: it is rewritten, never kept.
    written = write_plan(target, content, force=bool(settings.force or ours or found.size == 0))
    made = Made(name, fingerprint, _signature(written))
    if not found.size:
        return outcome(WRITTEN, made)
    return outcome(
        REWRITTEN, made, _("--force was given") if settings.force else _("its inputs changed since it was written")
    )


class _Found(NamedTuple):
    """What is at a plan's path: its size (None: nothing there) and, for a regular file, its signature."""

    size: int | None
    signature: str


def _found(path: Path) -> _Found:
    """The file at `path`, as the record names it: inode, size and modification time (as git's index does).

    Writing a file again, editing it, or putting another in its place changes at least one of them,
    without reading a byte. Anything but a regular file has no signature (it is never taken for a plan).
    """
    try:
        info = os.lstat(path)
    except OSError:
        return _Found(None, "")
    if not stat.S_ISREG(info.st_mode):
        return _Found(info.st_size or 1, "")
    return _Found(info.st_size, _signature(info))


def _signature(info: os.stat_result) -> str:
    return f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"


_notes: dict[tuple[int, str], str] = {}
"""(knowledge base, procedure as written) -> the batch's note about it: one per name, not one per row.

For one run only (`forget_notes`): the knowledge bases of a run live as long as it does."""


def _note(kb: KnowledgeBase, procedure: str) -> str:
    key = (id(kb), procedure)
    if key not in _notes:
        _notes[key] = batch_ambiguity_note(kb, procedure) or ""
    return _notes[key]


def forget_notes() -> None:
    """Start a run afresh (another run may speak another language, with other knowledge bases)."""
    _notes.clear()
    forget_language_notes()


def record_key(ident: str, extension: str, shard: bool) -> str:
    """A plan's name in the record: its path inside DIR, with '/' between folder and file."""
    return plan_path(Path(), ident, extension, shard).as_posix()


def _render(job: RowJob, kb: KnowledgeBase, language: Language, patient: PatientRow) -> bytes:
    """The row's plan, in the patient's language (what the batch says about the row stays in its own)."""
    inputs = PatientInputs(patient.procedure, patient.surgery_date, patient.factors)
    use_language(language)
    try:
        plan = make_plan(kb, inputs, job.settings.today)
        assert plan.timeline is not None  # noqa: S101 - every row has a surgery date
        content = job.render(plan.timeline, kb, job.settings.plan_format, patient_id=patient.id)
    finally:
        use_language(job.settings.language)
    return content.encode("utf-8") if isinstance(content, str) else content


def _read(path: Path) -> bytes | None:
    """The bytes of the regular file at `path` (never through a link, never waiting on a FIFO); None if unreadable."""
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        return handle.read(MAX_PLAN_BYTES + 1)


def _in_the_way(target: Path) -> str:
    return _(
        "{path} is already there, was not written by a batch into this folder (or was edited since), and"
        " differs from this row's plan; nothing was written. Use --force to replace it."
    ).format(path=clip_path(target))
