"""The table of plan file formats: each entry works through `export` and `batch`; one entry is all a format needs."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import make_timeline, run_cli
from spinerecov.cli.app import app
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.output.plan_formats import (
    DEFAULT_FORMAT,
    PLAN_FORMATS,
    PlanFormat,
    Recipient,
    format_of_file,
    render_plan,
)

EXPORT = ("export", "-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-05-20", "--patient-id", "p1")


def test_format_names_and_extensions_are_unique() -> None:
    """No two formats share a name or a file ending, so a name and a file name each pick one format."""
    names = [f.name for f in PLAN_FORMATS]
    endings = [ext for f in PLAN_FORMATS for ext in f.extensions]
    assert len(set(names)) == len(names)
    assert len(set(endings)) == len(endings)


@pytest.mark.parametrize("entry", PLAN_FORMATS, ids=lambda f: f.name)
def test_each_renderer_gives_what_its_entry_says(kb: KnowledgeBase, entry: PlanFormat) -> None:
    """Bytes for a format marked binary, text otherwise; the render through the table is the entry's renderer."""
    timeline = make_timeline(kb, "tubular")
    content = render_plan(timeline, kb, entry.name, patient_id="p1")
    assert isinstance(content, bytes if entry.binary else str)
    assert content == entry.render(timeline, kb, Recipient("p1"))


@pytest.mark.parametrize("entry", [f for f in PLAN_FORMATS if f.needs_patient_id], ids=lambda f: f.name)
def test_a_format_that_names_records_refuses_no_patient_id(kb: KnowledgeBase, entry: PlanFormat) -> None:
    """A calendar or a FHIR bundle without a patient id is refused, never written with an empty one."""
    with pytest.raises(ValueError, match="patient id"):
        render_plan(make_timeline(kb), kb, entry.name)


def test_file_names_pick_their_format_by_the_longest_ending() -> None:
    """'.fhir.json' is FHIR, '.json' JSON, '.HTM' the handout, an unknown or missing ending the default."""
    for entry in PLAN_FORMATS:
        for ext in entry.extensions:
            assert format_of_file(f"plan.{ext.upper()}") is entry
    assert format_of_file("plan.fhir.json").name == "fhir"
    assert format_of_file("plan.txt") is DEFAULT_FORMAT
    assert format_of_file(None) is DEFAULT_FORMAT


@pytest.mark.parametrize("entry", PLAN_FORMATS, ids=lambda f: f.name)
def test_export_writes_every_format_under_its_own_extension(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry: PlanFormat
) -> None:
    """`export --format NAME` with no file name writes recovery-plan-...<first extension> with that renderer's bytes."""
    name, extensions = entry.name, entry.extensions
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(runner, *EXPORT, "--format", name)
    assert code == 0, err
    written = tmp_path / f"recovery-plan-endoscopic-2024-05-01.{extensions[0]}"
    printed = runner.invoke(app, [*EXPORT, "--format", name, "-o", "-"])
    assert printed.exit_code == 0, printed.output
    assert written.read_bytes() == printed.stdout_bytes


def test_help_names_every_format(runner: CliRunner) -> None:
    """`export --help` and `batch --help` list each format the table holds (batch: those it can write)."""
    code, text, err = run_cli(runner, "export", "--help")
    assert code == 0, err
    code, batch_text, err = run_cli(runner, "batch", "--help")
    assert code == 0, err
    for entry in PLAN_FORMATS:
        assert entry.name in text
        assert f".{entry.extensions[0]}" in text
        assert entry.name in batch_text or not entry.batch


NEW_FORMAT = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from typer.testing import CliRunner

    from spinerecov.output import plan_formats
    from spinerecov.output.plan_formats import PlanFormat

    def plain(timeline, kb, recipient):
        return f"{timeline.procedure.name} from {timeline.iso_date(0)} for {recipient.patient_id or 'anyone'}\\n"

    entry = PlanFormat("txt", ("txt",), plain, binary=False, batch=True, needs_patient_id=False, help="txt (plain)")
    plan_formats.PLAN_FORMATS = (*plan_formats.PLAN_FORMATS, entry)
    plan_formats.FORMATS_BY_NAME["txt"] = entry

    from spinerecov.cli import app

    runner = CliRunner()
    work = Path(sys.argv[1])
    plan = ["-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-05-20"]
    shown = runner.invoke(app, ["export", *plan, "--format", "txt", "-o", "-"])
    guessed = runner.invoke(app, ["export", *plan, "-o", str(work / "plan.txt")])
    (work / "list.csv").write_text("id,procedure,date\\np1,tubular,2024-05-01\\n")
    batch = runner.invoke(app, ["batch", str(work / "list.csv"), "-o", str(work / "out"), "-f", "txt"])
    helped = runner.invoke(app, ["export", "--help"])
    print(shown.exit_code, guessed.exit_code, batch.exit_code, helped.exit_code)
    print(shown.stdout, end="")
    print((work / "plan.txt").read_text(), end="")
    print((work / "out" / "p1.txt").read_text(), end="")
    print("txt (plain)" in helped.stdout and ".txt" in helped.stdout)
    """
)


def test_one_entry_is_all_a_new_format_needs(tmp_path: Path) -> None:
    """A format added to the table (nothing else) is a --format choice, a file-name guess, a batch format and help."""
    done = subprocess.run(
        [sys.executable, "-c", NEW_FORMAT, str(tmp_path)], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "0 0 0 0",
        "Full-endoscopic lumbar discectomy from 2024-05-01 for anyone",
        "Full-endoscopic lumbar discectomy from 2024-05-01 for anyone",
        "Tubular microdiscectomy from 2024-05-01 for p1",
        "True",
    ]
