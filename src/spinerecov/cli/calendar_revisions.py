"""A calendar export at the patient's next revision: render, compare with the last export, remember it once written.

See `output/calendar/revision.py` for the rule and `store/calendar_revisions.py` for the records.
"""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spinerecov.knowledge.models import KnowledgeBase
    from spinerecov.output.calendar.plan import Revision
    from spinerecov.output.plan_formats import Recipient
    from spinerecov.plan.timeline import Timeline


def revised_calendar(
    timeline: "Timeline", kb: "KnowledgeBase", recipient: "Recipient", folder: Path, warn: Callable[[str], None]
) -> tuple[bytes, Callable[[], None]]:
    """The patient's calendar at its next revision, and what to call once it is written (to remember it).

    `folder` holds the records (one per patient id and identifier system).
    """
    from spinerecov.output.calendar.plan import Revision, to_ics
    from spinerecov.output.calendar.revision import DRAFT, content_fingerprint, next_revision
    from spinerecov.store.calendar_revisions import read_record, record_path, write_record

    def render(revision: "Revision") -> bytes:
        return to_ics(timeline, kb, recipient.patient_id, revision)

    path = record_path(folder, recipient.patient_id, recipient.id_system)
    made = content_fingerprint(render(DRAFT))
    found = read_record(path, warn)
    previous = (found[0], Revision(found[1], found[2])) if found else None
    revision = next_revision(previous, made, timeline.today)
    content = render(revision)

    def remember() -> None:
        if previous != (made, revision):
            write_record(path, (made, revision.sequence, revision.stamp), warn)

    return content, remember


def render_batch_plan(
    timeline: "Timeline",
    kb: "KnowledgeBase",
    format_name: str,
    patient_id: str | None = None,
    *,
    records: Path,
    id_system: str | None = None,
    fhir_bundle: str = "collection",
) -> str | bytes:
    """A batch row's plan (`render_plan`'s signature); a calendar at the patient's next revision.

    `records` is the batch's calendar records beside its plans (DIR/.spinerecov-batch/calendars).
    The record is written at once: a revision that is never written to a file only skips a number.
    A damaged record is set aside silently here (the revision falls back to the day's).
    """
    from spinerecov.output.plan_formats import Recipient, render_plan

    if patient_id is None:
        return render_plan(timeline, kb, format_name)
    recipient = Recipient(patient_id, id_system, fhir_bundle)
    if format_name != "ics":
        return render_plan(timeline, kb, format_name, recipient=recipient)
    content, remember = revised_calendar(timeline, kb, recipient, records, _quiet)
    remember()
    return content


def _quiet(message: str) -> None:
    """A batch worker has no terminal of its own: a record problem only costs the fallback revision."""
    del message
