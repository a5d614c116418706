"""Make examples/diary.sqlite3, the sample diary the README's `diary` examples read.

    python scripts/make_example_diary.py

A patient operated on (endoscopic discectomy) on 2024-05-01: a leg-pain
questionnaire before surgery, and check-ins over the first three weeks. The
file is left in rollback-journal mode, so reading it never adds files beside it.
"""

import datetime as dt
import sqlite3
from pathlib import Path

from spinerecov.store.diary import NewEntry, save_entry

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "examples" / "diary.sqlite3"
SURGERY = dt.date(2024, 5, 1)
CHECK_INS = [
    # day, leg pain, back pain, pain medicine, minutes walked, note
    (1, 4, 5, "strong", 10, "Sore around the wound; walked to the end of the street and back."),
    (3, 3, 4, "simple", 15, None),
    (6, 3, 3, "simple", 20, None),
    (9, 2, 3, "simple", 25, "Slept through the night."),
    (13, 2, 2, "none", 30, None),
    (16, 1, 2, "none", 35, None),
    (19, 1, 2, "none", 40, "First short drive as a passenger."),
]


def main() -> None:
    """Write the sample diary afresh."""
    for leftover in (TARGET, TARGET.with_name(TARGET.name + "-wal"), TARGET.with_name(TARGET.name + "-shm")):
        leftover.unlink(missing_ok=True)
    baseline = {
        "questionnaire": "leg-pain",
        "answers": {"leg-pain": 7},
        "score": 7,
        "scale": {"min": 0, "max": 10, "better": "lower"},
        "timepoint": "before-surgery",
        "day": -6,
        "week": 0,
    }
    save_entry(TARGET, NewEntry("questionnaire", SURGERY - dt.timedelta(days=6), "endoscopic", SURGERY, baseline))
    for day, leg, back, medicine, walked, note in CHECK_INS:
        answers: dict[str, object] = {"leg-pain": leg, "back-pain": back, "pain-medicine": medicine, "walked": walked}
        if note:
            answers["note"] = note
        payload = {"answers": answers, "tier": "none", "red_flags": [], "day": day, "week": day // 7 + 1}
        save_entry(TARGET, NewEntry("check-in", SURGERY + dt.timedelta(days=day), "endoscopic", SURGERY, payload))
    connection = sqlite3.connect(TARGET)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.execute("UPDATE entries SET saved_at = on_day || 'T19:00:00+00:00'")
    connection.commit()
    connection.execute("VACUUM")
    connection.close()


if __name__ == "__main__":
    main()
