"""The diary's file: owner-only, recognised before it is written, migrated with a copy kept, shared by writers."""

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES
from spinerecov.store import diary_file, diary_schema
from spinerecov.store.diary import (
    DiaryEntry,
    DiaryError,
    NewEntry,
    clear_entries,
    read_entries,
    remove_entry,
    save_entry,
)

SURGERY = dt.date(2024, 5, 1)
SCHEMA_1 = FIXTURES / "diary" / "schema-1.sqlite3"
ENTRY = NewEntry(
    "check-in",
    dt.date(2024, 5, 20),
    "endoscopic",
    SURGERY,
    {"answers": {"leg_pain": 2}, "tier": "none", "red_flags": [], "day": 19, "week": 2},
)


def _fingerprint(folder: Path) -> dict[str, str]:
    """Every file in `folder` with a hash of its bytes."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _answers(entry: DiaryEntry) -> dict[str, object]:
    """An entry's answers."""
    answers = entry.payload["answers"]
    assert isinstance(answers, dict)
    return answers


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_diary_is_owner_only_in_an_owner_only_folder(tmp_path: Path) -> None:
    """The diary, its write-ahead files and the folder made for it are readable by the owner only."""
    path = tmp_path / "data" / "spinerecov" / "diary.sqlite3"
    save_entry(path, ENTRY)
    assert _mode(path.parent) == 0o700
    connection = sqlite3.connect(path)  # keep the write-ahead files while we look at them
    connection.execute("SELECT 1 FROM entries").fetchall()
    for name in ("diary.sqlite3", "diary.sqlite3-wal", "diary.sqlite3-shm"):
        assert _mode(path.parent / name) == 0o600, name
    connection.close()


def test_a_new_diary_is_ours_at_the_current_schema_in_wal_mode(tmp_path: Path) -> None:
    """A new diary carries our application id, the current schema number, WAL mode and the day index."""
    path = tmp_path / "diary.sqlite3"
    save_entry(path, ENTRY)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == diary_file.APPLICATION_ID
        assert connection.execute("PRAGMA user_version").fetchone()[0] == diary_schema.SCHEMA_VERSION == 2
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        indexes = {row[1] for row in connection.execute("PRAGMA index_list(entries)")}
    connection.close()
    assert "entries_by_day" in indexes


def test_an_empty_file_becomes_a_diary(tmp_path: Path) -> None:
    """An empty file (a first save that was cut short) holds nothing to lose: it becomes the diary."""
    path = tmp_path / "diary.sqlite3"
    path.touch()
    assert read_entries(path) == []
    save_entry(path, ENTRY)
    assert len(read_entries(path)) == 1


def _foreign_files(folder: Path) -> dict[str, Path]:
    """A text file, another program's database, an empty-but-foreign database, and a diary from the future."""
    text = folder / "notes.txt"
    text.write_text("my own notes\n" * 20)
    other = folder / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE entries (x)")
        connection.execute("INSERT INTO entries VALUES (1)")
    connection.close()
    tagged = folder / "tagged.sqlite3"
    with sqlite3.connect(tagged) as connection:
        connection.execute(f"PRAGMA application_id = {diary_file.APPLICATION_ID}")
        connection.execute("PRAGMA user_version = 2")
        connection.execute("CREATE TABLE something_else (x)")
    connection.close()
    newer = folder / "newer.sqlite3"
    with sqlite3.connect(newer) as connection:
        connection.execute(f"PRAGMA application_id = {diary_file.APPLICATION_ID}")
        connection.execute("PRAGMA user_version = 99")
        connection.execute("CREATE TABLE entries (x)")
    connection.close()
    damaged = folder / "damaged.sqlite3"
    save_entry(damaged, ENTRY)
    data = bytearray(damaged.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    damaged.write_bytes(bytes(data))
    return {"not an SQLite": text, "another program": other, "missing": tagged, "newer": newer, "damaged": damaged}


@pytest.mark.parametrize("kind", ["not an SQLite", "another program", "missing", "newer", "damaged"])
@pytest.mark.parametrize("action", ["read", "save", "remove", "clear"])
def test_a_foreign_or_damaged_file_is_reported_and_never_touched(tmp_path: Path, kind: str, action: str) -> None:
    """Every diary operation on a file that is not a good diary of ours names it and leaves every byte as it was."""
    path = _foreign_files(tmp_path)[kind]
    before = _fingerprint(tmp_path)
    with pytest.raises(DiaryError) as caught:
        if action == "read":
            read_entries(path)
        elif action == "save":
            save_entry(path, ENTRY)
        elif action == "remove":
            remove_entry(path, 1)
        else:
            clear_entries(path)
    assert str(path) in str(caught.value)
    assert "Traceback" not in str(caught.value)
    after = _fingerprint(tmp_path)
    # Every file is as it was; at most SQLite's own companions of a WAL database it read appeared.
    assert {name: after[name] for name in before} == before
    assert set(after) - set(before) <= {f"{path.name}-wal", f"{path.name}-shm"}


def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    """A FIFO at the diary's path is reported, not opened and waited on."""
    path = tmp_path / "diary.sqlite3"
    os.mkfifo(path)
    with pytest.raises(DiaryError, match="not a regular file"):
        read_entries(path)
    with pytest.raises(DiaryError, match="not a regular file"):
        save_entry(path, ENTRY)


def test_a_diary_of_the_first_schema_is_read_as_it_is(tmp_path: Path) -> None:
    """Reading a schema-1 diary shows its entries and changes nothing (no migration on read)."""
    path = tmp_path / "diary.sqlite3"
    shutil.copy(SCHEMA_1, path)
    before = _fingerprint(tmp_path)
    entries = read_entries(path)
    assert [e.entry_id for e in entries] == [1, 2, 3]
    assert _answers(entries[1])["note"] == "Walked to the shop."
    assert _fingerprint(tmp_path) == before


def test_a_diary_of_the_first_schema_is_migrated_with_a_copy_kept(tmp_path: Path) -> None:
    """Saving into a schema-1 diary keeps an owner-only copy of it, then upgrades it keeping every entry and id."""
    path = tmp_path / "diary.sqlite3"
    shutil.copy(SCHEMA_1, path)
    old = [(e.entry_id, e.payload) for e in read_entries(path)]
    new_id = save_entry(path, ENTRY)
    assert new_id == 5  # entry 4 was removed under schema 1: its id is never given again
    copy = tmp_path / "diary.sqlite3.schema-1.bak"
    assert _mode(copy) == 0o600
    assert [(e.entry_id, e.payload) for e in read_entries(copy)] == old
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    connection.close()
    assert [(e.entry_id, e.payload) for e in read_entries(path)][:3] == old
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 2
        assert "entries_by_day" in {row[1] for row in connection.execute("PRAGMA index_list(entries)")}
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute("UPDATE entries SET kind = 'diet' WHERE entry_id = 1")
    connection.close()


def test_a_second_migration_keeps_its_own_copy(tmp_path: Path) -> None:
    """A copy left by an earlier upgrade is never overwritten by another one."""
    path = tmp_path / "diary.sqlite3"
    shutil.copy(SCHEMA_1, path)
    (tmp_path / "diary.sqlite3.schema-1.bak").write_text("an older copy")
    save_entry(path, ENTRY)
    assert (tmp_path / "diary.sqlite3.schema-1.bak").read_text() == "an older copy"
    assert len(read_entries(tmp_path / "diary.sqlite3.schema-1-2.bak")) == 3


def test_a_migration_that_fails_leaves_the_diary_as_it_was(tmp_path: Path) -> None:
    """An old row that breaks the new schema's checks stops the upgrade: the diary stays schema 1, a copy is kept."""
    path = tmp_path / "diary.sqlite3"
    shutil.copy(SCHEMA_1, path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE entries SET on_day = 'yesterday' WHERE entry_id = 2")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(DiaryError, match="cannot be upgraded") as caught:
        save_entry(path, ENTRY)
    assert "schema-1.bak" in str(caught.value)
    assert path.read_bytes() == before
    with sqlite3.connect(tmp_path / "diary.sqlite3.schema-1.bak") as connection:
        kept = connection.execute("SELECT entry_id, on_day FROM entries ORDER BY entry_id").fetchall()
    connection.close()
    assert kept == [(1, "2024-05-08"), (2, "yesterday"), (3, "2024-05-15")]


WRITER = """
import datetime as dt, sys
from pathlib import Path
from spinerecov.store.diary import NewEntry, save_entry
path = Path(sys.argv[1])
for number in range(int(sys.argv[3])):
    payload = {"answers": {"writer": sys.argv[2], "n": number}, "tier": "none", "red_flags": [], "day": 1, "week": 0}
    save_entry(path, NewEntry("check-in", dt.date(2024, 5, 2), "endoscopic", dt.date(2024, 5, 1), payload))
"""


def test_four_processes_saving_at_once_all_land(tmp_path: Path) -> None:
    """Four processes saving into one new diary at once: every entry is saved, each with its own id."""
    path = tmp_path / "data" / "diary.sqlite3"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(number), "25"], stderr=subprocess.PIPE)
        for number in range(4)
    ]
    for writer in writers:
        _, error = writer.communicate(timeout=120)
        assert writer.returncode == 0, error.decode()
    entries = read_entries(path)
    assert len(entries) == 100
    assert len({e.entry_id for e in entries}) == 100
    assert {(_answers(e)["writer"], _answers(e)["n"]) for e in entries} == {
        (str(w), n) for w in range(4) for n in range(25)
    }


def test_a_full_disk_is_reported_with_the_path_and_nothing_is_half_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When SQLite reports the disk full, the save is one DiaryError naming the diary, and no entry is half there."""
    path = tmp_path / "diary.sqlite3"
    save_entry(path, ENTRY)
    connect = diary_file._connect

    def small_disk(target: Path, *, read_only: bool) -> sqlite3.Connection:
        connection = connect(target, read_only=read_only)
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")
        return connection

    monkeypatch.setattr(diary_file, "_connect", small_disk)
    big = NewEntry(ENTRY.kind, ENTRY.on, ENTRY.procedure, SURGERY, {**ENTRY.payload, "answers": {"note": "x" * 3900}})
    with pytest.raises(DiaryError, match=str(path)):
        for _ in range(40):
            save_entry(path, big)
    monkeypatch.undo()
    assert all(e.payload["answers"] in ({"leg_pain": 2}, {"note": "x" * 3900}) for e in read_entries(path))


def test_a_diary_that_cannot_be_made_is_reported(tmp_path: Path) -> None:
    """A diary whose folder cannot be made (a file is in the way) is a DiaryError naming the diary."""
    (tmp_path / "data").write_text("a file, not a folder")
    path = tmp_path / "data" / "diary.sqlite3"
    with pytest.raises(DiaryError, match=str(path)):
        save_entry(path, ENTRY)


def test_a_busy_diary_is_reported_as_busy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer that waited its time for another process's transaction says the diary is busy; nothing is lost."""
    path = tmp_path / "diary.sqlite3"
    save_entry(path, ENTRY)
    monkeypatch.setattr(diary_file, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DiaryError, match="busy"):
            save_entry(path, ENTRY)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(read_entries(path)) == 1


def test_the_fixture_is_the_first_schema() -> None:
    """The schema-1 fixture database holds exactly the first schema's table, our application id and version 1."""
    with sqlite3.connect(f"{SCHEMA_1.as_uri()}?mode=ro", uri=True) as connection:
        (sql,) = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'entries'").fetchone()
        header = [connection.execute(f"PRAGMA {name}").fetchone()[0] for name in ("application_id", "user_version")]
    connection.close()
    assert " ".join(sql.split()) == " ".join(diary_schema.SCHEMA_1.split()).rstrip(";")
    assert header == [diary_file.APPLICATION_ID, 1]
