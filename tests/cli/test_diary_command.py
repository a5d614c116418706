"""`spinerecov diary`: the table and the pain trend, --since, --json, export, remove, clear, and the profile."""

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, run_cli
from spinerecov.output.json.diary import DiaryDocument
from spinerecov.store.diary import NewEntry, read_entries, save_entry

SURGERY = dt.date(2024, 5, 1)


def add_check_in(path: Path, day: int, tier: str = "none", **answers: Any) -> int:
    """Save a check-in `day` days after SURGERY with these answers (question ids with '-' written as '_')."""
    given = {name.replace("_", "-"): value for name, value in answers.items()}
    on = SURGERY + dt.timedelta(days=day)
    flags = [] if tier == "none" else [{"id": "fever", "action": tier, "because": "temperature 38.6 °C"}]
    payload = {"answers": given, "tier": tier, "red_flags": flags, "day": day, "week": day // 7 + 1}
    return save_entry(path, NewEntry("check-in", on, "endoscopic", SURGERY, payload))


def add_questionnaire(path: Path, day: int, score: int) -> int:
    """Save a back-pain questionnaire `day` days after SURGERY."""
    payload = {
        "questionnaire": "back-pain",
        "answers": {"back-pain": score},
        "score": score,
        "scale": {"min": 0, "max": 10, "better": "lower"},
        "timepoint": "3-months",
        "day": day,
        "week": day // 7 + 1,
    }
    return save_entry(path, NewEntry("questionnaire", SURGERY + dt.timedelta(days=day), "endoscopic", SURGERY, payload))


@pytest.fixture
def diary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A diary (named by SPINERECOV_DIARY) with check-ins in weeks 1 and 2 and one questionnaire."""
    path = tmp_path / "data" / "diary.sqlite3"
    monkeypatch.setenv("SPINERECOV_DIARY", str(path))
    add_check_in(path, 2, leg_pain=7, back_pain=5, pain_medicine="strong", walked=10)
    add_check_in(path, 5, leg_pain=5, back_pain=4, pain_medicine="simple", note="Stiff in the morning.")
    add_check_in(path, 9, tier="call-surgeon", leg_pain=2, temperature=38.6, walked=30)
    add_questionnaire(path, 12, 3)
    return path


def test_an_empty_diary_says_how_to_fill_it_and_makes_no_file(runner: CliRunner, tmp_path: Path) -> None:
    """With no diary yet, `diary` says how entries are added, exits 0 and creates nothing."""
    code, out, _ = run_cli(runner, "diary")
    assert code == 0
    assert "No entries in your diary yet" in out
    assert not (tmp_path / "data").exists()


def test_the_table_shows_every_entry_and_the_weekly_pain(runner: CliRunner, diary: Path) -> None:
    """Each entry is a row (day, week, outcome, pain, medicine, walking, note or score); then the weekly means."""
    code, out, err = run_cli(runner, "diary")
    assert code == 0, err
    rows = {line.split()[0]: line for line in out.splitlines() if re.match(r"\d+ +\d{4}-", line)}
    assert rows["1"].split()[1:8] == ["2024-05-03", "2/1", "no", "red", "flag", "7", "5"]
    assert "strong" in rows["1"] and "10 min" in rows["1"]
    assert "Stiff in the morning." in out
    assert "call surgeon" in rows["3"]
    assert rows["4"].split()[1:] == ["2024-05-13", "12/2", "questionnaire", "back-pain", "3/10"]
    assert "4 entries." in out
    weeks = {line.split()[1]: line.split() for line in out.splitlines() if line.startswith("week ")}
    assert weeks["1"][3] == "6" and weeks["1"][5] == "4.5"  # (7 + 5) / 2 and (5 + 4) / 2
    assert weeks["2"][3] == "2" and weeks["2"][4] == "-"  # back pain not asked in week 2


def test_since_keeps_later_entries(runner: CliRunner, diary: Path) -> None:
    """--since DATE lists only entries for that day or later."""
    code, out, _ = run_cli(runner, "diary", "--since", "2024-05-10", "--json")
    assert code == 0
    assert [e["entry_id"] for e in json.loads(out)["entries"]] == [3, 4]


def test_json_is_the_diary_document(runner: CliRunner, diary: Path) -> None:
    """--json prints {"schema": "spinerecov/diary/v1", "entries": [...]}, valid against its model."""
    code, out, _ = run_cli(runner, "diary", "--json")
    assert code == 0
    document = json.loads(out)
    assert document["schema"] == "spinerecov/diary/v1"
    DiaryDocument.model_validate(document)
    third = document["entries"][2]
    assert third["tier"] == "call-surgeon" and third["red_flags"][0]["id"] == "fever"
    assert third["answers"]["temperature"] == 38.6
    assert document["entries"][3]["score"] == 3 and document["entries"][3]["scale"]["better"] == "lower"


def test_a_note_cannot_put_control_or_bidi_characters_on_screen(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A note holding escape sequences or a right-to-left override is shown without them."""
    path = tmp_path / "diary.sqlite3"
    monkeypatch.setenv("SPINERECOV_DIARY", str(path))
    add_check_in(path, 1, note="ok\x1b[2J\x1b]0;owned\x07 \u202e555\u202c end")
    code, out, _ = run_cli(runner, "diary")
    assert code == 0
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "555" in out


@pytest.mark.parametrize("kind", ["csv", "json", "fhir"])
def test_export_writes_a_private_file_and_never_overwrites_without_force(
    runner: CliRunner, diary: Path, tmp_path: Path, kind: str
) -> None:
    """Export writes an owner-only file; an existing file is kept unless --force is given."""
    target = tmp_path / f"diary.{kind}"
    code, _, err = run_cli(runner, "diary", "export", "--format", kind, "--output", str(target), "--patient-id", "P1")
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    target.write_text("keep me")
    code, _, err = run_cli(runner, "diary", "export", "--format", kind, "--output", str(target))
    assert code == 1 and "--force" in err
    assert target.read_text() == "keep me"
    code, _, _ = run_cli(runner, "diary", "export", "-f", kind, "-o", str(target), "--force", "--patient-id", "P1")
    assert code == 0 and target.read_text() != "keep me"


def test_csv_has_a_row_per_entry_and_formulas_stay_text(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CSV has one row per entry with its values; a note starting with '=' cannot run as a formula."""
    path = tmp_path / "diary.sqlite3"
    monkeypatch.setenv("SPINERECOV_DIARY", str(path))
    add_check_in(path, 3, leg_pain=4, temperature=37.9, note='=HYPERLINK("http://x","y")')
    add_questionnaire(path, 90, 2)
    code, out, _ = run_cli(runner, "diary", "export", "--format", "csv", "--output", "-")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["kind"] for r in rows] == ["check-in", "questionnaire"]
    assert rows[0]["leg_pain"] == "4" and rows[0]["temperature_c"] == "37.9" and rows[0]["week"] == "1"
    assert rows[0]["note"].startswith("'=")
    assert rows[1]["score"] == "2" and rows[1]["scale_max"] == "10" and rows[1]["timepoint"] == "3-months"


def test_export_json_is_the_diary_document(runner: CliRunner, diary: Path) -> None:
    """`diary export --format json` writes the same document as `diary --json`."""
    _, printed, _ = run_cli(runner, "diary", "--json")
    code, exported, _ = run_cli(runner, "diary", "export", "--format", "json", "--output", "-")
    assert code == 0 and json.loads(exported) == json.loads(printed)


@pytest.mark.parametrize(
    "args",
    [
        ("diary", "export", "--format", "pdf", "--output", "x"),
        ("diary", "export", "--format", "csv"),
        ("diary", "--since", "someday"),
        ("diary", "remove", "zero"),
        ("diary", "remove", "0"),
    ],
)
def test_bad_options_are_usage_errors(runner: CliRunner, diary: Path, args: tuple[str, ...]) -> None:
    """A wrong format, a missing --output, a bad date or entry number: exit 2, nothing changed."""
    code, _, _ = run_cli(runner, *args)
    assert code == 2
    assert len(read_entries(diary)) == 4


def test_remove_takes_out_one_entry(runner: CliRunner, diary: Path) -> None:
    """`diary remove 2` removes entry 2 only; removing it again is a usage error naming it."""
    code, _, err = run_cli(runner, "diary", "remove", "2")
    assert code == 0 and "Removed entry 2" in err
    assert [e.entry_id for e in read_entries(diary)] == [1, 3, 4]
    code, _, err = run_cli(runner, "diary", "remove", "2")
    assert code == 2 and "no entry 2" in err


def test_clear_needs_yes(runner: CliRunner, diary: Path) -> None:
    """Without --yes, `diary clear` is a usage error and removes nothing; with it, every entry goes."""
    code, _, err = run_cli(runner, "diary", "clear")
    assert code == 2 and "--yes" in err
    assert len(read_entries(diary)) == 4
    code, _, err = run_cli(runner, "diary", "clear", "--yes")
    assert code == 0 and "Removed 4 entries" in err
    assert read_entries(diary) == [] and diary.exists()


def test_profile_clear_keeps_the_diary(
    runner: CliRunner, diary: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`profile clear` deletes the profile only, even when the diary is in the same folder."""
    monkeypatch.setenv("SPINERECOV_PROFILE", str(diary.parent / "profile.toml"))
    assert run_cli(runner, "profile", "set", "-p", "endoscopic", "-d", "2024-05-01")[0] == 0
    code, _, _ = run_cli(runner, "profile", "clear")
    assert code == 0
    assert not (diary.parent / "profile.toml").exists()
    assert len(read_entries(diary)) == 4


def test_a_foreign_diary_file_is_one_line_and_left_alone(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--diary naming a file that is not a diary: exit 1, one message with its path, the file unchanged."""
    notes = tmp_path / "notes.txt"
    notes.write_text("mine\n" * 100)
    for args in (("diary",), ("diary", "clear", "--yes"), ("diary", "remove", "1")):
        code, out, err = run_cli(runner, *args, "--diary", str(notes))
        assert code == 1, args
        assert str(notes) in err and "Traceback" not in err and out == ""
    assert notes.read_text() == "mine\n" * 100


def test_an_old_diary_is_read_and_upgraded_on_first_change(runner: CliRunner, tmp_path: Path) -> None:
    """A schema-1 diary lists as it is; removing an entry upgrades it, keeping a copy beside it."""
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "diary" / "schema-1.sqlite3", path)
    code, out, _ = run_cli(runner, "diary", "--diary", str(path))
    assert code == 0 and "Walked to the shop." in out and "leg-pain 3/10" in out
    assert run_cli(runner, "diary", "remove", "1", "--diary", str(path))[0] == 0
    assert (tmp_path / "old.sqlite3.schema-1.bak").exists()
    assert [e.entry_id for e in read_entries(path)] == [2, 3]


def test_the_diary_speaks_spanish(runner: CliRunner, diary: Path) -> None:
    """With --lang es the table, the outcome words and the chart are in Spanish."""
    code, out, _ = run_cli(runner, "diary", "--lang", "es")
    assert code == 0
    assert "Fecha" in out and "Día/sem" in out and "4 entradas." in out and "semana 1" in out
    assert "llamar cirujano" in out
    code, _, err = run_cli(runner, "--lang", "es", "diary", "clear")
    assert code == 2 and "--yes" in err and "Nada" in err
    code, _, err = run_cli(runner, "diary", "--lang", "es", "remove", "9")
    assert code == 2 and "No hay ninguna entrada 9" in err


def test_help_has_examples(runner: CliRunner) -> None:
    """Every diary command's help shows examples."""
    for args in (("diary",), ("diary", "export"), ("diary", "remove"), ("diary", "clear")):
        code, out, _ = run_cli(runner, *args, "--help")
        assert code == 0 and "Examples:" in out and "spinerecov diary" in out, args
    assert os.environ["SPINERECOV_DIARY"].endswith("diary.sqlite3")


def test_the_fhir_export_defines_the_questionnaires_answered(runner: CliRunner, diary: Path) -> None:
    """`diary export --format fhir` carries the knowledge base's own definition of each questionnaire answered."""
    code, out, err = run_cli(runner, "diary", "export", "--format", "fhir", "--output", "-", "--patient-id", "P1")
    assert code == 0, err
    (definition,) = [
        e["resource"] for e in json.loads(out)["entry"] if e["resource"]["resourceType"] == "Questionnaire"
    ]
    assert definition["id"] == "back-pain" and definition["title"] == "Back pain (0 to 10)"


def test_the_patients_own_operation_is_shown_and_the_rest_counted(runner: CliRunner, diary: Path) -> None:
    """-p/-d (or the profile) pick the operation's entries; the others are counted; --all and --today work."""
    other = {"answers": {"leg-pain": 9}, "tier": "none", "red_flags": [], "day": 3, "week": 1}
    save_entry(diary, NewEntry("check-in", dt.date(2023, 1, 4), "mis-fusion", dt.date(2023, 1, 1), other))

    def ids(*args: str) -> tuple[list[int], str]:
        code, out, err = run_cli(runner, "diary", "--json", *args)
        assert code == 0, err
        return [e["entry_id"] for e in json.loads(out)["entries"]], err

    assert ids()[0] == [5, 1, 2, 3, 4]  # no operation known: the whole diary
    own, said = ids("-p", "endoscopic", "-d", "2024-05-01")
    assert own == [1, 2, 3, 4] and "1 entry is for another operation or surgery date" in said
    assert ids("-p", "mis-fusion", "-d", "2023-01-01")[0] == [5]
    assert ids("-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-05-06")[0] == [1, 2]
    assert ids("-p", "endoscopic", "-d", "2024-05-01", "--all")[0] == [5, 1, 2, 3, 4]
    assert run_cli(runner, "profile", "set", "-p", "endoscopic", "-d", "2024-05-01")[0] == 0
    assert ids()[0] == [1, 2, 3, 4]
