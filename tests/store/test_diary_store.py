"""The diary API: save, read back in order, filter, remove, clear, and where the diary lives."""

import datetime as dt
import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinerecov.errors import UsageError
from spinerecov.store.diary import (
    DiaryError,
    NewEntry,
    clear_entries,
    diary_location,
    read_entries,
    remove_entry,
    save_entry,
)

SURGERY = dt.date(2024, 5, 1)


def check_in(on: dt.date, leg: int = 3, **answers: Any) -> NewEntry:
    """A check-in entry for the endoscopic plan with the given answers."""
    day = (on - SURGERY).days
    payload = {"answers": {"leg_pain": leg, **answers}, "tier": "none", "red_flags": [], "day": day, "week": day // 7}
    return NewEntry("check-in", on, "endoscopic", SURGERY, payload)


def questionnaire(on: dt.date, score: float = 4) -> NewEntry:
    """A questionnaire entry (back pain numeric rating scale)."""
    payload = {
        "questionnaire": "nrs-back",
        "answers": {"back_pain": score},
        "score": score,
        "scale": {"min": 0, "max": 10, "better": "lower"},
        "timepoint": "3-months",
        "day": (on - SURGERY).days,
        "week": (on - SURGERY).days // 7,
    }
    return NewEntry("questionnaire", on, "endoscopic", SURGERY, payload)


def test_a_missing_diary_reads_as_empty_and_is_not_made(tmp_path: Path) -> None:
    """Reading, removing from or clearing a diary that does not exist makes neither the file nor its folder."""
    path = tmp_path / "data" / "diary.sqlite3"
    assert read_entries(path) == []
    assert remove_entry(path, 1) is False
    assert clear_entries(path) == 0
    assert not path.parent.exists()


def test_saved_entries_come_back_as_they_were_by_day_then_saving_order(tmp_path: Path) -> None:
    """Entries come back with their values, ordered by the day they are for, then by id."""
    path = tmp_path / "diary.sqlite3"
    later = save_entry(path, check_in(dt.date(2024, 5, 20), note="Walked to the shop 🙂"))
    first = save_entry(path, check_in(dt.date(2024, 5, 10), leg=6))
    same_day = save_entry(path, questionnaire(dt.date(2024, 5, 10)))
    assert later < first < same_day
    entries = read_entries(path)
    assert [e.entry_id for e in entries] == [first, same_day, later]
    assert entries[2].payload["answers"] == {"leg_pain": 3, "note": "Walked to the shop 🙂"}
    assert entries[1].kind == "questionnaire" and entries[1].payload["score"] == 4
    assert entries[0].procedure == "endoscopic" and entries[0].surgery_date == SURGERY
    assert entries[0].on == dt.date(2024, 5, 10)
    assert entries[0].saved_at.tzinfo is not None
    assert abs(entries[0].saved_at - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=5)  # noqa: UP017


def test_since_and_kind_choose_entries(tmp_path: Path) -> None:
    """--since keeps entries for that day or later; kind keeps one kind."""
    path = tmp_path / "diary.sqlite3"
    for day in (5, 10, 15):
        save_entry(path, check_in(SURGERY + dt.timedelta(days=day)))
    save_entry(path, questionnaire(SURGERY + dt.timedelta(days=12)))
    assert [e.on.day for e in read_entries(path, since=dt.date(2024, 5, 11))] == [11, 13, 16]
    assert [e.kind for e in read_entries(path, kind="questionnaire")] == ["questionnaire"]
    assert len(read_entries(path, since=dt.date(2024, 5, 11), kind="check-in")) == 2


def test_remove_and_clear_never_give_an_id_twice(tmp_path: Path) -> None:
    """Removing says whether the entry was there; after remove and clear, new entries get new ids."""
    path = tmp_path / "diary.sqlite3"
    ids = [save_entry(path, check_in(SURGERY + dt.timedelta(days=day))) for day in (1, 2, 3)]
    assert remove_entry(path, ids[2]) is True
    assert remove_entry(path, ids[2]) is False
    assert save_entry(path, check_in(SURGERY)) == ids[2] + 1
    assert clear_entries(path) == 3
    assert read_entries(path) == []
    assert save_entry(path, check_in(SURGERY)) == ids[2] + 2


def test_removed_text_is_gone_from_the_file(tmp_path: Path) -> None:
    """A cleared note is overwritten on disk, not left in the file or its write-ahead log."""
    path = tmp_path / "diary.sqlite3"
    save_entry(path, check_in(SURGERY, note="PRIVATE-NOTE-TEXT"))
    clear_entries(path)
    on_disk = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert b"PRIVATE-NOTE-TEXT" not in on_disk


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (NewEntry("check-in", SURGERY, "endoscopic", SURGERY, {"answers": {}, "tier": "fine"}), "tier"),
        (NewEntry("check-in", SURGERY, "", SURGERY, {}), "procedure"),
        (NewEntry("diet", SURGERY, "endoscopic", SURGERY, {}), "diet"),  # type: ignore[arg-type]
        (check_in(SURGERY, note="x" * 5000), "note"),
        (check_in(SURGERY, temperature=float("nan")), "JSON"),
    ],
)
def test_an_entry_of_the_wrong_shape_is_refused_and_nothing_is_saved(
    tmp_path: Path, entry: NewEntry, problem: str
) -> None:
    """A payload that is not of its kind's shape is a DiaryError naming the diary; the diary is unchanged."""
    path = tmp_path / "diary.sqlite3"
    save_entry(path, check_in(SURGERY))
    with pytest.raises(DiaryError, match=problem) as caught:
        save_entry(path, entry)
    assert str(path) in str(caught.value)
    assert len(read_entries(path)) == 1


def test_unknown_payload_keys_are_kept(tmp_path: Path) -> None:
    """A payload key this version does not know is saved and read back (a later version may use it)."""
    path = tmp_path / "diary.sqlite3"
    entry = check_in(SURGERY)
    save_entry(path, NewEntry(entry.kind, entry.on, entry.procedure, entry.surgery_date, {**entry.payload, "x": 1}))
    assert read_entries(path)[0].payload["x"] == 1


@pytest.mark.parametrize(
    "payload",
    [
        "not json",
        "[1, 2]",
        '{"answers": {}, "tier": "none", "red_flags": [], "day": NaN, "week": 0}',
        "[" * 100_000,
        '{"answers": {"a": {"b": 1}}, "tier": "none", "red_flags": [], "day": 1, "week": 0}',
        '{"answers": {}, "tier": "none", "red_flags": [], "day": 1, "week": 0, "junk": "' + "x" * 70_000 + '"}',
    ],
)
def test_an_entry_edited_by_hand_is_reported_with_its_id(tmp_path: Path, payload: str) -> None:
    """A stored payload that is not valid is one DiaryError naming the entry and the file, never a crash."""
    path = tmp_path / "diary.sqlite3"
    entry_id = save_entry(path, check_in(SURGERY))
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA ignore_check_constraints = ON")
        connection.execute("UPDATE entries SET payload = ? WHERE entry_id = ?", (payload, entry_id))
    connection.close()
    with pytest.raises(DiaryError, match=f"Entry {entry_id} of the diary {path}") as caught:
        read_entries(path)
    assert f"diary remove {entry_id}" in str(caught.value)
    assert remove_entry(path, entry_id) is True


def test_the_diary_is_where_the_option_then_the_environment_then_the_data_folder_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--diary wins over SPINERECOV_DIARY, which wins over diary.sqlite3 in the user's data folder."""
    monkeypatch.setenv("SPINERECOV_DIARY", str(tmp_path / "env.sqlite3"))
    assert diary_location(tmp_path / "given.sqlite3") == tmp_path / "given.sqlite3"
    assert diary_location(None) == tmp_path / "env.sqlite3"
    monkeypatch.delenv("SPINERECOV_DIARY")
    monkeypatch.setattr("platformdirs.user_data_dir", lambda name: str(tmp_path / "data" / name))
    assert diary_location(None) == tmp_path / "data" / "spinerecov" / "diary.sqlite3"


def test_an_empty_diary_variable_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """SPINERECOV_DIARY set but empty is a usage error, not the current folder."""
    monkeypatch.setenv("SPINERECOV_DIARY", " ")
    with pytest.raises(UsageError, match="SPINERECOV_DIARY"):
        diary_location(None)


ANSWERS = st.dictionaries(
    st.text(min_size=1, max_size=20),
    st.none()
    | st.booleans()
    | st.integers(-(10**9), 10**9)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=200),
    max_size=8,
)


@given(answers=ANSWERS, day=st.integers(-400, 4000))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_check_in_of_the_right_shape_reads_back_as_it_was_saved(
    tmp_path: Path, answers: dict[str, Any], day: int
) -> None:
    """Whatever the answers (any text, numbers, yes/no), a saved check-in reads back equal, with its id."""
    path = tmp_path / f"diary-{uuid.uuid4().hex}.sqlite3"
    on = SURGERY + dt.timedelta(days=day)
    payload = {"answers": answers, "tier": "none", "red_flags": [], "day": day, "week": day // 7 + 1}
    entry_id = save_entry(path, NewEntry("check-in", on, "endoscopic", SURGERY, payload))
    (entry,) = read_entries(path)
    assert (entry.entry_id, entry.on, entry.payload) == (entry_id, on, payload)


@given(
    stored=st.text(max_size=300)
    | st.recursive(
        st.none() | st.integers() | st.text(max_size=10),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(max_size=5), inner),
        max_leaves=20,
    ).map(json.dumps)
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_whatever_a_payload_was_edited_into_reading_is_an_entry_or_one_diary_error(tmp_path: Path, stored: str) -> None:
    """Any text written into a payload by hand reads as a valid entry or a DiaryError naming it, nothing else."""
    path = tmp_path / f"diary-{uuid.uuid4().hex}.sqlite3"
    entry_id = save_entry(path, check_in(SURGERY))
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE entries SET payload = ? WHERE entry_id = ?", (stored, entry_id))
    connection.close()
    try:
        read_entries(path)
    except DiaryError as exc:
        assert f"Entry {entry_id}" in str(exc)
