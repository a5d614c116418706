"""Small CLI conventions: clean messages for a wrong choice, and no crash on an ASCII-only stdout."""

import io
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import run_cli
from spinerecov.output.terminal.encoding import PlainStream, degrade, for_terminal

WRONG_CHOICES = [
    (("timeline", "-d", "2024-05-01", "--job", "desks"), "'desks' is not one of: desk, light, manual, heavy"),
    (("timeline", "-d", "2024-05-01", "--health", "great"), "'great' is not one of: good, fair, poor"),
    (("export", "-d", "2024-05-01", "--format", "pdf"), "'pdf' is not one of: markdown, json, ics, fhir, html"),
    (("compare", "tubular", "endoscopic", "--format", "csv"), "'csv' is not one of: table, markdown"),
    (("kb", "schema", "yaml"), "'yaml' is not one of: knowledge-base, protocol"),
]


@pytest.mark.parametrize(("args", "message"), WRONG_CHOICES)
def test_a_wrong_choice_names_the_choices_without_the_validators_wording(
    runner: CliRunner, args: tuple[str, ...], message: str
) -> None:
    """Exit 2 with "'x' is not one of: ...", and never the validation library's "Value error,"."""
    code, _, err = run_cli(runner, *args)
    assert code == 2
    assert message in err
    assert "Value error" not in err


def test_a_near_miss_is_suggested_and_any_case_accepted(runner: CliRunner) -> None:
    """--job desks suggests 'desk'; --job DESK and --format JSON work."""
    _, _, err = run_cli(runner, "timeline", "-d", "2024-05-01", "--job", "desks")
    assert "(did you mean 'desk'?)" in err
    code, _, err = run_cli(runner, "timeline", "-d", "2024-05-01", "--job", "DESK")
    assert code == 0, err
    code, out, err = run_cli(runner, "export", "-d", "2024-05-01", "--format", "JSON", "--output", "-")
    assert code == 0 and out.startswith("{"), err


def test_degrade_makes_text_plain_only_where_the_encoding_must() -> None:
    """In ASCII "38 °C" reads "38 C" and accents and dashes turn plain; UTF-8 keeps everything."""
    assert degrade("A temperature of 38 °C – café…", "ascii") == "A temperature of 38 C - cafe..."
    assert degrade("Ω", "ascii") == "?"
    assert degrade("38 °C", "latin-1") == "38 °C"
    assert degrade("38 °C", "utf-8") == "38 °C"


def test_only_streams_that_cannot_hold_unicode_are_wrapped() -> None:
    """A UTF-8 stream is left to Rich (None); an ASCII one is wrapped and degrades what it writes."""
    assert for_terminal(io.TextIOWrapper(io.BytesIO(), encoding="utf-8")) is None
    raw = io.BytesIO()
    wrapped = for_terminal(io.TextIOWrapper(raw, encoding="ascii"))
    assert isinstance(wrapped, PlainStream)
    wrapped.write("38 °C\n")
    wrapped.flush()
    assert raw.getvalue() == b"38 C\n"


@pytest.mark.parametrize("command", [("red-flags",), ("timeline", "-p", "endoscopic", "-d", "2024-05-01")])
def test_red_flags_print_on_an_ascii_only_stdout(command: tuple[str, ...]) -> None:
    """With PYTHONIOENCODING=ascii the warning signs print (exit 0, "38 C"), all in ASCII."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run([sys.executable, "-m", "spinerecov", *command], capture_output=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert b"38 C (100.4 F)" in done.stdout
    assert done.stdout.isascii()
