"""`batch`: one plan per patient from a CSV; bad rows reported and skipped; files private; no overwrite."""

import json
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import run_cli

HEADER = "id,procedure,date,age,smoker,diabetes,bmi,job,nerve-damage,health\n"
GOOD = [
    "p001,endoscopic,2026-12-01,54,no,,,desk,,good\n",
    "p002,tlif,2026-12-02,71,yes,yes,31.5,manual,yes,fair\n",
]
BAD = [
    ("p003,endoscpic,2026-12-03,,,,,,,\n", "Unknown procedure 'endoscpic'. Did you mean 'endoscopic'?"),
    ("p004,tubular,2026-02-30,,,,,,,\n", "date '2026-02-30' is not a real date"),
    ("p005,tubular,2026-12-04,300,,,,,,\n", "age 300 is not between 0 and 120"),
    ("p006,tubular,2026-12-04,,maybe,,,,,\n", "smoker 'maybe' should be yes or no"),
    ("../p007,tubular,2026-12-04,,,,,,,\n", "id '../p007' must be"),
    ("p008,tubular,2026-12-04,,,,,pilot,,\n", "job 'pilot'"),
    ("p001,tubular,2026-12-04,,,,,,,\n", "id 'p001' appears twice"),
]


def _write(tmp_path: Path, rows: list[str], header: str = HEADER) -> Path:
    patients = tmp_path / "patients.csv"
    patients.write_text(header + "".join(rows))
    return patients


def test_good_rows_become_private_plans(runner: CliRunner, tmp_path: Path) -> None:
    """Each row's plan is written to DIR/ID.md, owner-only, in a new owner-only folder."""
    out_dir = tmp_path / "plans"
    code, out, err = run_cli(
        runner, "batch", str(_write(tmp_path, GOOD)), "--out-dir", str(out_dir), "--today", "2026-11-21"
    )
    assert code == 0, err
    assert "Wrote 2 plans (markdown)" in err and out == ""
    assert sorted(p.name for p in out_dir.iterdir()) == [".spinerecov-batch", "p001.md", "p002.md"]
    assert stat.S_IMODE(out_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((out_dir / ".spinerecov-batch").stat().st_mode) == 0o700
    for plan in [*out_dir.glob("*.md"), *(out_dir / ".spinerecov-batch").iterdir()]:
        assert stat.S_IMODE(plan.stat().st_mode) == 0o600
    second = (out_dir / "p002.md").read_text()
    # 'tlif' can be open or minimally invasive: a batch row gets the open (slower, safer) plan.
    assert second.startswith("# Recovery plan: Open lumbar fusion")
    factors = "age 71, smoker, diabetes, BMI 31.5, manual job, nerve damage before surgery, fair overall health"
    assert f"Patient factors: {factors}" in second


def test_mixed_rows_report_line_numbers_and_still_write_the_good_ones(runner: CliRunner, tmp_path: Path) -> None:
    """Bad rows: one line each with the file's line number and the reason; good rows written; exit 1."""
    rows = [GOOD[0], *(row for row, _ in BAD), GOOD[1]]
    patients = _write(tmp_path, rows)
    out_dir = tmp_path / "plans"
    code, _, err = run_cli(runner, "batch", str(patients), "--out-dir", str(out_dir))
    assert code == 1
    assert "Wrote 2 plans" in err and f"{len(BAD)} rows failed and were skipped" in err
    for line, (_, reason) in enumerate(BAD, start=3):
        assert f"{patients}:{line}" in err and reason in err
    assert sorted(p.name for p in out_dir.glob("*.md")) == ["p001.md", "p002.md"]


def test_a_rerun_keeps_unchanged_plans_and_never_replaces_an_edited_one_without_force(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A rerun keeps plans made from the same inputs (exit 0); an edited plan fails its row; --force replaces it."""
    patients = _write(tmp_path, GOOD)
    out_dir = tmp_path / "plans"
    assert run_cli(runner, "batch", str(patients), "-o", str(out_dir), "--today", "2026-11-21")[0] == 0
    code, _, err = run_cli(runner, "batch", str(patients), "-o", str(out_dir), "--today", "2026-11-21")
    assert code == 0, err
    assert "Wrote 0 plans" in err and "Kept 2 plans already written from the same inputs." in err
    (out_dir / "p001.md").write_text("the nurse's notes")
    code, _, err = run_cli(runner, "batch", str(patients), "-o", str(out_dir), "--today", "2026-11-21")
    assert code == 1 and f"{patients}:2 (p001): " in err and "Use --force to replace it." in err
    assert (out_dir / "p001.md").read_text() == "the nurse's notes"
    code, _, err = run_cli(runner, "batch", str(patients), "-o", str(out_dir), "--today", "2026-11-21", "--force")
    assert code == 0 and "Rewrote 2 plans (--force): p001, p002." in err
    assert (out_dir / "p001.md").read_text().startswith("# Recovery plan")


@pytest.mark.parametrize(("fmt", "start"), [("json", "{"), ("ics", "BEGIN:VCALENDAR")])
def test_other_formats(runner: CliRunner, tmp_path: Path, fmt: str, start: str) -> None:
    """--format json and ics write .json and .ics plans."""
    out_dir = tmp_path / "plans"
    code, _, _ = run_cli(runner, "batch", str(_write(tmp_path, GOOD)), "-o", str(out_dir), "--format", fmt)
    assert code == 0
    plan = (out_dir / f"p001.{fmt}").read_text()
    assert plan.startswith(start)
    if fmt == "json":
        assert json.loads(plan)["procedure"] == "endoscopic"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "The patient list is empty"),
        ("id,procedure,date\n", "has a header but no patients"),
        ("id,procedur,date\np1,tubular,2026-12-01\n", "Unknown column 'procedur'. Did you mean 'procedure'?"),
        ("id,date\np1,2026-12-01\n", "missing: procedure"),
    ],
)
def test_unusable_lists_are_usage_errors(runner: CliRunner, tmp_path: Path, content: str, message: str) -> None:
    """An empty list, no rows, a wrong or missing column: exit 2, one clear message, nothing written."""
    patients = tmp_path / "patients.csv"
    patients.write_text(content)
    code, _, err = run_cli(runner, "batch", str(patients), "-o", str(tmp_path / "plans"))
    assert code == 2 and message in err
    assert not (tmp_path / "plans").exists()


def test_missing_list_and_file_as_folder(runner: CliRunner, tmp_path: Path) -> None:
    """A patient list that does not exist is a usage error; --out-dir naming a file is exit 1."""
    code, _, err = run_cli(runner, "batch", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "plans"))
    assert code == 2 and "Cannot read the patient list" in err
    blocker = tmp_path / "plans.txt"
    blocker.write_text("x")
    code, _, err = run_cli(runner, "batch", str(_write(tmp_path, GOOD)), "-o", str(blocker))
    assert code == 1 and "is a file, not a folder" in err


def test_wrong_number_of_values_is_a_bad_row(runner: CliRunner, tmp_path: Path) -> None:
    """A row with more values than the header has is reported, not mis-read."""
    patients = _write(tmp_path, ["p1,tubular,2026-12-01,50,no,no,25,desk,no,good,EXTRA\n", "p2,tubular,2026-12-01\n"])
    code, _, err = run_cli(runner, "batch", str(patients), "-o", str(tmp_path / "plans"))
    assert code == 1 and f"{patients}:2 (p1): has 11 values but the header has 10" in err
    assert "Wrote 1 plan " in err  # trailing empty values may be left out


def test_progress_shows_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """On a terminal a progress bar advances on stderr; otherwise nothing is printed at all."""
    import sys

    from spinerecov.cli.batch_progress import progress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    with progress(None) as advance:
        advance()
    assert capsys.readouterr() == ("", "")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with progress(3) as advance:
        for _ in range(3):
            advance()
    captured = capsys.readouterr()
    assert captured.out == ""
