"""`--bmi` with a decimal comma: read as Spanish writes it under `--lang es`, refused in English."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import run_cli

PLAN = ("timeline", "-p", "mis-fusion", "-d", "2024-05-01", "--json")


def _bmi(runner: CliRunner, value: str, *language: str) -> float:
    """The BMI the plan was made with when `--bmi value` is given."""
    code, out, err = run_cli(runner, *PLAN, "--bmi", value, *language)
    assert code == 0, err
    bmi: float = json.loads(out)["factors"]["bmi"]
    return bmi


def test_spanish_decimal_comma_is_the_decimal_point(runner: CliRunner) -> None:
    """`--bmi 31,5 --lang es` is accepted and is 31.5, exactly as `--bmi 31.5`."""
    assert _bmi(runner, "31,5", "--lang", "es") == 31.5
    assert _bmi(runner, "31.5", "--lang", "es") == 31.5


def test_can_i_takes_a_spanish_decimal_comma(runner: CliRunner) -> None:
    """The reviewed case: `can-i drive -p tlif --week 2 --bmi 31,5 --lang es` answers (exit 0)."""
    code, _out, err = run_cli(
        runner, "can-i", "drive", "-p", "tlif", "-d", "2024-05-01", "--week", "2", "--bmi", "31,5", "--lang", "es"
    )
    assert code == 0, err


def test_english_reads_a_decimal_comma_too(runner: CliRunner) -> None:
    """`31,5` is 31.5 in English too (as `4,5kg` is): never 315, and the plan is the one for a BMI of 31.5."""
    code, out, err = run_cli(runner, *PLAN, "--bmi", "31,5")
    assert code == 0, err
    assert run_cli(runner, *PLAN, "--bmi", "31.5")[1] == out


def test_spanish_refuses_what_is_not_one_decimal_comma(runner: CliRunner) -> None:
    """Two commas, or a comma beside a point, are not a Spanish decimal either: exit 2 naming the value."""
    for value in ("31,5,1", "3.1,5", "1.031,5"):
        code, _out, err = run_cli(runner, *PLAN, "--bmi", value, "--lang", "es")
        assert code == 2, value
        assert value in err


def test_spanish_comma_range_is_checked_like_the_point(runner: CliRunner) -> None:
    """`--bmi 9,5 --lang es` is below the allowed range, like 9.5 (exit 2); `10,0` is its lowest value."""
    assert run_cli(runner, *PLAN, "--bmi", "9,5", "--lang", "es")[0] == 2
    assert run_cli(runner, *PLAN, "--bmi", "9.5", "--lang", "es")[0] == 2
    assert _bmi(runner, "10,0", "--lang", "es") == 10.0


@settings(max_examples=25)
@given(tenths=st.integers(100, 1000))
def test_any_spanish_bmi_with_a_comma_equals_the_point(tenths: int) -> None:
    """For every BMI from 10,0 to 100,0 in tenths, the comma form and the point form give the same number."""
    runner = CliRunner()
    whole, tenth = divmod(tenths, 10)
    assert _bmi(runner, f"{whole},{tenth}", "--lang", "es") == _bmi(runner, f"{whole}.{tenth}", "--lang", "es")
