"""Every number and date on the command line ends in one clear line: exit 2, the option named, its range said."""

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import run_cli
from spinerecov.cli.app import APP_SETTINGS, app, reports_errors
from spinerecov.errors import UsageError

DIGITS_3000 = "9" * 3000
DIGITS_5000 = "9" * 5000


@pytest.mark.parametrize(
    ("args", "option", "bounds"),
    [
        (("can-i", "lift", "--week", DIGITS_3000), "--week", "between 1 and 520"),
        (("can-i", "lift", "--week", "-" + DIGITS_3000), "--week", "between 1 and 520"),
        (("can-i", "lift", "--day", "+" + DIGITS_3000), "--day", "between 0 and 3650"),
        (("can-i", "lift", "--day", DIGITS_5000), "--day", "between 0 and 3650"),
        (("timeline", "-d", "2024-05-01", "--age", "-" + "9" * 400), "--age", "between 0 and 120"),
        (("profile", "set", "--age", DIGITS_3000), "--age", "between 0 and 120"),
        (("timeline", "-d", "2024-05-01", "--levels", DIGITS_3000), "--levels", "between 1 and 10"),
        (("timeline", "-d", "2024-05-01", "--bmi", DIGITS_3000), "--bmi", "between 10 and 100"),
        (("batch", "patients.csv", "-o", "plans", "--jobs", DIGITS_3000), "--jobs", "between 1 and 256"),
        (("batch", "patients.csv", "-o", "plans", "--jobs", "4_0"), "--jobs", "not a whole number"),
        (("batch", "patients.csv", "-o", "plans", "--part", "1/" + DIGITS_5000), "--part", "N <= 100000"),
        (("batch", "patients.csv", "-o", "plans", "--part", "٤/٥"), "--part", "K/N"),
        (("timeline", "-d", "1900-01-01"), "--date", "between 1950-01-01 and 2200-12-31"),
    ],
)
def test_huge_and_foreign_numbers_are_one_usage_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], option: str, bounds: str
) -> None:
    """3,000 or 5,000 digits (any sign), ٤/٥ and 4_0 are exit 2, naming the option and its range; no traceback."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "patients.csv").write_text("id,procedure,date\np1,endoscopic,2024-05-01\n")
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    assert f"'{option}'" in result.stderr and bounds in result.stderr, result.stderr
    assert "Traceback" not in result.output and "unexpected failure" not in result.stderr
    assert len(result.stderr) < 600
    assert not (tmp_path / "plans").exists()


def test_on_is_bounded_like_day(runner: CliRunner) -> None:
    """--on 9999-12-31 is refused (it is day 2,913,052); the last day --day allows is still answered."""
    code, _, err = run_cli(runner, "can-i", "drive", "-d", "2024-05-01", "-p", "endoscopic", "--on", "9999-12-31")
    assert code == 2 and "--on (9999-12-31) is more than 3650 days after your surgery (2024-05-01)" in err
    assert "2034-04-29" in err
    code, out, err = run_cli(runner, "can-i", "drive", "-d", "2024-05-01", "-p", "endoscopic", "--on", "2034-04-29")
    assert code == 0, err
    assert "day 3650" in out
    code, _, err = run_cli(runner, "can-i", "drive", "-d", "2024-05-01", "-p", "endoscopic", "--on", "2034-04-30")
    assert code == 2, err


def test_a_weight_with_a_decimal_comma_is_read(runner: CliRunner) -> None:
    """--weight 4,5kg is 4.5 kg, as --weight 4.5kg is."""
    comma = run_cli(runner, "can-i", "lift", "-p", "endoscopic", "--week", "3", "--weight", "4,5kg")
    point = run_cli(runner, "can-i", "lift", "-p", "endoscopic", "--week", "3", "--weight", "4.5kg")
    assert comma[0] == 0, comma[2]
    assert comma == point


def test_a_huge_weight_is_out_of_range(runner: CliRunner) -> None:
    """A 5,000-digit load is out of range, said in one line."""
    code, _, err = run_cli(runner, "can-i", "lift", "--week", "3", "--weight", DIGITS_5000 + "kg")
    assert code == 2 and "is out of range; give a load of more than 0 and at most 500 kg" in err and len(err) < 400


def _failing_app(exc: Exception) -> typer.Typer:
    """An app like ours with one command whose option parser raises `exc` while Typer parses it."""
    failing = typer.Typer(**APP_SETTINGS)

    def explode(value: str) -> int:
        raise exc

    @failing.command()
    @reports_errors
    def sample(number: int = typer.Option(0, "--number", parser=explode)) -> None:
        """A command for this test."""

    @failing.command()
    def other() -> None:
        """A second command, so that the app is a group as ours is."""

    return failing


@pytest.mark.parametrize(
    ("exc", "code", "words"),
    [
        (OverflowError("int too large to convert to float"), 1, "unexpected failure (OverflowError"),
        (KeyError("factors"), 1, "unexpected failure (KeyError"),
        (UsageError("a usage problem"), 2, "Error: a usage problem"),
    ],
)
def test_an_exception_while_parsing_goes_through_the_error_wrapper(
    runner: CliRunner, exc: Exception, code: int, words: str
) -> None:
    """Raised inside Typer's parsing (before the command runs): one line, exit 2 for usage, 1 otherwise."""
    result = runner.invoke(_failing_app(exc), ["sample", "--number", "4"])
    assert result.exit_code == code, result.output
    assert words in result.stderr, result.stderr
    assert "Traceback" not in result.output and len(result.stderr.splitlines()) == 1
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
