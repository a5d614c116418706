"""`batch` accounts for every row: stray quotes, huge fields, floods of errors, reruns after a crash, the report."""

import csv
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import run_cli
from spinerecov.output.plan_formats import PLAN_FORMATS
from spinerecov.store.batch_run import CHUNK_ROWS

ROWS = 2 * CHUNK_ROWS + 37
"""Three chunks, the last one short, and parts of 1/3 that do not fall on a chunk's edge."""

HEADER = "id,procedure,date,job\n"


def _write(tmp_path: Path, text: str) -> Path:
    patients = tmp_path / "patients.csv"
    patients.write_text(HEADER + text)
    return patients


def _plans(out_dir: Path) -> list[str]:
    """The names of the files in `out_dir` (not the batch's record of them)."""
    return sorted(p.name for p in out_dir.rglob("*") if p.is_file() and ".spinerecov-batch" not in p.parts)


def test_a_stray_quote_costs_only_its_own_row(runner: CliRunner, tmp_path: Path) -> None:
    """The review's case: p2's unclosed quote fails p2 (line 3); p3 is written; p4 fails on its own line 5."""
    rows = (
        'p1,endoscopic,2024-05-01,desk\np2,endoscopic,2024-05-02,"desk\np3,tubular,2024-05-03,manual\n'
        'p4,endoscopic,2024-05-04,desk"\n'
    )
    patients = _write(tmp_path, rows)
    code, _, err = run_cli(runner, "batch", str(patients), "-o", str(tmp_path / "st"), "--jobs", "1")
    assert code == 1
    assert "Wrote 2 plans" in err and "2 rows failed" in err
    assert f"{patients}:3 (p2): has a quote" in err
    assert f"{patients}:5 (p4): job 'desk\"'" in err
    assert _plans(tmp_path / "st") == ["p1.md", "p3.md"]


def test_an_oversized_field_fails_its_row_not_the_batch(runner: CliRunner, tmp_path: Path) -> None:
    """A 200,000-character field never aborts the batch, nor does a stray quote before 89 KB of rows.

    (Read as CSV, the quote would make one field of all the rows after it, longer than a line may be.)
    """
    rows = "p0,endoscopic,2024-05-01," + "x" * 200_000 + "\n"
    tail = "".join(f"{f'q{i:04d}':-<64},tubular,2024-05-01,desk\n" for i in range(1000))  # 64-character ids
    assert len(tail) > 65_536
    rows += 'p1,endoscopic,2024-05-01,"desk\n' + tail
    patients = _write(tmp_path, rows)
    code, _, err = run_cli(runner, "batch", str(patients), "-o", str(tmp_path / "big"), "--jobs", "1")
    assert code == 1, err
    assert "Wrote 1,000 plans" in err and "2 rows failed" in err
    assert f"{patients}:2: the line is longer than 65,536 bytes" in err
    assert f"{patients}:3 (p1): has a quote" in err
    assert "unexpected failure" not in err


def test_a_line_that_is_not_utf8_fails_its_row(runner: CliRunner, tmp_path: Path) -> None:
    """Bytes that are not UTF-8 fail their own row; the next row is still written."""
    patients = tmp_path / "patients.csv"
    patients.write_bytes(HEADER.encode() + b"p1,endoscopic,2024-05-01,d\xe9sk\np2,tubular,2024-05-01,desk\n")
    code, _, err = run_cli(runner, "batch", str(patients), "-o", str(tmp_path / "plans"))
    assert code == 1 and f"{patients}:2: the line is not UTF-8 text" in err
    assert _plans(tmp_path / "plans") == ["p2.md"]


def test_an_error_flood_shows_twenty_and_the_report_has_every_row(runner: CliRunner, tmp_path: Path) -> None:
    """25 bad rows: 20 on the terminal, then how many more; --report FILE.csv lists all 26 rows."""
    rows = "ok1,tubular,2024-05-01,desk\n" + "".join(f"b{i},nope,2024-05-01,desk\n" for i in range(25))
    patients = _write(tmp_path, rows)
    report = tmp_path / "report.csv"
    code, _, err = run_cli(runner, "batch", str(patients), "-o", str(tmp_path / "plans"), "--report", str(report))
    assert code == 1
    assert len([line for line in err.splitlines() if line.startswith(f"  {patients}:")]) == 20
    assert f"  ... and 5 more (see {report})." in err
    with report.open(newline="") as handle:
        records = list(csv.DictReader(handle))
    assert list(records[0]) == ["id", "line", "outcome", "reason", "path"]
    assert [r["outcome"] for r in records] == ["written"] + ["failed"] * 25
    assert records[0]["path"] == str(tmp_path / "plans" / "ok1.md") and records[-1]["line"] == "27"
    assert "Unknown procedure 'nope'" in records[-1]["reason"]


def test_json_report_and_report_names(runner: CliRunner, tmp_path: Path) -> None:
    """--report FILE.json writes a schema-named document of rows; any other extension is a usage error."""
    patients = _write(tmp_path, "p1,tubular,2024-05-01,desk\np2,tubular,2024-13-01,desk\n")
    report = tmp_path / "report.json"
    code, _, _ = run_cli(runner, "batch", str(patients), "-o", str(tmp_path / "plans"), "--report", str(report))
    assert code == 1
    document = json.loads(report.read_text())
    assert document["schema"] == "spinerecov/batch-report/v1"
    rows = document["rows"]
    assert [(r["id"], r["line"], r["outcome"]) for r in rows] == [("p1", 2, "written"), ("p2", 3, "failed")]
    code, _, err = run_cli(runner, "batch", str(patients), "-o", str(tmp_path / "p"), "--report", "r.txt")
    assert code == 2 and "name a .csv or a .json file" in err


def test_a_rerun_after_a_crash_writes_only_what_is_missing(runner: CliRunner, tmp_path: Path) -> None:
    """After a kill: leftover temporary files are removed, whole plans kept, empty ones and missing ones written."""
    patients = _write(tmp_path, "".join(f"p{i},tubular,2024-05-01,desk\n" for i in range(5)))
    out_dir = tmp_path / "plans"
    first = _write(tmp_path, "p0,tubular,2024-05-01,desk\n")
    assert run_cli(runner, "batch", str(first), "-o", str(out_dir), "--today", "2026-11-21")[0] == 0
    before = (out_dir / "p0.md").stat().st_mtime_ns
    patients = _write(tmp_path, "".join(f"p{i},tubular,2024-05-01,desk\n" for i in range(5)))
    (out_dir / "p1.md").write_text("")  # what a power cut can leave of an unsynced file
    (out_dir / ".p2.md.k3j9x_a1.tmp").write_text("half a plan")
    (out_dir / ".notes.txt.tmp").write_text("not ours")
    report = tmp_path / "r.csv"
    code, _, err = run_cli(
        runner, "batch", str(patients), "-o", str(out_dir), "--report", str(report), "--today", "2026-11-21"
    )
    assert code == 0, err
    assert "Wrote 4 plans" in err and "Kept 1 plan already written from the same inputs" in err
    assert _plans(out_dir) == [
        ".notes.txt.tmp",
        "p0.md",
        "p1.md",
        "p2.md",
        "p3.md",
        "p4.md",
    ]
    assert (out_dir / "p0.md").stat().st_mtime_ns == before
    assert (out_dir / "p1.md").read_text().startswith("# Recovery plan")
    assert report.read_text().splitlines()[1] == "p0,2,unchanged,," + str(out_dir / "p0.md")


def _many(tmp_path: Path, count: int) -> Path:
    procedures = ["endoscopic", "tubular", "tlif", "mis-fusion"]
    rows = [
        f"p{i:04d},{procedures[i % 4]},2026-12-{1 + i % 28:02d},{['desk', 'manual', ''][i % 3]}\n" for i in range(count)
    ]
    rows[7] = "p0007,nope,2026-12-01,desk\n"
    return _write(tmp_path, "".join(rows))


def _contents(out_dir: Path) -> dict[str, bytes]:
    """The plans in `out_dir` (not the batch's record of them)."""
    plans = (p for p in out_dir.rglob("*") if p.is_file() and ".spinerecov-batch" not in p.parts)
    return {str(p.relative_to(out_dir)): p.read_bytes() for p in plans}


@pytest.mark.parametrize("fmt", ["markdown", "ics"])
def test_output_is_the_same_for_any_jobs_and_parts(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    """--jobs 1, --jobs 2 and the union of --part 1/3..3/3 write byte-identical files and the same report rows."""
    patients = _many(tmp_path, ROWS)
    common = ["--today", "2026-11-21", "--format", fmt]
    outputs, reports = [], []
    for name, extra in [("one", ["--jobs", "1"]), ("two", ["--jobs", "2"])]:
        code, _, err = run_cli(
            runner,
            "batch",
            str(patients),
            "-o",
            str(tmp_path / name),
            *common,
            *extra,
            "--report",
            f"{tmp_path / name}.csv",
        )
        assert code == 1 and f"Wrote {ROWS - 1} plans" in err and "p0007" in err
        outputs.append(_contents(tmp_path / name))
        reports.append((tmp_path / f"{name}.csv").read_text().replace(name, "X"))
    part_rows = 0
    for part in (1, 2, 3):
        run_cli(
            runner,
            "batch",
            str(patients),
            "-o",
            str(tmp_path / "parts"),
            *common,
            "--part",
            f"{part}/3",
            "--report",
            f"{tmp_path}/part{part}.csv",
        )
        part_rows += len((tmp_path / f"part{part}.csv").read_text().splitlines()) - 1
    outputs.append(_contents(tmp_path / "parts"))
    assert len(outputs[0]) == ROWS - 1 and outputs[0] == outputs[1] == outputs[2]
    assert reports[0] == reports[1] and part_rows == ROWS


def test_shard_spreads_plans_over_subfolders(runner: CliRunner, tmp_path: Path) -> None:
    """--shard writes DIR/XX/ID.md, each id always in the same two-hex-digit subfolder."""
    patients = _many(tmp_path, 100)
    out_dir = tmp_path / "plans"
    code, _, _ = run_cli(runner, "batch", str(patients), "-o", str(out_dir), "--shard")
    assert code == 1
    plans = list(out_dir.rglob("*.md"))
    assert len(plans) == 99 and all(len(p.parent.name) == 2 and p.parent.parent == out_dir for p in plans)
    assert len({p.parent for p in plans}) > 50


@pytest.mark.parametrize("part", ["0/2", "3/2", "x", "1/0", "1-2"])
def test_bad_part_is_a_usage_error(runner: CliRunner, tmp_path: Path, part: str) -> None:
    """--part must be K/N with 1 <= K <= N: exit 2 with one clear line, nothing written."""
    patients = _write(tmp_path, "p1,tubular,2024-05-01,desk\n")
    code, _, err = run_cli(runner, "batch", str(patients), "-o", str(tmp_path / "plans"), "--part", part)
    assert code == 2 and "--part" in err and "K/N" in err
    assert not (tmp_path / "plans").exists()


def test_a_fifo_is_not_read(runner: CliRunner, tmp_path: Path) -> None:
    """A FIFO as the patient list is refused at once instead of hanging."""
    fifo = tmp_path / "list.csv"
    os.mkfifo(fifo)
    code, _, err = run_cli(runner, "batch", str(fifo), "-o", str(tmp_path / "plans"))
    assert code == 2 and "is not a regular file" in err


def test_an_ambiguous_name_in_a_row_is_said(runner: CliRunner, tmp_path: Path) -> None:
    """A row naming 'tlif' gets the open plan, and the batch says so once, with the row count and line."""
    patients = tmp_path / "p.csv"
    patients.write_text("id,procedure,date\na1,tlif,2026-12-01\na2,fusion,2026-12-02\na3,endoscopic,2026-12-03\n")
    code, _, err = run_cli(runner, "batch", str(patients), "--out-dir", str(tmp_path / "out"), "--today", "2026-11-21")
    assert code == 0, err
    assert "1 row (line 2): 'tlif' can be open or minimally invasive; showing open-fusion." in err
    assert "1 row (line 3): 'fusion' can be open or minimally invasive; showing open-fusion." in err
    assert (tmp_path / "out" / "a1.md").read_text().startswith("# Recovery plan: Open lumbar fusion")


@pytest.mark.parametrize("fmt", [f.name for f in PLAN_FORMATS if f.batch])
def test_each_batch_plan_is_the_patients_export(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    """In every format a batch writes, each batch file is byte for byte `export` for that patient."""
    patients = tmp_path / "patients.csv"
    rows = [
        ("a1", "mis-fusion", "2026-12-01", "71", "yes", "manual", ""),
        ("a2", "mis-fusion", "2027-03-09", "83", "yes", "manual", ""),  # the same shape, another patient
        ("a3", "mis-fusion", "2026-12-01", "71", "yes", "manual", "es"),  # the same shape in Spanish
        ("a4", "endoscopic", "2025-12-30", "", "", "desk", ""),  # a plan that runs into the next year
        ("a5", "tubular", "2026-11-25", "45", "no", "", ""),
        ("a6", "endoscopic", "2026-01-02", "", "", "desk", "es"),
    ]
    patients.write_text("id,procedure,date,age,smoker,job,lang\n" + "".join(",".join(r) + "\n" for r in rows))
    out_dir = str(tmp_path / "plans")
    code, _, err = run_cli(runner, "batch", str(patients), "-o", out_dir, "--format", fmt, "--today", "2026-11-21")
    assert code == 0, err
    for ident, procedure, date, age, smoker, job, lang in rows:
        options = ["-p", procedure, "-d", date, "--today", "2026-11-21", "--format", fmt, "--patient-id", ident]
        options += ["--age", age] if age else []
        options += [f"--{'' if smoker == 'yes' else 'no-'}smoker"] if smoker else []
        options += (["--job", job] if job else []) + ["--lang", lang or "en"]
        exported = tmp_path / f"{ident}.export"
        code, _, err = run_cli(runner, "export", *options, "-o", str(exported))
        assert code == 0, err
        written = next((tmp_path / "plans").glob(f"{ident}.*"))
        assert written.read_bytes() == exported.read_bytes(), ident
