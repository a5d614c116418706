"""Every command, driven with malformed values: exit 0, 1 or 2, never a traceback, always a short, safe message."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from spinerecov.cli import app

LONG = "x" * 5000
DATES = [
    "2024-05-01",
    "2024-02-30",
    "2024-W18",
    "20240501",
    "0001-01-01",
    "9999-12-31",
    "١٩٥٠-٠١-٠١",
    "May 1st",
    "",
    " ",
]
NUMBERS = ["4", "0", "-1", "4_0", "1e3", "٤", "99999999999999999999999", "nan", "inf", "1e309", "3_0", "+3", "0x10"]
WEIGHTS = ["10kg", "10", "-5lb", "1e309kg", "10 stone", "٣kg", "0kg", "kg", "2.3kg", "22 LBS"]
NAMES = ["lift", "lifting", "endoscopic", "tlif", "", LONG, "\x1b[2J\x1b]0;HACKED\x07", "../..", "é", "\u202eevil"]
PATHS = ["", "/dev/null", "/dev/zero", "/", "missing.yaml", "x" * 300 + ".yaml", "plan.md", "plan.ics", "-"]
VALUES = [*DATES, *NUMBERS, *WEIGHTS, *NAMES, *PATHS]

OPTIONS = {
    "timeline": ["-p", "-d", "--today", "--age", "--bmi", "--job", "--levels", "--protocol", "--kb", "--json", "-a"],
    "can-i": ["--week", "--day", "--on", "-p", "-d", "--weight", "--today", "--bmi", "--protocol", "--json"],
    "export": ["-p", "-d", "-o", "--format", "--force", "--today", "--protocol", "--age"],
    "status": ["-p", "-d", "--today", "--json", "--smoker", "--protocol"],
    "compare": ["--format", "--age", "--json", "--protocol"],
    "procedures": ["--json", "--protocol", "--kb"],
    "activities": ["--json", "--kb"],
    "red-flags": ["-p", "--json", "--protocol"],
    "profile set": ["-p", "-d", "--age", "--bmi", "--unset", "--protocol", "--smoker"],
    "profile show": ["--json"],
    "profile clear": [],
    "kb check": ["--protocol", "--json"],
    "kb schema": [],
    "kb sources": ["--protocol", "--kb", "--json"],
    "batch": ["--format", "--today", "--protocol", "--force"],
}
POSITIONAL = {"can-i": NAMES, "compare": NAMES, "kb check": PATHS, "kb schema": ["protocol", "knowledge-base", ""]}


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A command, some of its options with malformed values, sometimes an unknown flag or a stray argument."""
    command = draw(st.sampled_from(sorted(OPTIONS)))
    args = command.split()
    if command in POSITIONAL:
        args += draw(st.lists(st.sampled_from(POSITIONAL[command]), min_size=0, max_size=3))
    if command == "batch":
        args += ["patients.csv", "--out-dir", draw(st.sampled_from(["plans", "", "/dev/null", "patients.csv"]))]
    for option in draw(st.lists(st.sampled_from(OPTIONS[command] or ["--help"]), max_size=4)):
        args.append(option)
        if draw(st.booleans()):
            args.append(draw(st.sampled_from(VALUES)))
    if draw(st.integers(0, 9)) == 0:
        args.insert(draw(st.integers(0, len(args))), draw(st.sampled_from(["--bogus", LONG, "-Z", "--week=", "--"])))
    return args


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with a small patient list, where `export` may write its files."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "patients.csv").write_text("id,procedure,date\np1,endoscopic,2024-05-01\n")
    return tmp_path


@pytest.mark.usefixtures("workdir")
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(args=command_lines())
def test_malformed_command_lines_end_cleanly(args: list[str]) -> None:
    """Exit 0, 1 or 2; no traceback or catch-all; an error is at most a few short lines with no escapes."""
    result = CliRunner().invoke(app, args)
    assert result.exit_code in {0, 1, 2}, (args, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
    err = result.stderr
    assert "Traceback" not in result.output and "unexpected failure" not in err, (args, err)
    assert "\x1b" not in result.output and "\x9b" not in result.output, args
    if result.exit_code != 0:
        assert len(err.splitlines()) <= 12 and len(err) <= 1200, (args, err)
