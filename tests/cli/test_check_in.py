"""`spinerecov check-in` from the command line: the outcome first, every answer checked, saved after the outcome."""

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import run_cli
from spinerecov.store.diary import read_entries

PATIENT = ["-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-06-12"]
CHECK_IN = ["check-in", *PATIENT]
CALL_SURGEON = "CALL YOUR SURGEON NOW; IF YOU CANNOT REACH THEM, GO TO THE EMERGENCY DEPARTMENT."


def _diary() -> Path:
    return Path(os.environ["SPINERECOV_DIARY"])


def test_no_warning_sign_never_says_you_are_fine(runner: CliRunner) -> None:
    """Tier none: no warning sign in today's answers, keep to the plan, check in again or call if anything changes."""
    code, out, err = run_cli(runner, *CHECK_IN, "--leg-pain", "2", "--wound", "ok", "--no-saddle-numbness")
    assert code == 0, err
    first = out.splitlines()[0]
    assert first.startswith("No warning sign was in today's answers. Keep to your plan, and check in again")
    assert "fine" not in out.casefold()
    assert "if anything changes." in out


def test_the_outcome_comes_first_and_the_entry_is_saved_after_it(runner: CliRunner) -> None:
    """The tier is the first line; the answers are then saved in the diary, and the last line says so."""
    code, out, err = run_cli(runner, *CHECK_IN, "--temperature", "38.4", "--leg-pain", "5", "--note", "hot")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == CALL_SURGEON
    assert "Because: temperature 38.4 °C (101.1 °F)." in out
    assert lines[-1] == f"Saved in your diary as entry 1 ({_diary()})."
    assert out.index(CALL_SURGEON) < out.index("Check-in for 2024-06-12: day 42, week 7") < out.index("Red flags:")
    [entry] = read_entries(_diary())
    assert (entry.kind, entry.on.isoformat(), entry.procedure) == ("check-in", "2024-06-12", "endoscopic")
    assert entry.payload["tier"] == "call-surgeon"
    assert entry.payload["answers"] == {"leg-pain": 5, "temperature": 38.4, "note": "hot"}
    assert entry.payload["red_flags"] == [
        {"id": "fever", "action": "call-surgeon", "because": "temperature 38.4 °C (101.1 °F)"}
    ]


def test_json_document_has_exactly_the_contract_keys(runner: CliRunner) -> None:
    """--json: schema, date, day, week, tier, red_flags (id, action, because), answers and the entry id."""
    code, out, err = run_cli(
        runner, *CHECK_IN, "--wound", "bleeding", "--saddle-numbness", "--temperature", "100.4F", "--json"
    )
    assert code == 0, err
    document = json.loads(out)
    assert list(document) == ["schema", "date", "day", "week", "tier", "red_flags", "answers", "entry_id"]
    assert document["schema"] == "spinerecov/check-in/v1"
    assert (document["date"], document["day"], document["week"]) == ("2024-06-12", 42, 7)
    assert document["tier"] == "emergency"
    assert [(f["id"], f["action"]) for f in document["red_flags"]] == [
        ("cauda-equina", "emergency"),
        ("fever", "call-surgeon"),
        ("wound-bleeding", "call-surgeon"),
    ]
    assert document["answers"] == {"saddle-numbness": True, "temperature": 38.0, "wound": "bleeding"}
    assert document["entry_id"] == 1


def test_no_save_leaves_the_diary_alone_and_the_entry_id_null(runner: CliRunner) -> None:
    """--no-save: entry_id is null and no diary file is made."""
    code, out, err = run_cli(runner, *CHECK_IN, "--leg-pain", "1", "--no-save", "--json")
    assert code == 0, err
    assert json.loads(out)["entry_id"] is None
    assert not _diary().exists()


def test_the_on_day_counts_from_the_surgery(runner: CliRunner) -> None:
    """--on names the day the answers are for: its day and week, and the saved entry's day."""
    code, out, err = run_cli(runner, *CHECK_IN, "--on", "2024-05-20", "--leg-pain", "4", "--json")
    assert code == 0, err
    assert (json.loads(out)["day"], json.loads(out)["week"]) == (19, 3)
    assert read_entries(_diary())[0].on.isoformat() == "2024-05-20"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--leg-pain", "11"], "--leg-pain: 11 is not between 0 and 10."),
        (["--leg-pain", "lots"], "--leg-pain: 'lots' is not a whole number"),
        (["--wound", "bleding"], "--wound: 'bleding' is not one of: ok, red, oozing, bleeding, open (did you mean"),
        (["--temperature", "100.4"], "--temperature: 100.4 is not a body temperature between 34 and 43 °C"),
        (["--temperature", "45C"], "is not a body temperature between 34 and 43 °C (93.2 to 109.4 °F)"),
        (["--walked", "-5"], "--walked: -5 is not between 0 and 1440."),
        (["--answer", "calf=maybe"], "--answer calf: 'maybe' is not yes or no."),
        (["--answer", "calve=yes"], "--answer calve: there is no check-in question 'calve' (did you mean 'calf'?)."),
        (["--answer", "hardware=yes"], "'hardware' is not asked after this operation (endoscopic)"),
        (["--answer", "calf"], "--answer takes ID=VALUE, e.g. --answer calf=no (not 'calf')."),
        (["--wound", "ok", "--answer", "wound=red"], "'wound' is answered twice (--wound and --answer)."),
        (["--note", "evil\x1b[2Jtext"], "--note: A note cannot contain control characters"),
        (["--on", "2024-04-30", "--leg-pain", "1"], "The check-in day (2024-04-30) is before your surgery date"),
        (["--on", "2024-06-13", "--leg-pain", "1"], "--on (2024-06-13) is after today (2024-06-12)"),
    ],
)
def test_bad_answers_are_one_clear_line_and_exit_2(runner: CliRunner, options: list[str], message: str) -> None:
    """An answer out of range, of the wrong kind or for an unknown question: one line, exit 2, nothing saved."""
    code, out, err = run_cli(runner, *CHECK_IN, *options)
    assert code == 2, out
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert not _diary().exists()


def test_without_answers_or_a_terminal_it_is_a_usage_error_not_a_wait(runner: CliRunner) -> None:
    """Standard input is not a terminal and no answer is given: exit 2 at once, with an example."""
    code, out, err = run_cli(runner, *CHECK_IN)
    assert code == 2, out
    assert "No answers given, and no terminal to ask them on" in err
    assert "spinerecov check-in --procedure endoscopic" in err


def test_pain_is_compared_only_where_published_figures_exist(runner: CliRunner) -> None:
    """Endoscopic leg pain at 6 weeks is set beside its published average and source; elsewhere nothing is."""
    code, out, _ = run_cli(runner, *CHECK_IN, "--leg-pain", "3", "--no-save")
    assert code == 0
    out = " ".join(out.split())
    assert "Your leg pain, 3 out of 10, is above the average of 1.71 out of 10 that 204 people reported" in out
    assert "6 weeks after this operation (7.64 before surgery)" in out and "PMC6283221" in out
    code, out, _ = run_cli(runner, *CHECK_IN, "--on", "2024-05-20", "--leg-pain", "3", "--no-save")
    assert "average" not in out
    code, out, _ = run_cli(runner, "check-in", "-p", "tubular", *PATIENT[2:], "--leg-pain", "3", "--no-save")
    assert "average" not in out
    code, out, _ = run_cli(runner, *CHECK_IN, "--back-pain", "3", "--no-save")
    assert "average" not in out


def test_the_whole_check_in_in_spanish(runner: CliRunner) -> None:
    """--lang es: the outcome, the cause, the day line, the saved line and the errors are all Spanish."""
    code, out, err = run_cli(runner, *CHECK_IN, "--lang", "es", "--wound", "oozing", "--answer", "calf=sí")
    assert code == 0, err
    heading = " ".join(out.split("Señales de alarma")[0].split())
    assert (
        heading
        == "LLAME A SU CIRUJANO AHORA; SI NO CONSIGUE HABLAR CON SU CIRUJANO O CON SU EQUIPO, ACUDA A URGENCIAS."
    )
    assert "Señales de alarma en las respuestas de hoy:" in out
    assert "Porque: herida: sale líquido o pus." in out
    assert "Porque: dolor, hinchazón o calor en una pantorrilla." in out
    assert "Control del 2024-06-12: día 42, semana 7 después de su operación." in out
    assert "Guardado en su diario como entrada 1" in out
    code, out, err = run_cli(runner, *CHECK_IN, "--lang", "es", "--leg-pain", "1", "--no-save")
    assert out.startswith("Ninguna de las respuestas de hoy indica una señal de alarma.")
    code, _, err = run_cli(runner, *CHECK_IN, "--lang", "es", "--temperature", "45")
    assert code == 2
    assert "no es una temperatura corporal entre 34 y 43 °C" in err


# --- storage failures: the outcome is already on the screen -----------------------------


def _outcome_then_failure(runner: CliRunner, *options: str) -> tuple[str, str]:
    code, out, err = run_cli(runner, *CHECK_IN, "--temperature", "38.6", *options)
    assert code == 1, out
    assert "The outcome above stands, but your answers were not saved in your diary" in err
    return out, err


def test_a_foreign_diary_file_still_shows_the_outcome_first(runner: CliRunner) -> None:
    """A diary that is not a diary: the outcome and the whole plan text are shown, then the failure (exit 1)."""
    _diary().parent.mkdir(parents=True)
    _diary().write_text("not a database", encoding="utf-8")
    out, err = _outcome_then_failure(runner)
    assert out.splitlines()[0] == CALL_SURGEON
    assert "Information only, not medical advice" in out
    assert str(_diary()) in err
    assert _diary().read_text(encoding="utf-8") == "not a database"


def test_a_locked_diary_still_shows_the_outcome_first(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program holds the diary's write lock: the outcome first, then 'busy', exit 1."""
    import spinerecov.store.diary_file as diary_file

    assert run_cli(runner, *CHECK_IN, "--leg-pain", "1")[0] == 0
    monkeypatch.setattr(diary_file, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(_diary(), isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        out, err = _outcome_then_failure(runner)
    finally:
        holder.close()
    assert out.splitlines()[0] == CALL_SURGEON
    assert "busy" in err
    assert len(read_entries(_diary())) == 1


def test_with_json_the_tier_reaches_stdout_before_the_error(runner: CliRunner) -> None:
    """--json and an unwritable diary: the document (entry_id null) on stdout, the error on stderr, exit 1."""
    _diary().parent.mkdir(parents=True)
    _diary().write_text("not a database", encoding="utf-8")
    out, _err = _outcome_then_failure(runner, "--json")
    document = json.loads(out)
    assert (document["tier"], document["entry_id"]) == ("call-surgeon", None)


def _full_disk() -> None:
    """In the child: every file may grow to 4 KiB at most, as if the disk were full (and no signal kills it)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_full_disk_still_shows_the_outcome_first(tmp_path: Path) -> None:
    """A real process that cannot grow files: the outcome on stdout, then the failure on stderr, exit 1."""
    diary = tmp_path / "diary.sqlite3"
    env = {**os.environ, "SPINERECOV_DIARY": str(diary), "SPINERECOV_NO_CACHE": "1"}
    command = [sys.executable, "-m", "spinerecov", *CHECK_IN, "--temperature", "38.6", "--leg-pain", "4"]
    done = subprocess.run(command, preexec_fn=_full_disk, capture_output=True, text=True, env=env, timeout=120)  # noqa: S603, PLW1509
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[0] == CALL_SURGEON
    assert "The outcome above stands, but your answers were not saved in your diary" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("hidden", ["\\e[2J", "\\u202e", "\\a"])
def test_a_check_in_text_with_control_characters_is_refused_where_it_is(
    runner: CliRunner, tmp_path: Path, hidden: str
) -> None:
    """A knowledge-base copy whose question text hides an escape, bidi or bell character: one located error, exit 1."""
    from conftest import ROOT

    text = (ROOT / "data" / "procedures.yaml").read_text(encoding="utf-8")
    plain = "      short: pain, swelling or warmth in a calf\n"
    assert plain in text
    kb = tmp_path / "hostile.yaml"
    kb.write_text(text.replace(plain, f'      short: "calf {hidden}evil"\n'), encoding="utf-8")
    code, out, err = run_cli(runner, *CHECK_IN, "--kb", str(kb), "--answer", "calf=yes", "--no-save")
    assert code == 1, out
    assert out == ""
    assert "check_in.questions[16].short" in err and f"{kb}:" in err
    assert not any(ch in err for ch in ("\x1b", "\x07", "\u202e"))
