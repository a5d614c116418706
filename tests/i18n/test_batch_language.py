"""A batch list's `lang` column: each patient's plan in their language, the batch's messages in its own."""

from pathlib import Path

from typer.testing import CliRunner

from conftest import ROOT, run_cli
from spinerecov.store.batch_run import CHUNK_ROWS


def write_list(path: Path, rows: list[str]) -> Path:
    """A patient list with a lang column."""
    path.write_text("id,procedure,date,lang\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_each_row_gets_its_own_language(runner: CliRunner, tmp_path: Path) -> None:
    """A row's lang picks its plan's language; an empty lang follows the batch; a Spanish name works in Spanish."""
    patients = write_list(
        tmp_path / "p.csv",
        [
            "a,endoscopic,2024-05-01,es",
            "b,tubular,2024-05-01,",
            "c,endoscópica,2024-05-01,ES",
            "d,tubular,2024-05-01,en",
        ],
    )
    code, _out, err = run_cli(
        runner, "batch", str(patients), "--out-dir", str(tmp_path / "out"), "--today", "2024-05-20"
    )
    assert code == 0, err
    assert (tmp_path / "out" / "a.md").read_text(encoding="utf-8").startswith("# Plan de recuperación")
    assert (tmp_path / "out" / "b.md").read_text(encoding="utf-8").startswith("# Recovery plan")
    assert (tmp_path / "out" / "c.md").read_text(encoding="utf-8").startswith("# Plan de recuperación")
    assert (tmp_path / "out" / "d.md").read_text(encoding="utf-8").startswith("# Recovery plan")
    assert err.startswith("Wrote 4 plans")


def test_the_batch_language_is_the_default_and_speaks_the_summary(runner: CliRunner, tmp_path: Path) -> None:
    """With --lang es, rows without a lang are Spanish, an English row stays English, the summary is Spanish."""
    patients = write_list(tmp_path / "p.csv", ["a,endoscopica,2024-05-01,", "b,tubular,2024-05-01,en"])
    out = tmp_path / "out"
    code, _out, err = run_cli(runner, "batch", str(patients), "--out-dir", str(out), "--lang", "es")
    assert code == 0, err
    assert "Se han escrito 2 planes" in err
    assert (out / "a.md").read_text(encoding="utf-8").startswith("# Plan de recuperación")
    assert (out / "b.md").read_text(encoding="utf-8").startswith("# Recovery plan")


def test_a_language_we_do_not_speak_fails_only_its_row(runner: CliRunner, tmp_path: Path) -> None:
    """A lang of 'fr' fails its row with its line number; the others are written."""
    patients = write_list(tmp_path / "p.csv", ["a,tubular,2024-05-01,fr", "b,tubular,2024-05-01,es"])
    code, _out, err = run_cli(runner, "batch", str(patients), "--out-dir", str(tmp_path / "out"))
    assert code == 1
    assert "p.csv:2 (a): lang 'fr'" in err
    assert (tmp_path / "out" / "b.md").exists()


def test_mixed_languages_are_identical_with_one_or_two_workers(runner: CliRunner, tmp_path: Path) -> None:
    """Languages switch per row inside each worker without leaking into the next row (three chunks, one short)."""
    rows = [
        f"p{i:03d},{'endoscopic' if i % 3 else 'mis-fusion'},2024-05-01,{('es', 'en', '')[i % 3]}"
        for i in range(2 * CHUNK_ROWS + 37)
    ]
    patients = write_list(tmp_path / "p.csv", rows)
    outputs = {}
    for jobs in ("1", "2"):
        folder = tmp_path / f"out{jobs}"
        code, _out, err = run_cli(
            runner,
            "batch",
            str(patients),
            "--out-dir",
            str(folder),
            "--jobs",
            jobs,
            "--format",
            "ics",
            "--today",
            "2024-05-20",
            "--lang",
            "es",
        )
        assert code == 0, err
        outputs[jobs] = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert outputs["1"] == outputs["2"]
    assert len(outputs["1"]) == 2 * CHUNK_ROWS + 37
    assert "X-WR-CALNAME:Plan de recuperación".encode() in outputs["1"]["p000.ics"]
    assert b"X-WR-CALNAME:Recovery plan" in outputs["1"]["p001.ics"]
    assert "X-WR-CALNAME:Plan de recuperación".encode() in outputs["1"]["p002.ics"]


def test_what_batch_says_about_a_row_is_in_the_batch_language(runner: CliRunner, tmp_path: Path) -> None:
    """The note for an ambiguous name is counted once, in the batch's language, whatever each row's lang."""
    patients = write_list(tmp_path / "p.csv", ["a,fusion,2024-05-01,es", "b,fusion,2024-05-01,en"])
    report = tmp_path / "report.csv"
    code, _out, err = run_cli(
        runner, "batch", str(patients), "--out-dir", str(tmp_path / "out"), "--report", str(report)
    )
    assert code == 0, err
    assert "2 rows (lines 2, 3): 'fusion' can be open or minimally invasive" in err
    assert "puede ser" not in report.read_text(encoding="utf-8")


def test_a_language_whose_knowledge_base_fails_fails_its_rows_alike(runner: CliRunner, tmp_path: Path) -> None:
    """A protocol that breaks only in Spanish fails each Spanish row with the same located reason; English rows pass."""
    text = (ROOT / "examples" / "clinic-protocol.yaml").read_text(encoding="utf-8")
    clashing = tmp_path / "protocol.yaml"
    clashing.write_text(text.replace("aliases: [garden, weeding]", "aliases: [garden, weeding, conducir]"), "utf-8")
    rows = [f"p{i},tubular,2024-05-01,{'es' if i % 2 else 'en'}" for i in range(6)]
    patients = write_list(tmp_path / "p.csv", rows)
    code, _out, err = run_cli(
        runner, "batch", str(patients), "--out-dir", str(tmp_path / "out"), "--protocol", str(clashing)
    )
    assert code == 1
    assert err.count("'conducir'") == 3
    assert sorted(p.name for p in (tmp_path / "out").glob("*.md")) == ["p0.md", "p2.md", "p4.md"]


def test_a_failure_in_one_run_is_not_handed_to_the_next(runner: CliRunner, tmp_path: Path) -> None:
    """After a run whose protocol fails in Spanish, a run in the same process with a sound protocol writes every row."""
    (tmp_path / "first").mkdir()
    test_a_language_whose_knowledge_base_fails_fails_its_rows_alike(runner, tmp_path / "first")
    rows = [f"p{i},tubular,2024-05-01,{'es' if i % 2 else 'en'}" for i in range(4)]
    patients = write_list(tmp_path / "p.csv", rows)
    protocol = ROOT / "examples" / "clinic-protocol.yaml"
    args = ["batch", str(patients), "--out-dir", str(tmp_path / "out"), "--protocol", str(protocol)]
    code, _out, err = run_cli(runner, *args)
    assert code == 0, err
    assert len(list((tmp_path / "out").glob("*.md"))) == 4
