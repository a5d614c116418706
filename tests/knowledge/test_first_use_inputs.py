"""A first use: anchors and phones in our words, pounds grouped, levels of any operation."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import run_cli
from spinerecov.i18n import use_language
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.wording import describe_factors, fmt_kg

PROTOCOL_HEAD = "source:\n  id: riverside\n  title: Riverside protocol\nclinic:\n  name: Riverside Spine Centre\n"


@pytest.mark.parametrize(
    ("text", "line", "english", "spanish"),
    [
        (
            "version: 1\na: &x 1\nb: &x 2\n",
            3,
            "an anchor is defined twice (first on line 2)",
            "la primera en la línea 2",
        ),
        ("version: 1\na: *nope\n", 2, "an alias refers to no anchor defined before it", "un alias no remite"),
    ],
)
def test_anchor_problems_are_said_in_our_words_with_file_and_line(
    runner: CliRunner, tmp_path: Path, text: str, line: int, english: str, spanish: str
) -> None:
    """A duplicate anchor or an undefined alias is one located message, in English and in Spanish (I-1)."""
    path = tmp_path / "kb.yaml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run_cli(runner, "kb", "check", str(path))
    assert code == 1
    assert f"{path}:{line}: {english}" in err
    assert "occurrence" not in err
    code, _, err = run_cli(runner, "kb", "check", str(path), "--lang", "es")
    assert code == 1 and spanish in err and "occurrence" not in err


def test_a_phone_written_as_digits_asks_for_quotes(runner: CliRunner, tmp_path: Path) -> None:
    """`phone: 5550100` is "write the phone number in quotes" at its line, with no validator wording (C-08)."""
    path = tmp_path / "clinic.yaml"
    path.write_text(PROTOCOL_HEAD + "  phone: 5550100\n", encoding="utf-8")
    code, _, err = run_cli(runner, "kb", "check", "--protocol", str(path))
    assert code == 1
    assert f"clinic.phone ({path}:6): write the phone number in quotes" in err
    assert "valid string" not in err
    path.write_text(PROTOCOL_HEAD + '  phone: "555 0100"\n', encoding="utf-8")
    code, _, err = run_cli(runner, "kb", "check", "--protocol", str(path))
    assert code == 0, err


def test_pounds_have_a_thousands_separator() -> None:
    """500 kg reads "500 kg (1,102 lb)" in English and "1.102 lb" in Spanish."""
    assert fmt_kg(500) == "500 kg (1,102 lb)"
    use_language("es")
    assert fmt_kg(500) == "500 kg (1.102 lb)"


def test_levels_are_not_called_fused_for_a_discectomy(runner: CliRunner) -> None:
    """`--levels 3` reads "3 levels operated on", true of a discectomy as of a fusion."""
    assert describe_factors(PatientFactors(levels=3)) == ["3 levels operated on"]
    code, out, _ = run_cli(runner, "status", "-p", "tubular", "-d", "2026-11-26", "--levels", "3")
    assert code == 0
    assert "fused" not in out and "3 levels operated on" in out
