"""The option parsers as a user meets them: words in any case, near misses named, parts and patient ids kept."""

import csv
from enum import StrEnum
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import run_cli
from spinerecov.cli.compare import CompareFormat
from spinerecov.cli.kb import SchemaKind
from spinerecov.cli.options import FORMAT_NAMES
from spinerecov.cli.parsers import choice_among, choice_of
from spinerecov.knowledge.factors import FACTORS

EXPORT = ("export", "-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-05-20", "--output", "-")


@pytest.mark.parametrize("kind", [CompareFormat, SchemaKind])
def test_every_word_is_read_as_itself_in_any_case(kind: type[StrEnum]) -> None:
    """Each allowed word, typed in capitals or with spaces around it, is read as that word and no other."""
    parse = choice_of(kind)["parser"]
    for member in kind:
        assert parse(member.value) is member
        assert parse(f" {member.value.upper()} ") is member


CHOICE_LISTS = [FORMAT_NAMES, *([str(c) for c in f.choices] for f in FACTORS if f.choices)]


@pytest.mark.parametrize("names", CHOICE_LISTS)
def test_every_word_of_a_table_is_read_as_itself_in_any_case(names: list[str]) -> None:
    """Formats and factor choices (words from a table): each in any case and with spaces is read as itself."""
    parse = choice_among(names)["parser"]
    for name in names:
        assert parse(name) == name
        assert parse(f" {name.upper()} ") == name


def test_a_wrong_word_lists_the_words_and_names_the_near_miss(runner: CliRunner) -> None:
    """`--job desks` is a usage error (exit 2) that lists every job and asks "did you mean 'desk'?"."""
    code, _, err = run_cli(runner, "timeline", "-d", "2024-05-01", "--job", "desks")
    assert code == 2
    assert "'desks' is not one of: desk, light, manual, heavy (did you mean 'desk'?)" in " ".join(err.split())


def test_a_far_wrong_word_lists_the_words_without_a_guess(runner: CliRunner) -> None:
    """`--job zzz` is a usage error (exit 2) that lists every job and guesses nothing."""
    code, _, err = run_cli(runner, "timeline", "-d", "2024-05-01", "--job", "zzz")
    assert code == 2
    assert "'zzz' is not one of: desk, light, manual, heavy." in " ".join(err.split())
    assert "did you mean" not in err


def test_the_chosen_format_is_the_one_written(runner: CliRunner) -> None:
    """`export --format JSON` writes JSON, and `--format markdown` writes markdown: the word picks the format."""
    code, out, err = run_cli(runner, *EXPORT, "--format", "JSON")
    assert code == 0, err
    assert out.lstrip().startswith("{")
    code, out, err = run_cli(runner, *EXPORT, "--format", "markdown")
    assert code == 0, err
    assert out.lstrip().startswith("#")


def test_a_given_patient_id_names_the_exported_record(runner: CliRunner) -> None:
    """`--patient-id MRN-0042` is accepted and the FHIR export names the patient with it, not a random id."""
    code, out, err = run_cli(runner, *EXPORT, "--format", "fhir", "--patient-id", "MRN-0042")
    assert code == 0, err
    assert "MRN-0042" in out


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("../etc", "use 1 to 64 letters, digits"),
        ("CON", "it is a name Windows keeps for a device"),
    ],
)
def test_an_unusable_patient_id_is_a_usage_error(runner: CliRunner, value: str, rule: str) -> None:
    """A patient id that is not a safe file name (or is a Windows device name) is refused with its rule, exit 2."""
    code, out, err = run_cli(runner, *EXPORT, "--format", "fhir", "--patient-id", value)
    assert code == 2
    assert out == ""
    assert f"'{value}' is not a usable patient id; {rule}" in " ".join(err.split())


def test_a_part_runs_only_its_share_of_the_list(runner: CliRunner, tmp_path: Path) -> None:
    """`batch --part 1/2` and `--part 2/2` each plan only some of a four-patient list, together every patient once."""
    patients = tmp_path / "patients.csv"
    patients.write_text(
        "id,procedure,date\np1,endoscopic,2026-12-01\np2,tlif,2026-12-02\np3,tubular,2026-12-03\np4,tlif,2026-12-04\n"
    )
    planned: list[str] = []
    for part in ("1/2", "2/2"):
        report = tmp_path / f"report-{part[0]}.csv"
        args = ("batch", str(patients), "-o", str(tmp_path / "plans"), "--report", str(report), "--part", part)
        code, _, err = run_cli(runner, *args, "--today", "2026-11-21")
        assert code == 0, err
        with report.open(newline="") as handle:
            rows = [row["id"] for row in csv.DictReader(handle)]
        assert 0 < len(rows) < 4
        planned += rows
    assert sorted(planned) == ["p1", "p2", "p3", "p4"]  # no patient in both parts, none left out


def test_an_unusable_part_is_a_usage_error(runner: CliRunner) -> None:
    """`--part 3/2` is a usage error (exit 2) that says how a part is written."""
    code, _, err = run_cli(runner, "batch", "patients.csv", "-o", "plans", "--part", "3/2")
    assert code == 2
    assert "'3/2' should be K/N with 1 <= K <= N <= 100000" in " ".join(err.split())


def test_a_bad_choice_from_the_parser_is_a_bad_parameter() -> None:
    """The parser itself refuses a wrong word with a usage error, whatever command uses it."""
    with pytest.raises(typer.BadParameter):
        choice_among(["desk", "light", "manual", "heavy"])["parser"]("desks")
