"""`spinerecov due`: who is due what in one week, by day, from a clinic's patient list."""

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import PATIENT_FACTORS, ROOT, run_cli
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.plan.dated import PatientInputs, make_plan
from spinerecov.plan.due import due_in, plan_shape, week_of_date

EXAMPLES = ROOT / "examples"
PROTOCOL = str(EXAMPLES / "clinic-protocol.yaml")
HEADER = "id,procedure,date,age,smoker,job\n"
MONDAY = dt.date(2026, 12, 7)
SUNDAY = dt.date(2026, 12, 13)


def write_list(tmp_path: Path, *rows: str, header: str = HEADER) -> str:
    """A patient list in tmp_path holding `rows` under `header`; its path."""
    path = tmp_path / "patients.csv"
    path.write_text(header + "".join(row + "\n" for row in rows), encoding="utf-8")
    return str(path)


def due_json(runner: CliRunner, *args: str) -> dict:  # type: ignore[type-arg]
    """`due ... --json`, parsed (whatever the exit code)."""
    _code, stdout, _stderr = run_cli(runner, "due", *args, "--json")
    return json.loads(stdout)  # type: ignore[no-any-return]


def test_the_table_lists_each_day_of_the_week_with_who_is_due_what(runner: CliRunner) -> None:
    """The terminal table names the week, then each day Monday to Sunday with its patients and events."""
    code, stdout, _stderr = run_cli(runner, "due", str(EXAMPLES / "patients.csv"), "--week-of", "2026-12-10")
    assert code == 1  # p004's procedure exists only in the clinic protocol
    lines = stdout.splitlines()
    assert lines[0].startswith("Week of Mon 7 Dec 2026 to Sun 13 Dec 2026: 3 patients with 8 things due.")
    days = [line for line in lines if line and not line.startswith(" ")][1:]
    assert days == [f"{(MONDAY + dt.timedelta(days=n)):%a} {7 + n} Dec 2026" for n in range(7)]
    monday = lines[lines.index("Mon 7 Dec 2026") + 1]
    assert monday.split()[:2] == ["p002", "check-in"] and "day 5, week 1; most people: week 1" in monday
    assert "  (nothing due)" in lines


def test_every_row_is_counted_and_bad_rows_are_reported_as_batch_reports_them(runner: CliRunner) -> None:
    """Bad rows: file:line (id): reason on stderr, counted in the JSON, exit 1; the good rows are still listed."""
    patients = str(EXAMPLES / "patients-with-errors.csv")
    code, stdout, stderr = run_cli(runner, "due", patients, "--week-of", "2026-12-07")
    assert code == 1
    assert "3 rows failed and were skipped:" in stderr
    assert f"{patients}:3 (p102): Unknown procedure 'endoscpic'. Did you mean 'endoscopic'?" in stderr
    assert f"{patients}:4 (p103): date '2026-12-32' is not a real date" in stderr
    assert f"{patients}:5 (p104): smoker 'sometimes' should be yes or no" in stderr
    assert "p101" in stdout
    document = due_json(runner, patients, "--week-of", "2026-12-07")
    assert (document["patients"], document["patients_due"], document["failed_rows"]) == (4, 1, 3)
    assert [(row["line"], row["id"]) for row in document["failed"]] == [(3, "p102"), (4, "p103"), (5, "p104")]


def test_a_duplicate_id_and_a_broken_line_fail_their_own_rows(runner: CliRunner, tmp_path: Path) -> None:
    """The batch's row rules hold here too: a second use of an id and an unclosed quote fail only their rows."""
    patients = write_list(
        tmp_path,
        "a1,endoscopic,2026-12-01,,,",
        "a1,tubular,2026-12-01,,,",
        'b"2,endo"scopic,x',
        "c3,tubular,2026-12-01,,,",
    )
    document = due_json(runner, patients, "--week-of", "2026-12-07")
    assert [row["line"] for row in document["failed"]] == [3, 4]
    assert "twice" in document["failed"][0]["reason"]
    assert {item["id"] for item in document["due"]} == {"a1", "c3"}


def test_sunday_is_in_the_week_and_the_next_monday_is_not(runner: CliRunner, tmp_path: Path, kb: KnowledgeBase) -> None:
    """A milestone on the Sunday is listed; the same milestone a day later (the next Monday) is not."""
    shape = plan_shape(kb, "endoscopic", PatientFactors())
    milestone = next(m for m in shape.milestones if m.kind == "visit")
    on_sunday = SUNDAY - dt.timedelta(days=milestone.day)
    patients = write_list(
        tmp_path, f"sun,endoscopic,{on_sunday},,,", f"mon,endoscopic,{on_sunday + dt.timedelta(days=1)},,,"
    )
    for any_day in ("2026-12-07", "2026-12-10", "2026-12-13"):
        document = due_json(runner, patients, "--week-of", any_day)
        assert document["week"] == {"monday": "2026-12-07", "sunday": "2026-12-13"}
        visits = [(item["id"], item["date"]) for item in document["due"] if item["milestone"] == milestone.id]
        assert visits == [("sun", "2026-12-13")]


def test_a_clinic_protocol_changes_the_dates(runner: CliRunner, tmp_path: Path) -> None:
    """The protocol's own day for the endoscopic wound check moves it into (or out of) the week."""
    patients = write_list(tmp_path, "p1,endoscopic,2026-12-01,,,")
    plain = due_json(runner, patients, "--week-of", "2026-12-10")
    clinic = due_json(runner, patients, "--week-of", "2026-12-10", "--protocol", PROTOCOL)
    check = {
        doc_name: [item["date"] for item in doc["due"] if item["milestone"] == "wound-check"]
        for doc_name, doc in (("plain", plain), ("clinic", clinic))
    }
    assert check["clinic"] == ["2026-12-13"]  # day 12 in the protocol
    assert check["plain"] != check["clinic"]


def test_csv_has_one_row_per_patient_and_event(runner: CliRunner, tmp_path: Path) -> None:
    """--format csv: RFC 4180 (CRLF), a header, one row per patient and event in date order, matching the JSON."""
    patients = str(EXAMPLES / "patients.csv")
    result = runner.invoke(
        app_for_due(), ["due", patients, "--week-of", "2026-12-10", "--protocol", PROTOCOL, "--format", "csv"]
    )
    stdout = result.stdout_bytes.decode("utf-8")
    assert stdout.endswith("\r\n") and "\n" not in stdout.replace("\r\n", "")
    rows = list(csv.DictReader(io.StringIO(stdout, newline="")))
    document = due_json(runner, patients, "--week-of", "2026-12-10", "--protocol", PROTOCOL)
    assert [(r["date"], r["id"], r["kind"], r["milestone"]) for r in rows] == [
        (i["date"], i["id"], i["kind"], i["milestone"]) for i in document["due"]
    ]
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    first = rows[0]
    assert first["earliest"] <= first["date"] <= first["latest"] and first["sources"]


def test_a_name_that_would_start_a_spreadsheet_formula_is_kept_as_text() -> None:
    """A milestone name from a protocol that starts with '=' is written with a leading apostrophe."""
    from spinerecov.output.due_list import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("Wound check") == "Wound check"


def test_json_names_its_schema_and_is_the_pydantic_model() -> None:
    """Due --json is spinerecov/due/v1, and the model gives a JSON Schema."""
    from spinerecov.output.json.due import DueDocument

    schema = DueDocument.model_json_schema(by_alias=True)
    assert schema["properties"]["schema"]["const"] == "spinerecov/due/v1"


def test_workers_give_the_same_list_as_one_process(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--jobs 2 (rows in chunks sent to worker processes) lists exactly what --jobs 1 lists, in the same order."""
    from spinerecov.store import due_list

    monkeypatch.setattr(due_list, "CHUNK_ROWS", 8)
    procedures = ["endoscopic", "tubular", "mis-fusion", "tlif", "open-fusion"]
    start = dt.date(2026, 11, 1)
    rows = [
        f"p{n},{procedures[n % 5]},{start + dt.timedelta(days=n % 45)},{40 + n % 40},{'yes' if n % 3 else 'no'},"
        for n in range(60)
    ]
    patients = write_list(tmp_path, *rows, "bad,endoscopic,2026-13-01,,,")
    one = due_json(runner, patients, "--week-of", "2026-12-07", "--jobs", "1")
    two = due_json(runner, patients, "--week-of", "2026-12-07", "--jobs", "2")
    assert one == two and len(one["due"]) > 10 and one["failed_rows"] == 1


@settings(max_examples=40)
@given(
    factors=PATIENT_FACTORS,
    procedure=st.sampled_from(["endoscopic", "tubular", "mis-fusion", "open-fusion", "open-discectomy", "tlif"]),
    offset=st.integers(-20, 400),
)
def test_due_lists_exactly_the_plans_dates_in_the_week(factors: PatientFactors, procedure: str, offset: int) -> None:
    """For any patient, the shared shape gives exactly the milestones the patient's own plan dates in the week."""
    from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path

    kb = load_knowledge_base(resolve_kb_path())
    surgery = dt.date(2026, 1, 5)
    week = week_of_date(surgery + dt.timedelta(days=offset))
    plan = make_plan(kb, PatientInputs(procedure, surgery, factors), week.monday)
    assert plan.timeline is not None
    expected = sorted((m.date, m.id) for m in plan.timeline.milestones if week.monday <= m.date <= week.sunday)
    found = sorted((d.date, d.milestone.id) for d in due_in(plan_shape(kb, plan.procedure_id, factors), surgery, week))
    assert found == expected


def test_spanish(runner: CliRunner) -> None:
    """--lang es: the week, the days, the kinds and the counts are in Spanish."""
    code, stdout, stderr = run_cli(
        runner, "due", str(EXAMPLES / "patients.csv"), "--week-of", "2026-12-10", "--protocol", PROTOCOL, "--lang", "es"
    )
    assert code == 0, stderr
    assert stdout.startswith("Semana del lun 7 dic 2026 al dom 13 dic 2026: 3 pacientes con ")
    assert "revisión" in stdout and "visita" in stdout


@pytest.mark.parametrize(
    "args",
    [
        ("--week-of", "2026-12-07", "--json", "--format", "csv"),
        ("--week-of", "2026-12-32"),
        ("--week-of", "soon"),
        (),
        ("--week-of", "2026-12-07", "--format", "xml"),
    ],
)
def test_bad_options_are_one_clear_line_and_exit_2(runner: CliRunner, args: tuple[str, ...]) -> None:
    """Both --json and --format csv, a bad or missing --week-of, an unknown format: usage errors, exit 2."""
    result = runner.invoke(app_for_due(), ["due", str(EXAMPLES / "patients.csv"), *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_a_list_without_patients_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    """A header and no rows: one line naming the file, exit 2."""
    code, _stdout, stderr = run_cli(runner, "due", write_list(tmp_path), "--week-of", "2026-12-07")
    assert code == 2 and "has a header but no patients" in stderr


def app_for_due() -> "typer.Typer":
    """The CLI app."""
    from spinerecov.cli.app import app

    return app
