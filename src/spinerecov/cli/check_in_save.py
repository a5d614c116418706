"""Saving a check-in in the diary, after its outcome has been shown; a failure is one line and exit 1."""

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from spinerecov.errors import SpinerecovError, clip_path
from spinerecov.i18n import _

if TYPE_CHECKING:
    from spinerecov.knowledge.check_in_values import AnswerValue
    from spinerecov.plan.timeline import Timeline
    from spinerecov.plan.triage import Triage


class NotSaved(SpinerecovError):
    """The diary could not be written (full disk, read-only, locked, damaged): the outcome shown still stands."""


def save_check_in(
    built: "Timeline",
    on: dt.date,
    day: int,
    week: int,
    result: "Triage",
    answers: "dict[str, AnswerValue]",
    diary: Path,
) -> tuple[int, str]:
    """Save the check-in as a diary entry; its id and the diary's path (clipped for the screen).

    Raises:
        NotSaved: The diary could not be written.
    """
    import sqlite3

    from spinerecov.output.json.check_in import raised_flags_out
    from spinerecov.store.diary import DiaryError, NewEntry, save_entry

    payload = {
        "answers": dict(answers),
        "tier": result.tier,
        "red_flags": [flag.model_dump() for flag in raised_flags_out(result)],
        "day": day,
        "week": week,
    }
    entry = NewEntry(
        kind="check-in", on=on, procedure=built.procedure_id, surgery_date=built.surgery_date, payload=payload
    )
    try:
        entry_id = save_entry(diary, entry)
    except (DiaryError, OSError, sqlite3.Error) as exc:
        raise NotSaved(
            _("The outcome above stands, but your answers were not saved in your diary: {problem}").format(
                problem=exc if isinstance(exc, DiaryError) else f"{clip_path(diary)}: {exc}"
            )
        ) from None
    return entry_id, clip_path(diary)
