"""Outcome questionnaires: scoring against their sources, the registry schedule, the command and its milestones."""

import datetime as dt
import json
import os
import pty
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import ROOT, run_cli
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.plan.questionnaire_result import PastScore, choose_baseline
from spinerecov.plan.questionnaire_schedule import timepoints_for
from spinerecov.plan.scoring import compare

PLAN = ("-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-08-05")
SURGERY = dt.date(2024, 5, 1)


def test_leg_pain_thresholds_follow_their_sources(kb: KnowledgeBase) -> None:
    """Leg pain 6 -> 2: Ostelo's 2 points or 30%, Swespine's 3.2 and NORspine's 4 are all reached, sources differ."""
    result = compare(kb.questionnaires["leg-pain"], 2, 6, dt.date(2024, 4, 20), SURGERY)
    assert result is not None
    assert result.improvement == 4 and result.before_surgery and result.sources_differ
    by_points = {v.threshold.points: (v.reached, v.threshold.sources) for v in result.verdicts}
    assert by_points == {
        2: (True, ["ostelo-2008"]),
        3.2: (True, ["parai-swespine-2020"]),
        4: (True, ["norspine-success-2024"]),
    }


def test_a_small_change_reaches_only_the_percentage(kb: KnowledgeBase) -> None:
    """Back pain 3 -> 2 is 1 point but 33%: Ostelo's 'or 30%' is reached, Swespine's 2.7 points is not."""
    result = compare(kb.questionnaires["back-pain"], 2, 3, SURGERY, SURGERY)
    assert result is not None
    reached = {v.threshold.sources[0]: v.reached for v in result.verdicts}
    assert reached == {"ostelo-2008": True, "parai-swespine-2020": False, "norspine-success-2024": False}


@given(st.integers(0, 10), st.integers(0, 10))
def test_worse_never_reaches_a_threshold(before: int, after: int) -> None:
    """A score that did not improve never reaches any published threshold."""
    kb = load_knowledge_base(resolve_kb_path())
    result = compare(kb.questionnaires["leg-pain"], after, before, SURGERY, SURGERY)
    assert result is not None
    if after >= before:
        assert not any(v.reached for v in result.verdicts)


def test_baseline_is_the_first_answer_before_surgery() -> None:
    """The baseline is the first score before surgery; without one, the earliest."""
    before = [PastScore(dt.date(2024, 6, 1), 3), PastScore(dt.date(2024, 4, 2), 7), PastScore(dt.date(2024, 4, 9), 6)]
    assert choose_baseline(before) == PastScore(dt.date(2024, 4, 2), 7)
    after = [PastScore(dt.date(2024, 9, 1), 2), PastScore(dt.date(2024, 6, 1), 5)]
    assert choose_baseline(after) == PastScore(dt.date(2024, 6, 1), 5)


def test_fusion_gets_24_months_and_discectomy_does_not(kb: KnowledgeBase) -> None:
    """Spine Tango/ICHOM's 24 months applies after a fusion; after a discectomy 3 and 12 months (Mannion 2018)."""
    fusion = [p.id for p in timepoints_for(kb, kb.procedures["mis-fusion"])]
    discectomy = [p.id for p in timepoints_for(kb, kb.procedures["endoscopic"])]
    assert fusion == ["before-surgery", "3-months", "12-months", "24-months"]
    assert discectomy == ["before-surgery", "3-months", "12-months"]
    three = next(p for p in kb.questionnaire_schedule if p.id == "3-months")
    assert (three.day, three.from_day, three.to_day) == (91, 91, 182)  # 3 months (NORspine, QOD) to 6 (ICHOM)
    assert three.sources_differ is not None and "clement-ichom-2015" in three.sources_differ.sources


def test_milestones_reach_every_renderer(tmp_path: Path) -> None:
    """The questionnaire milestones are in the timeline JSON, the calendar (with a reminder) and FHIR (as tasks)."""
    runner = CliRunner()
    code, out, err = run_cli(runner, "timeline", *PLAN, "--json")
    assert code == 0, err
    kinds = [m["id"] for m in json.loads(out)["milestones"] if m["kind"] == "questionnaire"]
    assert kinds == ["questionnaires-before-surgery", "questionnaires-3-months", "questionnaires-12-months"]
    code, ics, err = run_cli(runner, "export", *PLAN, "--format", "ics", "--output", "-")
    assert code == 0, err
    event = ics.split("SUMMARY:3-month questionnaires")[1].split("END:VEVENT")[0]
    assert "BEGIN:VALARM" in event
    code, fhir, err = run_cli(runner, "export", *PLAN, "--format", "fhir", "--output", "-")
    assert code == 0, err
    plan = next(e["resource"] for e in json.loads(fhir)["entry"] if e["resource"]["resourceType"] == "CarePlan")
    tasks = [a["detail"] for a in plan["activity"] if a["detail"]["description"].startswith("3-month questionnaires")]
    assert tasks and tasks[0]["kind"] == "Task"
    assert tasks[0]["scheduledPeriod"] == {"start": "2024-07-31", "end": "2024-10-30"}


def test_status_says_the_questionnaire_is_due() -> None:
    """In the 3-month window, status says the 3-month questionnaires are due and until when."""
    code, out, err = run_cli(CliRunner(), "status", *PLAN)
    assert code == 0, err
    assert "Due now: 3-month questionnaires (until Wed 30 Oct 2024)" in " ".join(out.split())


def test_answer_scores_and_json_names_its_schema() -> None:
    """--answer scores the questionnaire; --json is spinerecov/questionnaire/v1 with the score and the scale."""
    args = ("questionnaire", "leg-pain", "--answer", "leg-pain=3", *PLAN, "--no-save", "--json")
    code, out, err = run_cli(CliRunner(), *args)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["schema"] == "spinerecov/questionnaire/v1"
    assert (doc["score"], doc["scale"]["better"], doc["timepoint"], doc["entry_id"]) == (3, "lower", "3-months", None)


@pytest.mark.parametrize(
    "args",
    [
        ("leg-pain", "--answer", "leg-pain=11"),
        ("leg-pain", "--answer", "leg=3"),
        ("global-change", "--answer", "change=fine"),
        ("leg-pain",),
        ("no-such-questionnaire", "--answer", "x=1"),
    ],
)
def test_bad_answers_are_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    """An out-of-range, unknown or missing answer (or questionnaire) is one clear line and exit 2."""
    code, out, err = run_cli(CliRunner(), "questionnaire", *args, *PLAN, "--no-save")
    assert code == 2, err
    assert err.startswith("Error: ") and "Traceback" not in err


def test_list_shows_what_is_due_and_each_licence() -> None:
    """Without a name: every questionnaire with its licence, and the time point due now."""
    code, out, err = run_cli(CliRunner(), "questionnaire", *PLAN)
    assert code == 0, err
    flat = " ".join(out.split())
    assert "Licence:" in flat and "Due now: 3-month questionnaires" in flat


def test_kb_check_requires_a_licence(tmp_path: Path) -> None:
    """A questionnaire without `licence` makes kb check fail with the file and line."""
    text = (ROOT / "data" / "procedures.yaml").read_text(encoding="utf-8")
    start = text.index("    licence: A single walking item")
    broken = tmp_path / "kb.yaml"
    broken.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    code, out, err = run_cli(CliRunner(), "kb", "check", str(broken))
    assert code == 1
    assert "questionnaires.walking.licence" in err and "kb.yaml:" in err


def test_a_protocol_adds_a_questionnaire(tmp_path: Path) -> None:
    """A clinic protocol adds its own (licensed) questionnaire; it is listed and scored like the built-in ones."""
    protocol = tmp_path / "protocol.yaml"
    protocol.write_text(
        """clinic: {name: Test Clinic}
source: {id: test-clinic, title: "Test Clinic protocol"}
questionnaires:
  test-instrument:
    name: TEST INSTRUMENT (placeholder items, not a real questionnaire)
    description: A made-up two-item instrument for tests.
    licence: Placeholder; a clinic puts the terms of its own licence here.
    items:
      - id: item-a
        text: Placeholder item A
        answers: [{id: none, text: none, value: 0}, {id: some, text: some, value: 5}]
      - {id: item-b, text: "Placeholder item B", min: 0, max: 5}
    scoring: {text: "sum times 2", multiply: 2, min: 0, max: 20, better: lower}
    meaningful_change: [{points: 4, sources: [test-clinic]}]
    sources: [test-clinic]
""",
        encoding="utf-8",
    )
    runner = CliRunner()
    code, out, err = run_cli(runner, "questionnaire", *PLAN, "--protocol", str(protocol))
    assert code == 0, err
    assert "test-instrument" in out
    args = ("questionnaire", "test-instrument", "--answer", "item-a=some", "--answer", "item-b=2")
    code, out, err = run_cli(runner, *args, *PLAN, "--protocol", str(protocol), "--no-save", "--json")
    assert code == 0, err
    assert json.loads(out)["score"] == 14


def test_a_protocol_puts_its_questionnaire_on_the_schedule(tmp_path: Path) -> None:
    """A protocol's time point with a built-in id changes it: its window and questionnaires follow the clinic."""
    protocol = tmp_path / "protocol.yaml"
    protocol.write_text(
        """clinic: {name: Test Clinic}
source: {id: test-clinic, title: "Test Clinic protocol"}
questionnaire_schedule:
  - {id: 3-months, name: 3-month questionnaires, description: At the 3-month visit., day: 91,
     from_day: 84, to_day: 98, questionnaires: [back-pain], sources: [test-clinic]}
""",
        encoding="utf-8",
    )
    code, out, err = run_cli(CliRunner(), "questionnaire", *PLAN, "--protocol", str(protocol), "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert (doc["due"], doc["due_until"]) == ("3-months", "2024-08-07")
    assert [q["id"] for q in doc["questionnaires"] if q["due_now"]] == ["back-pain"]


def test_spanish_flow() -> None:
    """In Spanish the questionnaire, its answer and the due line are Spanish."""
    args = ("questionnaire", "leg-pain", "--answer", "leg-pain=3", *PLAN, "--no-save", "--lang", "es")
    code, out, err = run_cli(CliRunner(), *args)
    assert code == 0, err
    assert "Dolor de pierna (0 a 10)" in out and "Su respuesta: 3" in out
    code, out, err = run_cli(CliRunner(), "status", *PLAN, "--lang", "es")
    assert "Toca ahora: Cuestionarios de los 3 meses" in " ".join(out.split())


def test_interactive_run_retypes_a_wrong_answer() -> None:
    """On a real terminal each item is asked; a wrong answer is re-asked and the right one scored."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: spinerecov on the pseudo-terminal
        args = ["-m", "spinerecov", "questionnaire", "global-change", *PLAN, "--no-save"]
        os.execv(sys.executable, [sys.executable, *args])  # noqa: S606 - the test's own interpreter
    seen = b""

    def read_until(marker: bytes) -> None:
        nonlocal seen
        while marker not in seen:
            chunk = os.read(fd, 4096)
            assert chunk, seen
            seen += chunk

    read_until(b"> ")
    os.write(fd, b"nine\n")
    read_until(b"is not an answer")
    read_until(b"> ")
    os.write(fd, b"2\n")
    try:
        read_until(b"Not saved")
    finally:
        os.waitpid(pid, 0)
    assert b"much better" in seen


@given(st.data())
def test_every_score_lies_in_its_scale(data: st.DataObject) -> None:
    """Any valid answers to any built-in questionnaire score inside the scale it declares."""
    from spinerecov.plan.scoring import score

    kb = load_knowledge_base(resolve_kb_path())
    q = kb.questionnaires[data.draw(st.sampled_from(sorted(kb.questionnaires)))]
    answers: dict[str, int | str] = {}
    for item in q.items:
        if item.answers is not None:
            answers[item.id] = data.draw(st.sampled_from([a.id for a in item.answers]))
        else:
            answers[item.id] = data.draw(st.integers(item.min or 0, item.max or 0))
    value = score(q, answers)
    if q.scoring is None:
        assert value is None
    else:
        assert value is not None and q.scoring.min <= value <= q.scoring.max


def test_kb_check_catches_a_wrong_scale_and_an_unknown_questionnaire(tmp_path: Path) -> None:
    """A score range the items cannot give, and a time point naming no questionnaire, are located errors."""
    text = (ROOT / "data" / "procedures.yaml").read_text(encoding="utf-8")
    text = text.replace("      max: 600\n      better: higher", "      max: 60\n      better: higher", 1)
    text = text.replace(
        "questionnaires: [back-pain, leg-pain, work-status, walking]", "questionnaires: [back-pain, odi]"
    )
    broken = tmp_path / "kb.yaml"
    broken.write_text(text, encoding="utf-8")
    code, out, err = run_cli(CliRunner(), "kb", "check", str(broken))
    assert code == 1
    assert "questionnaires.walking.scoring" in err and "from 0 to 600, not 0 to 60" in err
    assert "questionnaire_schedule[0].questionnaires[1]" in err and "'odi'" in err


def test_an_answer_needs_a_questionnaire() -> None:
    """--answer without a questionnaire's name is a usage error, not silently ignored."""
    code, out, err = run_cli(CliRunner(), "questionnaire", "--answer", "leg-pain=3", *PLAN)
    assert code == 2 and "--answer" in err


def test_before_surgery_the_baseline_is_due() -> None:
    """Before the operation, the questionnaires before surgery are due, in status and in the list."""
    before = ("-p", "mis-fusion", "-d", "2024-05-01", "--today", "2024-04-20")
    code, out, err = run_cli(CliRunner(), "status", *before)
    assert code == 0, err
    assert "Due now: Questionnaires before surgery (until Wed 1 May 2024)" in " ".join(out.split())
    code, out, err = run_cli(CliRunner(), "questionnaire", *before, "--json")
    assert json.loads(out)["due"] == "before-surgery"


def test_the_handout_lists_the_questionnaires() -> None:
    """The printable handout's milestone checklist has the questionnaire time points."""
    code, html, err = run_cli(CliRunner(), "export", *PLAN, "--format", "html", "--output", "-")
    assert code == 0, err
    assert "3-month questionnaires" in html and "12-month questionnaires" in html


def test_the_window_is_never_called_most_people() -> None:
    """A questionnaire's window is said as the time to answer, never as where most people are."""
    code, out, err = run_cli(CliRunner(), "timeline", "-p", "mis-fusion", "-d", "2024-05-01")
    assert code == 0, err
    flat = " ".join(out.split())
    assert "3-month questionnaires (answer within weeks 14 to 27)" in flat
    assert "Questionnaires before surgery (answer before surgery)" in flat


def test_saved_answers_become_the_baseline(tmp_path: Path) -> None:
    """An answer saved before surgery is the baseline of a later one, and the diary keeps the agreed shape."""
    from spinerecov.store.diary import read_entries

    diary = tmp_path / "diary.sqlite3"
    runner = CliRunner()
    before = ("-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-04-20")
    code, out, err = run_cli(
        runner, "questionnaire", "leg-pain", "--answer", "leg-pain=7", *before, "--diary", str(diary)
    )
    assert code == 0, err
    args = ("questionnaire", "leg-pain", "--answer", "leg-pain=2", *PLAN, "--diary", str(diary), "--json")
    code, out, err = run_cli(runner, *args)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["baseline"] == {
        "date": "2024-04-20",
        "score": 7,
        "before_surgery": True,
        "improvement": 5,
        "percent": 71.4,
    }
    assert all(t["reached"] for t in doc["thresholds"]) and doc["entry_id"] == 2
    entries = read_entries(diary, kind="questionnaire")
    assert [e.payload["timepoint"] for e in entries] == ["before-surgery", "3-months"]
    assert entries[1].payload["scale"] == {"min": 0, "max": 10, "better": "lower"}
    assert (entries[1].procedure, entries[1].surgery_date) == ("endoscopic", SURGERY)


def test_another_operation_is_never_the_baseline(tmp_path: Path) -> None:
    """Scores saved for another surgery date are not compared with this plan's answers."""
    diary = tmp_path / "diary.sqlite3"
    runner = CliRunner()
    other = ("-p", "endoscopic", "-d", "2023-01-10", "--today", "2023-01-01")
    run_cli(runner, "questionnaire", "leg-pain", "--answer", "leg-pain=9", *other, "--diary", str(diary))
    args = ("questionnaire", "leg-pain", "--answer", "leg-pain=2", *PLAN, "--diary", str(diary), "--json")
    code, out, err = run_cli(runner, *args)
    assert code == 0, err
    assert json.loads(out)["baseline"] is None


def test_a_diary_that_cannot_be_written_still_shows_the_score(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """When saving fails (disk full), the score is shown first, then the failure, and the exit code is 1."""
    from spinerecov.store import diary

    def full(path: Path, entry: object) -> int:
        raise diary.DiaryError(f"Cannot write the diary {path}: No space left on device.")

    monkeypatch.setattr(diary, "save_entry", full)
    args = ("questionnaire", "leg-pain", "--answer", "leg-pain=3", *PLAN, "--diary", str(tmp_path / "d.sqlite3"))
    code, out, err = run_cli(CliRunner(), *args)
    assert code == 1
    assert "Score: 3" in out and "Not saved" in out
    assert "No space left" in err and "Traceback" not in err
