"""A calendar exported again after a change supersedes the earlier one, whatever the day.

An unchanged one is the same bytes.
"""

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from typer.testing import CliRunner

from conftest import run_cli
from spinerecov.output.calendar.plan import Revision
from spinerecov.output.calendar.revision import day_revision, next_revision

EXPORT = ("export", "-p", "endoscopic", "--format", "ics", "-o", "-")


def _export(runner: CliRunner, *args: str) -> bytes:
    code, out, err = run_cli(runner, *EXPORT, *args)
    assert code == 0, err
    return out.encode("utf-8")


def _revision(data: bytes) -> tuple[int, dt.datetime, set[dt.date]]:
    """The file's SEQUENCE and DTSTAMP (one each, shared by every event), and the events' start dates."""
    events = Calendar.from_ical(data).walk("VEVENT")
    (sequence,) = {int(str(e["sequence"])) for e in events}
    (stamp,) = {e.decoded("dtstamp") for e in events}
    return sequence, stamp, {e.decoded("dtstart") for e in events}


def _records(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "data" / "calendars").glob("*.json"))


def test_a_same_day_reschedule_gets_a_higher_sequence_and_later_stamp(runner: CliRunner) -> None:
    """CAL-1: --patient-id MRN-5, surgery moved a week, same --today: SEQUENCE and DTSTAMP both grow."""
    first = _export(runner, "--patient-id", "MRN-5", "-d", "2024-05-08", "--today", "2024-04-20")
    moved = _export(runner, "--patient-id", "MRN-5", "-d", "2024-05-15", "--today", "2024-04-20")
    seq1, stamp1, dates1 = _revision(first)
    seq2, stamp2, dates2 = _revision(moved)
    assert dates1 != dates2
    assert seq2 > seq1 and stamp2 > stamp1


def test_an_unchanged_plan_exported_again_is_the_same_bytes(runner: CliRunner) -> None:
    """The same plan on the same day, after a change and back, or many times: byte for byte the first file each time."""
    args = ("--patient-id", "MRN-5", "-d", "2024-05-08", "--today", "2024-04-20")
    first = _export(runner, *args)
    assert _export(runner, *args) == first
    changed = _export(runner, "--patient-id", "MRN-5", "-d", "2024-05-09", "--today", "2024-04-20")
    back = _export(runner, *args)
    assert _export(runner, *args) == back
    assert _revision(back)[0] > _revision(changed)[0] > _revision(first)[0], "going back is a change too"


def test_a_change_on_an_earlier_today_still_supersedes(runner: CliRunner) -> None:
    """A later export with an earlier --today still carries a higher SEQUENCE and a later DTSTAMP than the last."""
    late = _export(runner, "--patient-id", "MRN-5", "-d", "2024-05-08", "--today", "2024-05-01")
    early = _export(runner, "--patient-id", "MRN-5", "-d", "2024-05-08", "--today", "2024-04-20")
    assert _revision(early)[0] > _revision(late)[0]
    assert _revision(early)[1] > _revision(late)[1]


def test_the_profiles_patient_id_keeps_the_revisions(runner: CliRunner) -> None:
    """With the profile's id (no --patient-id), `profile set --date` then export again supersedes the first export."""
    assert run_cli(runner, "profile", "set", "-p", "endoscopic", "-d", "2024-05-01")[0] == 0
    first = _export(runner, "--today", "2024-04-20")
    assert run_cli(runner, "profile", "set", "--date", "2024-05-08")[0] == 0
    moved = _export(runner, "--today", "2024-04-20")
    assert _revision(moved)[0] > _revision(first)[0] and _revision(moved)[1] > _revision(first)[1]
    assert _export(runner, "--today", "2024-04-20") == moved


def test_patients_keep_their_own_records_owner_only(runner: CliRunner, tmp_path: Path) -> None:
    """Each patient id has its own record (named by a digest, never the id), 0600 in a 0700 folder."""
    _export(runner, "--patient-id", "MRN-5", "-d", "2024-05-08", "--today", "2024-04-20")
    other = _export(runner, "--patient-id", "MRN-6", "-d", "2024-05-15", "--today", "2024-04-20")
    assert _revision(other)[0] == 1571, "another patient's exports do not count"
    records = _records(tmp_path)
    assert len(records) == 2 and not any("MRN" in p.name for p in records)
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in records)
    for folder in (tmp_path / "data", tmp_path / "data" / "calendars"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


@pytest.mark.parametrize(
    "damage",
    [
        b"not json",
        b'{"fingerprint": "x", "sequence": "9", "stamp": "20240420T000000Z"}',
        b'{"fingerprint": "x", "sequence": -1, "stamp": "20240420T000000Z"}',
        b'{"fingerprint": "x", "sequence": 5, "stamp": "yesterday"}',
        b"[" * 100_000,
        b"\xff\xfe",
        b"{}" + b" " * 10_000,
    ],
    ids=["text", "string", "negative", "stamp", "deep", "bytes", "large"],
)
def test_a_damaged_record_is_a_warning_and_the_export_still_works(
    runner: CliRunner, tmp_path: Path, damage: bytes
) -> None:
    """A record that is not ours is ignored with one warning; the calendar is written at the day's revision."""
    args = ("--patient-id", "MRN-5", "-d", "2024-05-08", "--today", "2024-04-20")
    _export(runner, *args)
    (record,) = _records(tmp_path)
    record.write_bytes(damage)
    code, out, err = run_cli(runner, *EXPORT, *args, "-d", "2024-05-09")
    assert code == 0
    assert "Ignored the calendar record" in err and "Traceback" not in err
    assert _revision(out.encode("utf-8"))[0] == 1571


def test_a_record_that_is_a_folder_is_a_warning(runner: CliRunner, tmp_path: Path) -> None:
    """A folder where the record should be: a warning that it could not be read or remembered, never a crash."""
    args = ("--patient-id", "MRN-5", "-d", "2024-05-08", "--today", "2024-04-20")
    _export(runner, *args)
    (record,) = _records(tmp_path)
    record.unlink()
    record.mkdir()
    code, _, err = run_cli(runner, *EXPORT, *args)
    assert code == 0 and "Traceback" not in err
    assert "calendar record" in err or "Could not remember" in err


def test_a_batch_rerun_after_a_change_supersedes_its_calendars(runner: CliRunner, tmp_path: Path) -> None:
    """Batch ics: a row whose date changed is rewritten with a higher SEQUENCE on the same --today; others kept."""
    patients = tmp_path / "list.csv"
    out_dir = tmp_path / "plans"
    batch = ("batch", str(patients), "--out-dir", str(out_dir), "-f", "ics", "--today", "2024-04-20")
    patients.write_text("id,procedure,date\np1,endoscopic,2024-05-01\np2,tubular,2024-05-01\n")
    assert run_cli(runner, *batch)[0] == 0
    before = {name: (out_dir / f"{name}.ics").read_bytes() for name in ("p1", "p2")}
    patients.write_text("id,procedure,date\np1,endoscopic,2024-05-08\np2,tubular,2024-05-01\n")
    assert run_cli(runner, *batch)[0] == 0
    assert (out_dir / "p2.ics").read_bytes() == before["p2"]
    moved = (out_dir / "p1.ics").read_bytes()
    assert _revision(moved)[0] > _revision(before["p1"])[0] and _revision(moved)[1] > _revision(before["p1"])[1]
    records = out_dir / ".spinerecov-batch" / "calendars"
    assert stat.S_IMODE(records.stat().st_mode) == 0o700 and len(os.listdir(records)) == 2


DAYS = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


@given(exports=st.lists(st.tuples(st.integers(0, 3), DAYS), min_size=1, max_size=30))
def test_every_changed_export_supersedes_every_earlier_one(exports: list[tuple[int, dt.date]]) -> None:
    """Any run of (content, today): changed content outranks all before it; unchanged content keeps its revision."""
    previous: tuple[str, Revision] | None = None
    seen: list[Revision] = []
    for content, today in exports:
        revision = next_revision(previous, str(content), today)
        if previous is not None and previous[0] == str(content):
            assert revision == previous[1]
        else:
            assert all(revision.sequence > r.sequence and revision.stamp > r.stamp for r in seen)
            assert revision.sequence >= day_revision(today).sequence
        seen.append(revision)
        previous = (str(content), revision)
