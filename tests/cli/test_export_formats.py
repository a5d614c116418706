"""`export` and `batch` for the handout, and `--output -` writing exact UTF-8 bytes for every format."""

import io
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from spinerecov.cli.app import app, out
from spinerecov.output.plan_formats import PLAN_FORMATS


def test_export_html_writes_a_handout(runner: CliRunner, tmp_path: Path) -> None:
    """A .html file name picks the handout; the file holds the whole page."""
    target = tmp_path / "handout.html"
    result = runner.invoke(app, ["export", "-p", "tubular", "-d", "2024-05-01", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert f"Saved your plan (html) to {target}" in result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")


@pytest.mark.parametrize("plan_format", [f.name for f in PLAN_FORMATS])
def test_output_dash_is_utf8_with_line_endings_untouched(runner: CliRunner, plan_format: str) -> None:
    """Printed plans are UTF-8 bytes; a calendar has CRLF exactly once per line, the others plain LF."""
    result = runner.invoke(app, ["export", "-p", "endoscopic", "-d", "2024-05-01", "-f", plan_format, "--output", "-"])
    assert result.exit_code == 0, result.output
    data = result.stdout_bytes
    assert "°C".encode() in data or plan_format == "ics"  # the red flags' "38 °C", encoded as UTF-8
    data.decode("utf-8")
    assert b"\r\r\n" not in data
    if plan_format == "ics":  # the calendar's content lines end in CRLF (RFC 5545)
        assert data.count(b"\r\n") == data.count(b"\n")
    else:
        assert b"\r" not in data


def test_out_bypasses_a_windows_text_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a cp1252, CRLF-translating stdout (Windows redirected), the bytes still arrive unchanged."""
    raw = io.BytesIO()
    windows = io.TextIOWrapper(raw, encoding="cp1252", newline="\r\n")
    monkeypatch.setattr(sys, "stdout", windows)
    out(b"BEGIN:VCALENDAR\r\nX:38 \xc2\xb0C\r\n")
    out("caf\u00e9\n")
    assert raw.getvalue() == b"BEGIN:VCALENDAR\r\nX:38 \xc2\xb0C\r\ncaf\xc3\xa9\n"


def test_batch_writes_one_handout_per_patient(runner: CliRunner, tmp_path: Path) -> None:
    """`batch --format html` writes ID.html for each good row."""
    result = runner.invoke(
        app,
        ["batch", str(ROOT / "examples" / "patients.csv"), "--out-dir", str(tmp_path / "plans"), "-f", "html"]
        + ["--protocol", str(ROOT / "examples" / "clinic-protocol.yaml")],
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "plans").iterdir() if p.is_file())
    assert len(written) == 4 and all(name.endswith(".html") for name in written)
    assert "<svg" in (tmp_path / "plans" / written[0]).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("command", "usage"), [("kb check", "[OPTIONS] [FILE]"), ("compare", "[OPTIONS] {PROCEDURE}...")]
)
def test_usage_lines_read_cleanly(runner: CliRunner, command: str, usage: str) -> None:
    """No doubled brackets or dots in usage lines ('[[FILE]]', '{PROCEDURE...}...')."""
    result = runner.invoke(app, [*command.split(), "--help"])
    assert f"Usage: spinerecov {command} {usage}" in result.stdout
