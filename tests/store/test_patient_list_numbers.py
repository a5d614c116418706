"""A patient list's numbers and dates are read by the command line's parsers: the same values refused, per row."""

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import run_cli
from spinerecov.errors import UsageError
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.store.patient_list import check_row

COLUMNS = ["id", "procedure", "date", "age", "bmi", "levels"]
HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("age", "bmi", "levels", "date", "words"),
    [
        ("٤٠", "", "", "2024-05-01", "age '٤٠' is not a whole number"),
        ("4_0", "", "", "2024-05-01", "age '4_0' is not a whole number"),
        ("0x10", "", "", "2024-05-01", "age '0x10' is not a whole number"),
        (HUGE, "", "", "2024-05-01", "is not between 0 and 120"),
        ("", "٣٠", "", "2024-05-01", "bmi '٣٠' is not a number"),
        ("", "3_0", "", "2024-05-01", "bmi '3_0' is not a number"),
        ("", "1e400", "", "2024-05-01", "bmi '1e400' is not a number"),
        ("", "inf", "", "2024-05-01", "bmi 'inf' is not a number"),
        ("", "", "11", "2024-05-01", "levels 11 is not between 1 and 10"),
        ("", "", "", "20240501", "date '20240501' is not a real date"),
        ("", "", "", "2024-W18", "date '2024-W18' is not a real date"),
        ("", "", "", "9999-12-31", "date 9999-12-31 is not a plausible surgery date"),
    ],
)
def test_rows_refuse_what_the_command_line_refuses(
    kb: KnowledgeBase, age: str, bmi: str, levels: str, date: str, words: str
) -> None:
    """٤٠, 4_0, ٣٠, 3_0, 1e400, 5,000 digits, 20240501: the row fails with the column named, as the CLI would."""
    with pytest.raises(UsageError) as caught:
        check_row(2, COLUMNS, ["p1", "endoscopic", date, age, bmi, levels], kb)
    assert words in caught.value.message and len(caught.value.message) < 300


def test_rows_read_numbers_as_the_command_line_does(kb: KnowledgeBase) -> None:
    """Plain digits, a sign, spaces around and a decimal comma are read as --age and --bmi read them."""
    row = check_row(2, COLUMNS, ["p1", "endoscopic", "2024-05-01", " 40 ", "31,5", "+2"], kb)
    assert (row.factors.age, row.factors.bmi, row.factors.levels) == (40, 31.5, 2)


def test_every_row_is_accounted_for_in_the_report(runner: CliRunner, tmp_path: Path) -> None:
    """Bad numbers fail their own rows (with line numbers); the good rows are written; the report lists all."""
    patients = tmp_path / "patients.csv"
    rows = [("p1", "40"), ("p2", "٤٠"), ("p3", "4_0"), ("p4", HUGE), ("p5", "55")]
    patients.write_text("id,procedure,date,age\n" + "".join(f"{i},endoscopic,2024-05-01,{a}\n" for i, a in rows))
    report = tmp_path / "report.csv"
    code, _, err = run_cli(runner, "batch", str(patients), "-o", str(tmp_path / "plans"), "--report", str(report))
    assert code == 1 and "Wrote 2 plans" in err and "3 rows failed" in err
    assert f"{patients}:5 (p4): age 999" in err and "Traceback" not in err
    with report.open(newline="") as handle:
        outcomes = {row["id"]: row["outcome"] for row in csv.DictReader(handle)}
    assert outcomes == {"p1": "written", "p2": "failed", "p3": "failed", "p4": "failed", "p5": "written"}
