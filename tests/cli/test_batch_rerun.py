"""`batch` run again: a plan is kept only when its inputs are unchanged, rewritten when they changed, never stale."""

import csv
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, as_in_a_new_process, run_cli

HEADER = "id,procedure,date,age,job\n"
ROWS = {
    "p1": "p1,endoscopic,2026-12-01,54,desk\n",
    "p2": "p2,tlif,2026-12-02,71,manual\n",
    "p3": "p3,tubular,2026-12-03,,\n",
    "p4": "p4,open-discectomy,2026-12-04,66,light\n",
}
TODAY = ["--today", "2026-11-21"]


def _write(tmp_path: Path, rows: dict[str, str], name: str = "patients.csv") -> Path:
    patients = tmp_path / name
    patients.write_text(HEADER + "".join(rows.values()))
    return patients


def _batch(runner: CliRunner, patients: Path, out_dir: Path, *extra: str) -> tuple[int, str, dict[str, str]]:
    """Run the batch with a report; (exit code, stderr, id -> outcome)."""
    report = out_dir.parent / "report.csv"
    code, _, err = run_cli(runner, "batch", str(patients), "-o", str(out_dir), "--report", str(report), *extra)
    with report.open(newline="") as handle:
        outcomes = {row["id"]: row["outcome"] for row in csv.DictReader(handle)}
    return code, err, outcomes


def _stamps(out_dir: Path) -> dict[str, int]:
    """Each plan's inode and modification time: what changes when a file is written again."""
    return {p.name: p.stat().st_mtime_ns + p.stat().st_ino for p in out_dir.glob("*.*") if p.is_file()}


def test_an_identical_rerun_writes_nothing_and_says_unchanged(runner: CliRunner, tmp_path: Path) -> None:
    """Run again with the same list and options: no file is touched, every row is 'unchanged', exit 0."""
    patients, out_dir = _write(tmp_path, ROWS), tmp_path / "plans"
    assert _batch(runner, patients, out_dir, *TODAY)[0] == 0
    before = _stamps(out_dir)
    code, err, outcomes = _batch(runner, patients, out_dir, *TODAY)
    assert code == 0, err
    assert set(outcomes.values()) == {"unchanged"} and len(outcomes) == 4
    assert "Wrote 0 plans" in err and "Kept 4 plans already written from the same inputs." in err
    assert _stamps(out_dir) == before


@pytest.mark.parametrize(
    ("corrected", "shows"),
    [
        ("p2,tlif,2026-12-09,71,manual\n", "Wed 9 Dec 2026"),  # the surgery date was a week out
        ("p2,mis-fusion,2026-12-02,71,manual\n", "Minimally invasive lumbar fusion"),  # tlif meant the MIS one
    ],
)
def test_correcting_a_row_rewrites_exactly_that_plan(
    runner: CliRunner, tmp_path: Path, corrected: str, shows: str
) -> None:
    """A corrected date or procedure rewrites that row's plan (named on screen and in the report); no other."""
    out_dir = tmp_path / "plans"
    assert _batch(runner, _write(tmp_path, ROWS), out_dir, *TODAY)[0] == 0
    before = _stamps(out_dir)
    code, err, outcomes = _batch(runner, _write(tmp_path, {**ROWS, "p2": corrected}), out_dir, *TODAY)
    assert code == 0, err
    assert outcomes == {"p1": "unchanged", "p2": "rewritten", "p3": "unchanged", "p4": "unchanged"}
    assert "Rewrote 1 plan whose inputs changed since it was written: p2." in err
    assert shows in (out_dir / "p2.md").read_text()
    after = _stamps(out_dir)
    assert [name for name in before if before[name] != after[name]] == ["p2.md"]


def test_the_report_says_each_rows_outcome_and_why(runner: CliRunner, tmp_path: Path) -> None:
    """written, unchanged, rewritten (its inputs changed) and failed rows, each with its reason in the report."""
    out_dir = tmp_path / "plans"
    assert _batch(runner, _write(tmp_path, {"p1": ROWS["p1"], "p2": ROWS["p2"]}), out_dir, *TODAY)[0] == 0
    rows = {**ROWS, "p1": "p1,endoscopic,2026-12-08,54,desk\n", "p5": "p5,nope,2026-12-01,,\n"}
    code, _, outcomes = _batch(runner, _write(tmp_path, rows), out_dir, *TODAY)
    assert code == 1
    assert outcomes == {"p1": "rewritten", "p2": "unchanged", "p3": "written", "p4": "written", "p5": "failed"}
    with (tmp_path / "report.csv").open(newline="") as handle:
        reasons = {row["id"]: row["reason"] for row in csv.DictReader(handle)}
    assert reasons["p1"] == "its inputs changed since it was written" and reasons["p3"] == reasons["p4"] == ""
    assert reasons["p2"].startswith("'tlif' can be open or minimally invasive;")
    assert reasons["p5"].startswith("Unknown procedure 'nope'")


@pytest.mark.parametrize(
    "change",
    ["protocol", "kb", "lang", "today"],
)
def test_a_changed_shared_input_rewrites_every_plan(runner: CliRunner, tmp_path: Path, change: str) -> None:
    """A new protocol, knowledge base, language or day rewrites every plan it changes (here: all of them)."""
    protocol, kb = tmp_path / "clinic.yaml", tmp_path / "procedures.yaml"
    shutil.copy(ROOT / "examples" / "clinic-protocol.yaml", protocol)
    shutil.copy(ROOT / "data" / "procedures.yaml", kb)
    patients, out_dir = _write(tmp_path, ROWS), tmp_path / "plans"
    common = ["--protocol", str(protocol), "--kb", str(kb), "--format", "html"]
    assert _batch(runner, patients, out_dir, *common, *TODAY)[0] == 0
    extra = [*TODAY]
    if change == "protocol":
        protocol.write_text(protocol.read_text().replace("555-0100", "555-0199"))
    elif change == "kb":
        text = kb.read_text()
        kb.write_text(text.replace("disclaimer: >-\n", "disclaimer: >-\n  Read this first.\n", 1))
    elif change == "lang":
        extra += ["--lang", "es"]
    else:
        extra = ["--today", "2026-11-28"]
    as_in_a_new_process()  # as a new run of spinerecov would: the files are read again
    code, err, outcomes = _batch(runner, patients, out_dir, *common, *extra)
    assert code == 0, err
    assert set(outcomes.values()) == {"rewritten"} and len(outcomes) == 4


def test_a_changed_input_that_does_not_change_a_plan_keeps_it(runner: CliRunner, tmp_path: Path) -> None:
    """Another --today leaves a markdown plan's bytes as they were: the plan is compared, found the same, kept."""
    patients, out_dir = _write(tmp_path, ROWS), tmp_path / "plans"
    assert _batch(runner, patients, out_dir, *TODAY)[0] == 0
    before = _stamps(out_dir)
    code, err, outcomes = _batch(runner, patients, out_dir, "--today", "2026-11-22")
    assert code == 0, err
    assert set(outcomes.values()) == {"unchanged"} and _stamps(out_dir) == before


def test_a_killed_batch_run_again_finishes_and_keeps_what_it_wrote(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after writing plans it had not yet recorded: the rerun keeps them, writes the rest, then all unchanged."""
    from spinerecov.store import batch_run
    from spinerecov.store.plan_record import PlanRecord

    rows = {f"k{i:03d}": f"k{i:03d},tubular,2026-12-01,{40 + i % 30},desk\n" for i in range(150)}
    patients, out_dir = _write(tmp_path, rows), tmp_path / "plans"
    recorded = PlanRecord.add
    calls = []

    def killed_on_the_second_chunk(record: PlanRecord, made: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as a kill between writing a chunk's plans and recording them
        recorded(record, made)  # type: ignore[arg-type]

    monkeypatch.setattr(PlanRecord, "add", killed_on_the_second_chunk)
    code, _, _ = run_cli(runner, "batch", str(patients), "-o", str(out_dir), *TODAY, "--jobs", "1")
    assert code not in (0, 1) and len(calls) == 2
    monkeypatch.setattr(PlanRecord, "add", recorded)
    written = len(list(out_dir.glob("*.md")))
    assert written == 2 * batch_run.CHUNK_ROWS
    code, err, outcomes = _batch(runner, patients, out_dir, *TODAY)
    assert code == 0, err
    assert list(outcomes.values()).count("unchanged") == written
    assert list(outcomes.values()).count("written") == len(rows) - written
    code, err, outcomes = _batch(
        runner, _write(tmp_path, {**rows, "k100": "k100,tubular,2026-12-08,50,desk\n"}), out_dir, *TODAY
    )
    assert code == 0, err
    assert [ident for ident, outcome in outcomes.items() if outcome != "unchanged"] == ["k100"]
    assert outcomes["k100"] == "rewritten"


def test_parallel_workers_and_parts_rewrite_only_the_changed_rows(runner: CliRunner, tmp_path: Path) -> None:
    """Written in two --part shares (one with --jobs 2), then run whole after a correction: only that row changes."""
    rows = {f"s{i:03d}": f"s{i:03d},endoscopic,2026-12-01,{30 + i % 40},desk\n" for i in range(200)}
    patients, out_dir = _write(tmp_path, rows), tmp_path / "plans"
    assert _batch(runner, patients, out_dir, *TODAY, "--part", "1/2", "--jobs", "2")[0] == 0
    assert _batch(runner, patients, out_dir, *TODAY, "--part", "2/2")[0] == 0
    corrected = _write(tmp_path, {**rows, "s007": "s007,endoscopic,2026-12-02,37,desk\n"})
    code, err, outcomes = _batch(runner, corrected, out_dir, *TODAY, "--jobs", "2", "--shard")
    assert code == 0, err  # --shard puts plans elsewhere: all new files
    assert set(outcomes.values()) == {"written"}
    code, err, outcomes = _batch(runner, corrected, out_dir, *TODAY, "--jobs", "2")
    assert code == 0, err
    assert [ident for ident, outcome in outcomes.items() if outcome != "unchanged"] == ["s007"]
    assert outcomes["s007"] == "rewritten" and len(outcomes) == 200


def test_a_file_the_batch_did_not_write_is_never_replaced_without_force(runner: CliRunner, tmp_path: Path) -> None:
    """A plan already there that the batch has no record of: kept if it is what the row gives, else its row fails."""
    patients, out_dir = _write(tmp_path, ROWS), tmp_path / "plans"
    assert _batch(runner, patients, out_dir, *TODAY)[0] == 0
    shutil.rmtree(out_dir / ".spinerecov-batch")  # as a folder written by an older spinerecov
    (out_dir / "p3.md").write_text("the clinic's own handout")
    code, err, outcomes = _batch(
        runner, _write(tmp_path, {**ROWS, "p4": "p4,tubular,2026-12-04,66,light\n"}), out_dir, *TODAY
    )
    assert code == 1
    assert outcomes == {"p1": "unchanged", "p2": "unchanged", "p3": "failed", "p4": "failed"}
    assert "was not written by a batch into this folder (or was edited since)" in err and "--force" in err
    assert (out_dir / "p3.md").read_text() == "the clinic's own handout"
    code, err, outcomes = _batch(runner, patients, out_dir, *TODAY, "--force")
    assert code == 0 and set(outcomes.values()) == {"rewritten"}


@pytest.mark.parametrize(
    "damage",
    ["garbage", "empty", "other-table", "a-view", "a-link", "a-fifo", "a-folder"],
)
def test_a_damaged_record_is_said_and_never_crashes_or_keeps_a_stale_plan(
    runner: CliRunner, tmp_path: Path, damage: str
) -> None:
    """A record that is not ours or not readable: one message, a new record; unchanged plans kept, none stale."""
    import sqlite3

    patients, out_dir = _write(tmp_path, ROWS), tmp_path / "plans"
    assert _batch(runner, patients, out_dir, *TODAY)[0] == 0
    record = out_dir / ".spinerecov-batch" / "whole.sqlite"
    record.unlink()
    if damage == "garbage":
        record.write_bytes(b"SQLite format 3\0" + b"\xff" * 5000)
    elif damage == "empty":
        record.write_bytes(b"")
    elif damage == "a-link":
        (tmp_path / "elsewhere.sqlite").write_bytes(b"")
        record.symlink_to(tmp_path / "elsewhere.sqlite")
    elif damage == "a-folder":
        record.mkdir()
    elif damage == "a-fifo":
        os.mkfifo(record)
    else:
        with sqlite3.connect(record) as database:
            if damage == "a-view":
                database.execute("CREATE VIEW plans AS SELECT 1 AS name, 2 AS fingerprint, 3 AS content")
            else:
                database.execute("CREATE TABLE notes (text TEXT)")
        database.close()
    old = (out_dir / "p4.md").read_bytes()
    corrected = _write(tmp_path, {**ROWS, "p4": "p4,open-discectomy,2026-12-11,66,light\n"})
    code, err, outcomes = _batch(runner, corrected, out_dir, *TODAY)
    assert "Traceback" not in err
    if damage == "a-folder":
        assert code == 1 and "whole.sqlite" in err and "p4" not in outcomes.values()
        return
    assert "cannot be used" in err and "whole.sqlite" in err
    assert outcomes == {"p1": "unchanged", "p2": "unchanged", "p3": "unchanged", "p4": "failed"}
    assert code == 1 and "--force" in err
    assert (out_dir / "p4.md").read_bytes() == old
    code, err, outcomes = _batch(runner, _write(tmp_path, ROWS), out_dir, *TODAY)
    assert code == 0 and "cannot be used" not in err and set(outcomes.values()) == {"unchanged"}


def test_the_record_folder_must_be_the_batchs_own(runner: CliRunner, tmp_path: Path) -> None:
    """A file or a link where the record's folder goes: exit 1 with one clear line, no plan written."""
    patients, out_dir = _write(tmp_path, ROWS), tmp_path / "plans"
    out_dir.mkdir()
    (out_dir / ".spinerecov-batch").write_text("not a folder")
    code, _, err = run_cli(runner, "batch", str(patients), "-o", str(out_dir), *TODAY)
    assert code == 1 and ".spinerecov-batch should be the batch's own folder of records" in err
    assert not list(out_dir.glob("*.md"))


def test_the_ambiguity_note_names_the_lines_and_what_to_write(runner: CliRunner, tmp_path: Path) -> None:
    """'tlif' rows: one line naming their line numbers (ten at most) and the word to put in the procedure column."""
    rows = {f"t{i:02d}": f"t{i:02d},{'tlif' if i != 1 else 'tubular'},2026-12-01,,\n" for i in range(13)}
    code, err, _ = _batch(runner, _write(tmp_path, rows), tmp_path / "plans", *TODAY)
    assert code == 0, err
    note = "12 rows (lines 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, ...): 'tlif' can be open or minimally invasive;"
    assert note in err
    assert "For the minimally invasive operation, write mis-fusion in the procedure column." in err
    assert "--procedure" not in err


def test_a_fifo_where_a_plan_goes_is_never_read(runner: CliRunner, tmp_path: Path) -> None:
    """A FIFO named like a plan fails its row at once (nothing waits on it), with and without --force."""
    out_dir = tmp_path / "plans"
    out_dir.mkdir()
    os.mkfifo(out_dir / "p1.md")
    for extra in ([], ["--force"]):
        code, err, outcomes = _batch(runner, _write(tmp_path, ROWS), out_dir, *TODAY, *extra)
        assert code == 1 and outcomes["p1"] == "failed" and "p1.md" in err
        assert list(outcomes.values()).count("failed") == 1
