"""What each patient's last calendar export was, so that a changed plan always supersedes the one before.

Calendar clients order two copies of an event by SEQUENCE, then DTSTAMP (RFC
5546 2.1.5): with both equal they keep the copy they have. So a plan exported
again after a change must carry a higher SEQUENCE and a later DTSTAMP than
any earlier export for that patient, even on the same day, and an unchanged
plan must come out byte for byte the same. For each patient id (with its
identifier system) we keep the fingerprint of the calendar's content and the
revision it was given (see `output/calendar/revision.py` for the rule), one
small JSON file per patient:

- single exports: in the user's data folder (`platformdirs.user_data_dir`,
  or $SPINERECOV_DATA_DIR), `calendars/`, owner-only (0700 folder, 0600 files);
- a batch: beside its plans, in DIR/.spinerecov-batch/calendars/.

A record is hostile input like any file: one that is not ours (too large, not
JSON, wrong fields) is ignored with a warning, and the revision then falls
back to the day the plan is made for, as without a record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from spinerecov.errors import clip_path
from spinerecov.i18n import _

DATA_ENV = "SPINERECOV_DATA_DIR"

_MAX_BYTES = 4096
_STAMP = "%Y%m%dT%H%M%SZ"


def data_folder() -> Path:
    """$SPINERECOV_DATA_DIR, else spinerecov's folder in the user's data folder (platformdirs)."""
    from spinerecov.knowledge.loader import from_environment

    chosen = from_environment(DATA_ENV, _("a data folder"))
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_data_dir("spinerecov"))


def record_path(folder: Path, patient_id: str, system: str | None = None) -> Path:
    """The record of one patient's calendar: a file named by a digest of the patient id (never the id itself)."""
    who = patient_id if system is None else f"{system}|{patient_id}"
    return folder / f"{hashlib.sha256(who.encode('utf-8')).hexdigest()[:32]}.json"


Record = tuple[str, int, dt.datetime]
"""A calendar export as remembered: its content's fingerprint, its SEQUENCE, its DTSTAMP (UTC)."""


def read_record(path: Path, warn: Callable[[str], None]) -> Record | None:
    """The fingerprint and revision of the last export recorded at `path`; None if none (or not usable)."""
    from spinerecov.knowledge.input_files import read_regular_file

    try:
        raw = read_regular_file(path, _MAX_BYTES)
    except FileNotFoundError:
        return None
    except OSError as error:
        warn(_ignored(path, error.strerror or str(error)))
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
        fingerprint, sequence, stamp = data["fingerprint"], data["sequence"], data["stamp"]
        if not (isinstance(fingerprint, str) and type(sequence) is int and isinstance(stamp, str)):
            raise ValueError
        if not 0 <= sequence < 2**31:  # SEQUENCE is an INTEGER (RFC 5545 3.3.8)
            raise ValueError
        when = dt.datetime.strptime(stamp, _STAMP).replace(tzinfo=dt.UTC)
    except (ValueError, KeyError, TypeError, RecursionError):
        warn(_ignored(path, _("it is not a calendar record spinerecov wrote")))
        return None
    return fingerprint, sequence, when


def write_record(path: Path, record: Record, warn: Callable[[str], None]) -> None:
    """Remember the calendar just exported (owner-only); a record that cannot be written is only a warning."""
    from spinerecov.errors import OutputFileError
    from spinerecov.store.files import write_atomic

    fingerprint, sequence, stamp = record
    written = {"fingerprint": fingerprint, "sequence": sequence, "stamp": stamp.strftime(_STAMP)}
    try:
        for folder in (path.parent.parent, path.parent):  # the data folder and its calendars/, owner-only
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(path, json.dumps(written) + "\n", force=True, private=True, durable=False, warn=warn)
    except (OSError, OutputFileError) as error:
        shown = error.strerror if isinstance(error, OSError) else str(error)
        warn(
            _(
                "Could not remember this calendar export in {path} ({reason}); a changed plan may not replace it."
            ).format(path=clip_path(path), reason=shown)
        )


def _ignored(path: Path, reason: str) -> str:
    return _("Ignored the calendar record {path}: {reason}.").format(path=clip_path(path), reason=reason)
