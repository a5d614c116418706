"""What the command line refuses: empty values, lenient numbers and dates, and long or unsafe echoes."""

import pytest
from typer.testing import CliRunner

from conftest import ROOT, run_cli

EXAMPLE_PROTOCOL = str(ROOT / "examples" / "clinic-protocol.yaml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("export", "-p", "endoscopic", "-d", "2024-05-01", "--output", ""),
            "Invalid value for '--output': it is empty",
        ),
        (("export", "-p", "endoscopic", "-d", "2024-05-01", "--output="), "Invalid value for '--output': it is empty"),
        (("batch", "patients.csv", "--out-dir", ""), "Invalid value for '--out-dir': it is empty"),
        (("red-flags", "--protocol", ""), "Invalid value for '--protocol': it is empty"),
        (("timeline", "--kb", ""), "Invalid value for '--kb': it is empty"),
        (("can-i", ""), "an empty argument ('') is not allowed"),
        (("can-i", "lift", "--week", "4_0"), "'4_0' is not a whole number"),
        (("can-i", "lift", "--week", "٤"), "'٤' is not a whole number"),
        (("can-i", "lift", "--day", "1e3"), "'1e3' is not a whole number"),
        (("can-i", "lift", "--week", "521"), "521 is not between 1 and 520"),
        (("timeline", "-d", "2024-05-01", "--bmi", "3_0"), "'3_0' is not a number"),
        (("timeline", "-d", "2024-05-01", "--bmi", "nan"), "'nan' is not a number"),
        (("timeline", "-d", "2024-05-01", "--age", "121"), "121 is not between 0 and 120"),
        (("timeline", "-d", "2024-W18"), "'2024-W18' is not a real date; write it as YYYY-MM-DD"),
        (("timeline", "-d", "20240501"), "'20240501' is not a real date"),
        (("timeline", "-d", "١٩٥٠-٠١-٠١"), "is not a real date"),
        (
            ("can-i", "drive", "-d", "2024-05-01", "--today", "9999-12-31"),
            "9999-12-31 is not a plausible date for today",
        ),
        (("can-i", "lift", "-w", "2", "--weight", "٣kg"), "--weight '٣kg' is not a weight"),
    ],
)
def test_refused_values_are_usage_errors(runner: CliRunner, args: tuple[str, ...], message: str) -> None:
    """Each is exit 2 with one clear message; none is read as something else or silently ignored."""
    code, out, err = run_cli(runner, *args)
    assert code == 2 and message in err, err
    assert out == ""


def test_an_empty_protocol_variable_is_a_usage_error(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """SPINERECOV_PROTOCOL= (a clinic script's unset variable) is an error, not a plan without the clinic's rules."""
    monkeypatch.setenv("SPINERECOV_PROTOCOL", "")
    code, _, err = run_cli(runner, "red-flags")
    assert code == 2 and "SPINERECOV_PROTOCOL is set but empty" in err
    monkeypatch.setenv("SPINERECOV_PROTOCOL", " ")
    assert run_cli(runner, "kb", "check")[0] == 2


@pytest.mark.parametrize("args", [("kb", "check"), ("kb", "sources")])
def test_kb_commands_read_the_protocol_variable(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    """The kb check and kb sources commands use SPINERECOV_PROTOCOL like every other command."""
    monkeypatch.setenv("SPINERECOV_PROTOCOL", EXAMPLE_PROTOCOL)
    code, out, err = run_cli(runner, *args)
    assert code == 0, err
    with_variable = out
    monkeypatch.delenv("SPINERECOV_PROTOCOL")
    assert run_cli(runner, *args, "--protocol", EXAMPLE_PROTOCOL)[1] == with_variable
    assert run_cli(runner, *args)[1] != with_variable


@pytest.mark.parametrize(
    "args",
    [
        ("can-i", "x" * 5000),
        ("timeline", "-p", "x" * 5000, "-d", "2024-05-01"),
        ("can-i", "lift", "-w", "2", "--weight", "9" * 5000),
        ("timeline", "-d", "x" * 5000),
        ("can-i", "lift", "--week", "x" * 5000),
        ("can-i", "lift", "--" + "x" * 5000),
        ("compare", "x" * 5000, "tubular"),
        ("export", "-p", "endoscopic", "-d", "2024-05-01", "-o", "x" * 300 + ".md"),
        ("kb", "check", "x" * 5000),
    ],
)
def test_long_input_is_echoed_clipped(runner: CliRunner, args: tuple[str, ...]) -> None:
    """A 5,000-character value is echoed as at most about 80 of its characters (a path, 160): a short message."""
    code, _, err = run_cli(runner, *args)
    assert code in {1, 2}
    assert len(err) < 600 and "x" * 161 not in err and "9" * 81 not in err, err


def test_control_characters_in_input_never_reach_the_terminal(runner: CliRunner) -> None:
    """An escape sequence typed as a name is echoed without its control characters."""
    code, _, err = run_cli(runner, "can-i", "\x1b]0;HACKED\x07lift\x1b[2J", "-w", "2")
    assert code == 2 and "\x1b" not in err and "\x07" not in err
    assert "Unknown activity 'lift'" in err


def test_compare_names_each_duplicate_once(runner: CliRunner) -> None:
    """Comparing tubular, tubular and tubular-microdiscectomy names each duplicate once."""
    code, _, err = run_cli(runner, "compare", "tubular", "tubular", "tubular-microdiscectomy")
    assert code == 2
    assert "'tubular' and 'tubular-microdiscectomy' all name the same procedure (tubular)" in err
