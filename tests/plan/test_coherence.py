"""A plan never contradicts itself: work opens after the limits it needs end; work the patient does not do is hidden."""

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import PATIENT_FACTORS, run_cli
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.knowledge.steps import step_on
from spinerecov.plan.coherence import OPENS_AFTER_RULE
from spinerecov.plan.personalise import personalise
from spinerecov.plan.schedule import first_day_at_least, schedule
from spinerecov.plan.timeline import build_timeline

KB = load_knowledge_base(resolve_kb_path())
PROCEDURES = sorted(KB.procedures)


@given(procedure=st.sampled_from(PROCEDURES), factors=PATIENT_FACTORS)
def test_manual_work_never_opens_while_lifting_is_limited(procedure: str, factors: PatientFactors) -> None:
    """For any plan and patient, no activity opens before every activity it needs has no limit."""
    plan = personalise(KB, procedure, factors).procedure
    for ident, activity in KB.activities.items():
        opening = first_day_at_least(schedule(plan, ident), "limited")
        for need in activity.opens_after:
            free = first_day_at_least(schedule(plan, need), "yes")
            assert opening is None or free is None or opening >= free, (ident, need, opening, free)


@given(procedure=st.sampled_from(PROCEDURES), factors=PATIENT_FACTORS)
def test_a_milestone_is_never_earlier_than_without_factors(procedure: str, factors: PatientFactors) -> None:
    """Making the plan agree with itself only ever moves dates later, never earlier."""
    baseline = build_timeline(
        KB, personalise(KB, procedure, PatientFactors()), PatientFactors(), dt.date(2024, 5, 1), dt.date(2024, 5, 1)
    )
    mine = build_timeline(KB, personalise(KB, procedure, factors), factors, dt.date(2024, 5, 1), dt.date(2024, 5, 1))
    days = {m.id: m.day for m in baseline.milestones}
    for milestone in mine.milestones:
        if milestone.id in days:
            assert milestone.day >= days[milestone.id], milestone.id


def test_a_smoker_s_manual_work_waits_for_lifting_with_the_reason(runner: CliRunner) -> None:
    """MIS fusion, smoker, manual job: manual work opens the day lifting has no limit, and the answer says why."""
    plan = personalise(KB, "mis-fusion", PatientFactors(smoker=True, job="manual"))
    lift_free = first_day_at_least(schedule(plan.procedure, "lift"), "yes")
    assert first_day_at_least(schedule(plan.procedure, "work-manual"), "limited") == lift_free
    reason = next(a for a in plan.adjustments if a.rule_id == OPENS_AFTER_RULE)
    assert reason.factors == ("smoker",) and reason.to_day == lift_free
    args = ("can-i", "work-manual", "-p", "mis-fusion", "-d", "2026-11-01", "--smoker", "--job", "manual")
    code, out, _ = run_cli(runner, *args, "--on", "2027-05-10")
    assert code == 0, out
    flat = " ".join(out.split())
    assert flat.split("?", 1)[1].lstrip().startswith("Not yet.")
    assert "waits until lifting has no limit" in flat


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_every_default_plan_opens_manual_work_once_lifting_is_free(procedure: str) -> None:
    """Without factors too, 'Back to manual work' never comes before the day lifting has no limit."""
    timeline = build_timeline(
        KB, personalise(KB, procedure, PatientFactors()), PatientFactors(), dt.date(2024, 5, 1), dt.date(2024, 5, 1)
    )
    manual = next(m for m in timeline.milestones if m.id == "return-manual-work")
    lift = next(a for a in timeline.activities if a.id == "lift")
    assert lift.first_yes_day is not None and manual.day >= lift.first_yes_day


def test_a_desk_worker_has_no_manual_work_milestone(runner: CliRunner) -> None:
    """--job desk: status, timeline, calendar and markdown leave out 'Back to manual work'; no job keeps it."""
    plan = ("-p", "endoscopic", "-d", "2026-11-26", "--today", "2027-02-01")
    for command in (("status",), ("timeline",), ("export", "--format", "ics", "--output", "-"),
                    ("export", "--format", "markdown", "--output", "-")):  # fmt: skip
        code, out, _ = run_cli(runner, *command, *plan, "--job", "desk")
        assert code == 0, out
        assert "Back to manual work" not in out, command
        code, out, _ = run_cli(runner, *command, *plan)
        assert "Back to manual work" in out, command


@pytest.mark.parametrize(("job", "shown"), [("desk", {"return-desk-work"}), ("light", {"return-desk-work"}),
                                            ("manual", {"return-desk-work", "return-manual-work"}),
                                            ("heavy", {"return-desk-work", "return-manual-work"})])  # fmt: skip
def test_work_milestones_follow_the_job(job: str, shown: set[str]) -> None:
    """A job keeps the milestones of its own work and of lighter work (a graded return), never of heavier work."""
    plan = personalise(KB, "tubular", PatientFactors(job=job))
    ids = {m.id for m in plan.procedure.milestones}
    assert ids & {"return-desk-work", "return-manual-work"} == shown


def test_compare_leaves_out_milestones_no_plan_has(runner: CliRunner) -> None:
    """A comparison with --job desk has no 'Back to manual work' row (it would read 'ask surgeon')."""
    code, out, _ = run_cli(runner, "compare", "endoscopic", "tubular", "--job", "desk", "--json")
    assert code == 0, out
    assert "return-manual-work" not in out
    code, out, _ = run_cli(runner, "compare", "endoscopic", "tubular", "--json")
    assert "return-manual-work" in out


@pytest.mark.parametrize(("today", "after"), [("2026-10-06", False), ("2026-11-01", True), ("2026-12-06", True)])
def test_smoking_advice_is_said_for_the_patient_s_time(today: str, after: bool) -> None:
    """Before surgery: stop 4 weeks before; from the surgery day on: stop now (never 'before surgery' after it)."""
    factors = PatientFactors(smoker=True)
    surgery, on = dt.date(2026, 11, 1), dt.date.fromisoformat(today)
    timeline = build_timeline(KB, personalise(KB, "mis-fusion", factors), factors, surgery, on)
    advice = next(a for a in timeline.adjustments if a.rule_id == "smoking-advice")
    assert advice.text.startswith("Stop smoking now") is after
    assert ("before surgery" in advice.text) is not after
    assert ("eras-debono-2021" in advice.sources) is not after


def test_spanish_smoking_advice_after_surgery(runner: CliRunner) -> None:
    """The after-surgery wording has its Spanish: five weeks after surgery, 'Deje de fumar ya'."""
    args = ("timeline", "-p", "mis-fusion", "-d", "2026-11-01", "--today", "2026-12-06", "--smoker", "--explain")
    code, out, _ = run_cli(runner, *args, "--lang", "es")
    assert code == 0, out
    flat = " ".join(out.split())
    assert "Deje de fumar ya" in flat and "semanas antes de la cirugía" not in flat


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_desk_work_never_allows_longer_sitting_than_the_sitting_limit(procedure: str) -> None:
    """On any day desk work is limited, its text names no sitting time longer than that day's sitting limit."""
    plan = personalise(KB, procedure, PatientFactors()).procedure
    for day in range(0, 200):
        desk, sit = step_on(schedule(plan, "work-desk"), day), step_on(schedule(plan, "sit"), day)
        if desk.verdict != "limited" or sit.limit is None or sit.limit.max_minutes is None:
            continue
        text = (desk.limit.text if desk.limit else "") or ""
        minutes = [int(n) for n in re.findall(r"(\d+)(?:-\d+)? minutes", text)]
        minutes += [int(n) for n in re.findall(r"\d+-(\d+) minutes", text)]
        assert all(m <= sit.limit.max_minutes for m in minutes), (procedure, day, text)


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_no_reason_outlives_the_plan_s_own_milestone(procedure: str) -> None:
    """A 'not yet' never gives strong pain medicine as its reason after the plan says most people have stopped it."""
    timeline = build_timeline(
        KB, personalise(KB, procedure, PatientFactors()), PatientFactors(), dt.date(2024, 5, 1), dt.date(2024, 5, 1)
    )
    stopped = next(m.day for m in timeline.milestones if m.id == "stop-strong-pain-medicine")
    for outlook in timeline.activities:
        steps = list(outlook.steps)
        for index, step in enumerate(steps):
            ends = steps[index + 1].from_day if index + 1 < len(steps) else 10_000
            if ends > stopped and step.note and "strong pain medicine" in step.note:
                pytest.fail(f"{procedure} {outlook.id} from day {step.from_day}: {step.note}")
