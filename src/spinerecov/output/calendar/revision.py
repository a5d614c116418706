"""The rule for a calendar's revision (SEQUENCE and DTSTAMP): a changed plan always supersedes the last export.

Calendar clients order two copies of an event by SEQUENCE, then DTSTAMP (RFC
5546 2.1.5), and keep the copy they have when both are equal. Given the
fingerprint of the patient's last export and its revision (kept by
`store/calendar_revisions.py`), an unchanged calendar keeps its revision, so
its bytes stay the same, and a changed one gets a higher SEQUENCE and a later
DTSTAMP, whatever the day.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from spinerecov.output.calendar.plan import Revision, export_sequence

DRAFT = Revision(0, dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
"""The revision a calendar is rendered at to take its fingerprint (its content without its revision)."""


def content_fingerprint(draft: bytes) -> str:
    """The fingerprint of a calendar rendered at `DRAFT`."""
    return hashlib.sha256(draft).hexdigest()


def day_revision(today: dt.date) -> Revision:
    """The revision of a plan made on `today` with nothing to go on: days since 2020, midnight UTC."""
    return Revision(export_sequence(today), dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC))


def next_revision(previous: tuple[str, Revision] | None, fingerprint: str, today: dt.date) -> Revision:
    """The revision for a calendar with `fingerprint`, given the patient's last export (if known).

    Unchanged: the same revision (so the same bytes). Changed: a SEQUENCE above the last one and a
    DTSTAMP after it, and never below the day's own revision (so exports on later days still win).
    """
    base = day_revision(today)
    if previous is None:
        return base
    known, last = previous
    if known == fingerprint:
        return last
    sequence = max(base.sequence, last.sequence + 1)
    stamp = max(base.stamp, last.stamp + dt.timedelta(seconds=1))
    return Revision(sequence, stamp)
