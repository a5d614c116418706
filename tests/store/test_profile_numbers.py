"""A profile's numbers and dates: out of range or too long is the profile's error, with file:line, in our words."""

import pytest
from typer.testing import CliRunner

from conftest import run_cli
from spinerecov.store.profile import profile_path

HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        (f"[factors]\nage = {HUGE}\n", 2, "a number in it is far too long"),
        (f'procedure = "endoscopic"\nfactors = {{ levels = -{HUGE} }}\n', 2, "a number in it is far too long"),
        ("[factors]\nage = 300\n", 2, "factors.age: 300 is not between 0 and 120"),
        ("[factors]\nbmi = inf\n", 2, "factors.bmi: inf is not between 10 and 100"),
        ("[factors]\nbmi = nan\n", 2, "factors.bmi: nan is not between 10 and 100"),
        ("[factors]\nbmi = 1e400\n", 2, "factors.bmi: inf is not between 10 and 100"),
        ("[factors]\n\nlevels = 0\n", 3, "factors.levels: 0 is not between 1 and 10"),
        ('[factors]\nage = "40"\n', 2, "factors.age: '40' is not a number from 0 to 120"),
        ("[factors]\nage = true\n", 2, "factors.age: true is not a number from 0 to 120"),
        ("surgery_date = 9999-12-31\n", 1, "surgery_date: 9999-12-31 is not a plausible surgery date"),
    ],
)
@pytest.mark.parametrize("command", [("status",), ("profile", "show"), ("can-i", "lift", "--week", "2"), ("timeline",)])
def test_profile_numbers_are_the_profiles_error_with_its_line(
    runner: CliRunner, content: str, line: int, words: str, command: tuple[str, ...]
) -> None:
    """Exit 1 with 'Your saved profile is not valid: FILE:LINE: ...' in spinerecov's words; never Python's."""
    path = profile_path()
    path.parent.mkdir(parents=True)
    path.write_text(content)
    code, _, err = run_cli(runner, *command)
    assert code == 1, err
    assert f"Your saved profile is not valid: {path}:{line}: {words}" in err, err
    for theirs in ("Exceeds the limit", "set_int_max_str_digits", "Input should", "less than or equal"):
        assert theirs not in err
    assert len(err) < 500 and path.read_text() == content


def test_profile_set_does_not_rewrite_a_profile_with_a_huge_number(runner: CliRunner) -> None:
    """`profile set` refuses to build on a broken profile (exit 1) and leaves it as it was."""
    path = profile_path()
    path.parent.mkdir(parents=True)
    path.write_text(f"[factors]\nage = {HUGE}\n")
    code, _, err = run_cli(runner, "profile", "set", "--smoker")
    assert code == 1 and f"{path}:2: a number in it is far too long" in err
    assert path.read_text() == f"[factors]\nage = {HUGE}\n"


def test_the_profile_message_is_spanish_in_spanish(runner: CliRunner) -> None:
    """The same problem, said in Spanish with --lang es."""
    path = profile_path()
    path.parent.mkdir(parents=True)
    path.write_text(f"[factors]\nage = {HUGE}\n")
    code, _, err = run_cli(runner, "status", "--lang", "es")
    assert code == 1 and f"{path}:2:" in err
    assert "far too long" not in err and "Your saved profile" not in err
    path.write_text("[factors]\nage = 300\n")
    code, _, err = run_cli(runner, "status", "--lang", "es")
    assert code == 1 and "300" in err and "is not between" not in err


@pytest.mark.parametrize("written", ["TLIF", "a b", "x\u202eevil"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_procedure_that_is_not_an_id_says_the_id_rule(runner: CliRunner, written: str, lang: str) -> None:
    """A hand-edited `procedure = "TLIF"` says the id rule in the user's language, never pydantic's pattern."""
    path = profile_path()
    path.parent.mkdir(parents=True)
    path.write_text(f'procedure = "{written}"\nsurgery_date = 2024-05-01\n')
    code, _, err = run_cli(runner, "status", "--lang", lang)
    assert code == 1, err
    assert f"{path}:1: procedure: " in err and repr(written) in err
    assert "should match pattern" not in err.lower() and "[a-z0-9]" not in err
    assert ("an id may hold only" in err) == (lang == "en")
    assert "\u202e" not in err
