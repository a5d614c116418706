"""The plans follow their sources (clinical review 2026-12, P1-01 to P1-18, F20, F22): one test per finding."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from typer.testing import CliRunner

from conftest import PATIENT_FACTORS, ROOT, run_cli
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.models import KnowledgeBase, Procedure
from spinerecov.knowledge.orderings import ordering_problems
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.knowledge.steps import step_on
from spinerecov.plan.personalise import personalise
from spinerecov.plan.schedule import first_day_at_least
from spinerecov.plan.timeline import milestone_day

SEED_003 = "003_029875a5defc2be0.txt"
SEED_004 = "004_2ab9a157ae61ec81.txt"
KB = load_knowledge_base(resolve_kb_path())
KB_TEXT = (ROOT / "data" / "procedures.yaml").read_text(encoding="utf-8")
DISCECTOMIES = ("endoscopic", "tubular", "open-discectomy")
FUSIONS = ("mis-fusion", "open-fusion")
FUSION_ONLY_SOURCES = {"rothman-discharge", "nationwide-childrens-fusion", "eras-debono-2021", "chibumd-lumbar"}
DISCECTOMY_ONLY_SOURCES = {"rcs-england-discectomy", "greenberg-discectomy-guide", "advancedneurosurgery-discectomy"}


def _opens(procedure: Procedure, activity: str, verdict: str = "limited") -> int | None:
    return first_day_at_least(procedure.activities[activity], verdict)  # type: ignore[arg-type]


def _broken_kb_check(runner: CliRunner, tmp_path: Path, old: str, new: str) -> tuple[str, str]:
    """`kb check FILE` on a copy of the built-in YAML with one text edit: (output, the edited text)."""
    assert KB_TEXT.count(old) == 1, old
    text = KB_TEXT.replace(old, new)
    path = tmp_path / "procedures.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli(runner, "kb", "check", str(path))
    assert code == 1, out + err
    return out + err, text


def _line_of(text: str, after: str, key: str) -> int:
    """The 1-based line of the first line equal to `key` after the first line equal to `after`."""
    lines = text.splitlines()
    start = lines.index(after)
    return lines.index(key, start) + 1


# --- P1-01, F22: the general plan is never later than an open operation ------------------------


def test_general_plan_returns_to_desk_and_light_work_no_later_than_open_surgery(kb: KnowledgeBase) -> None:
    """Seeds 001-003: MIS returns people sooner than open surgery; desk and light work never later (P1-01, F22)."""
    general = kb.procedures["miss"]
    for open_id in ("open-discectomy", "open-fusion"):
        other = kb.procedures[open_id]
        for activity in ("work-desk", "work-light"):
            for verdict in ("limited", "yes"):
                assert _opens(general, activity, verdict) <= _opens(other, activity, verdict), (open_id, activity)  # type: ignore[operator]
        assert milestone_day(general, "return-desk-work") <= milestone_day(other, "return-desk-work")
        assert milestone_day(general, "pt-start") <= milestone_day(other, "pt-start")


def test_general_plan_desk_work_uses_seed_001_week_7_as_its_cautious_value(kb: KnowledgeBase) -> None:
    """Seed 001 (weeks 7-12) is the cautious end, HSS/Mok (2-3 weeks) the default; workers' comp moves to week 7."""
    step = next(s for s in kb.procedures["miss"].activities["work-desk"] if s.verdict == "limited")
    assert step.from_day == 21 and step.cautious_from_day == 42
    assert step.range is not None and "001_524cad7f67255918.txt" in step.range.sources
    claim = PatientFactors(workers_comp=True)
    general = personalise(kb, "miss", claim).procedure
    open_fusion = personalise(kb, "open-fusion", claim).procedure
    assert _opens(general, "work-desk") == 42
    assert _opens(general, "work-desk") <= _opens(open_fusion, "work-desk")  # type: ignore[operator]


def test_kb_check_fails_when_the_general_plan_is_later_than_open_surgery(runner: CliRunner, tmp_path: Path) -> None:
    """A general plan opening desk work on day 35 fails `kb check`, located at its work-desk line (P1-01)."""
    tail = "\n          verdict: limited\n          range: {from_day: 14, to_day: 84"
    old = "        - from_day: 21\n          cautious_from_day: 42" + tail
    new = "        - from_day: 35\n          cautious_from_day: 49" + tail
    output, text = _broken_kb_check(runner, tmp_path, old, new)
    line = _line_of(text, "  miss:", "      work-desk:")
    assert f"procedures.miss.activities.work-desk ({tmp_path / 'procedures.yaml'}:{line}):" in output
    assert "more restrictive than the open operation 'open-discectomy' on day 21" in output
    assert "more restrictive than the open operation 'open-fusion' on day 28" in output


# --- P1-02: a discectomy is never slower than a fusion ------------------------------------------


def test_open_discectomy_returns_to_desk_work_no_later_than_mis_fusion(kb: KnowledgeBase) -> None:
    """Carragee (1.2-1.7 weeks), Mayo (2-6 weeks) vs Mok/HSS MIS-TLIF (14 days): open discectomy no later (P1-02)."""
    for disc in DISCECTOMIES:
        for fusion in FUSIONS:
            for activity in ("work-desk", "work-light", "drive", "housework", "lift", "bend-twist"):
                assert _opens(kb.procedures[disc], activity) <= _opens(kb.procedures[fusion], activity), (  # type: ignore[operator]
                    disc,
                    fusion,
                    activity,
                )
            assert milestone_day(kb.procedures[disc], "return-desk-work") <= milestone_day(
                kb.procedures[fusion], "return-desk-work"
            )


def test_physical_therapy_after_a_fusion_is_in_hospital_first_then_outpatient(kb: KnowledgeBase) -> None:
    """Seed 003, ERAS: up in hospital on day 0-1; outpatient therapy (4-8 weeks) after a discectomy's (P1-02)."""
    for fusion in FUSIONS:
        plan = kb.procedures[fusion]
        assert milestone_day(plan, "mobilise-in-hospital") <= 1
        outpatient = next(m for m in plan.milestones if m.id == "pt-start")
        assert outpatient.name.startswith("Outpatient") and "thespinaldoctor-fusion" in outpatient.sources
        for disc in DISCECTOMIES:
            assert milestone_day(kb.procedures[disc], "pt-start") <= milestone_day(plan, "pt-start")


def test_where_the_approach_decides_the_discectomy_says_sources_differ(kb: KnowledgeBase) -> None:
    """Open discectomy stays longer and walks unaided later than an MIS fusion: both say sources differ (P1-02)."""
    disc, fusion = kb.procedures["open-discectomy"], kb.procedures["mis-fusion"]
    discharge = next(m for m in disc.milestones if m.id == "discharge")
    assert milestone_day(disc, "discharge") > milestone_day(fusion, "discharge")
    assert discharge.sources_differ is not None and "eckman-2014" in discharge.sources_differ.sources
    first_walk = step_on(disc.activities["walk"], 0)
    assert first_walk.verdict == "limited" and first_walk.sources_differ is not None
    assert "greenberg-discectomy-guide" in first_walk.sources_differ.sources


def test_kb_check_fails_when_a_discectomy_is_slower_than_a_fusion_of_another_approach(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Open-discectomy desk work on day 28, after MIS fusion's day 21, fails `kb check`, located (P1-02)."""
    tail = "\n          cautious_from_day: 42\n          verdict: limited\n"
    tail += "          range: {from_day: 7, to_day: 42, sources: [carragee"
    old = "        - from_day: 21" + tail
    new = "        - from_day: 28" + tail
    output, text = _broken_kb_check(runner, tmp_path, old, new)
    line = _line_of(text, "  open-discectomy:", "      work-desk:")
    assert f"procedures.open-discectomy.activities.work-desk ({tmp_path / 'procedures.yaml'}:{line}):" in output
    assert (
        "more restrictive than the fusion 'mis-fusion' on day 21: a discectomy is never slower than a fusion" in output
    )


def test_kb_check_fails_when_a_slower_discectomy_stay_hides_that_sources_differ(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Without its sources-differ note, the open-discectomy stay (later than MIS fusion's) fails `kb check` (P1-02)."""
    old = (
        "        sources_differ:\n          text: Stays differ between hospitals; some centres send most people home"
        " on the day of a minimally invasive fusion.\n          sources: [eckman-2014]\n"
    )
    output, text = _broken_kb_check(runner, tmp_path, old, "")
    line = _line_of(text, "  open-discectomy:", "      - id: discharge")
    assert f"procedures.open-discectomy.milestones[0] ({tmp_path / 'procedures.yaml'}:{line}):" in output
    assert (
        "later than the fusion 'mis-fusion' on day 2; where the sources disagree, it needs a 'sources_differ'" in output
    )


# --- P1-04: factors move fusion limits to the cautious end of their range, never beyond -----------


@pytest.mark.parametrize(
    "factors", [PatientFactors(smoker=True), PatientFactors(levels=2), PatientFactors(health="poor")]
)
@pytest.mark.parametrize("fusion", FUSIONS)
def test_a_slow_fusion_lifts_more_than_4_5_kg_from_six_months(
    kb: KnowledgeBase, fusion: str, factors: PatientFactors
) -> None:
    """Total Spine (4.5 kg while recovering; bones heal in 3-4 months), Chi Bu (3-6 months): 4.5 kg ends by day 182."""
    plan = personalise(kb, fusion, factors).procedure
    lift = plan.activities["lift"]
    assert step_on(lift, 181).limit is not None and step_on(lift, 181).limit.max_kg == 4.5  # type: ignore[union-attr]
    graded = step_on(lift, 182)
    assert graded.verdict == "limited" and graded.limit is not None and (graded.limit.max_kg or 0) > 4.5
    assert "surgeon" in (graded.limit.text or "")
    assert _opens(plan, "lift", "yes") == 364
    for activity in ("bend-twist", "housework"):
        assert step_on(plan.activities[activity], 182) != step_on(plan.activities[activity], 181), activity
    assert _opens(plan, "work-light", "yes") == 182


@settings(max_examples=60, deadline=None)
@given(factors=PATIENT_FACTORS)
def test_no_factor_keeps_a_fusion_lifting_cap_of_4_5_kg_past_six_months(factors: PatientFactors) -> None:
    """For every factor set, no fusion plan keeps the 4.5 kg cap or light work limited past day 182 (P1-04)."""
    for procedure in ("miss", *FUSIONS):
        plan = personalise(KB, procedure, factors).procedure
        step = step_on(plan.activities["lift"], 182)
        assert step.verdict == "yes" or (step.limit is not None and (step.limit.max_kg or 0) > 4.5), procedure
        assert step_on(plan.activities["work-light"], 182).verdict == "yes", procedure


# --- P1-05 to P1-18, F20 --------------------------------------------------------------------------


def test_two_fused_levels_do_not_lengthen_the_stay_three_do(kb: KnowledgeBase) -> None:
    """Kobayashi 2019: a longer stay with three or more levels (OR 5.17), not two (P1-05)."""
    for fusion in FUSIONS:
        base = milestone_day(kb.procedures[fusion], "discharge")
        assert milestone_day(personalise(kb, fusion, PatientFactors(levels=2)).procedure, "discharge") == base
        assert milestone_day(personalise(kb, fusion, PatientFactors(levels=3)).procedure, "discharge") > base


def test_covered_showers_start_on_day_3(kb: KnowledgeBase) -> None:
    """Chi Bu MD, the only cited source, says shower on day 3 (P1-06)."""
    for pid, procedure in kb.procedures.items():
        steps = procedure.activities["shower"]
        assert _opens(procedure, "shower") == 3, pid
        assert "chibumd-lumbar" in step_on(steps, 3).sources


def test_open_fusion_never_cites_the_mis_fusion_seed_for_its_course(kb: KnowledgeBase) -> None:
    """Seed 003 is about MIS fusion: the open-fusion phases, milestones and early steps cite other sources (P1-07)."""
    plan = kb.procedures["open-fusion"]
    assert all(SEED_003 not in phase.sources for phase in plan.phases)
    assert all(SEED_003 not in m.sources for m in plan.milestones)
    assert all(SEED_003 not in step.sources for steps in plan.activities.values() for step in steps)
    assert "Healthwise" not in plan.phases[1].expect and "4 to 6 weeks" in plan.phases[1].expect


def test_facts_cite_sources_of_their_own_family(kb: KnowledgeBase) -> None:
    """Sitting, walking, swimming and showering cite sources of the same family of operation (P1-08)."""
    for disc in DISCECTOMIES:
        for activity in ("sit", "walk", "swim", "shower"):
            for step in kb.procedures[disc].activities[activity]:
                cited = set(step.sources) | set(step.sources_differ.sources if step.sources_differ else [])
                assert not (FUSION_ONLY_SOURCES - {"chibumd-lumbar"}) & cited, (disc, activity)
                assert disc == "endoscopic" or SEED_004 not in cited, (disc, activity)
    for fusion in FUSIONS:
        for step in kb.procedures[fusion].activities["sit"]:
            assert not DISCECTOMY_ONLY_SOURCES & set(step.sources), fusion
        assert all(SEED_004 not in s.sources for steps in kb.procedures[fusion].activities.values() for s in steps)


def test_hardware_and_returning_leg_pain_lines_are_general_guidance(kb: KnowledgeBase) -> None:
    """Neither Spine-health nor Ruetten/Bono states these when-to-call rules: they are general guidance (P1-09)."""
    flags = {f.id: f for p in kb.procedures.values() for f in p.red_flags}
    assert "general-guidance" in flags["hardware-problem"].sources
    assert "spine-health-fusion" not in flags["hardware-problem"].sources
    assert "general-guidance" in flags["leg-pain-returns"].sources


def test_mis_fusion_stay_says_sources_differ(kb: KnowledgeBase) -> None:
    """Adogwa 2011 (median 3 days) and Executive Spine (2-3 days) differ from Eckman's same-day figure (P1-10)."""
    discharge = next(m for m in kb.procedures["mis-fusion"].milestones if m.id == "discharge")
    assert discharge.sources_differ is not None
    assert {"adogwa-2011", "executive-spine-fusion"} <= set(discharge.sources_differ.sources)


def test_red_flags_say_do_not_wait_and_call_emergency_services_for_chest_pain(runner: CliRunner) -> None:
    """Seed 000 "don't wait for your next visit" (P1-11); clinical notes: chest pain, call emergency services."""
    code, out, err = run_cli(runner, "red-flags", "--json")
    assert code == 0, err
    assert "don't wait for your next appointment" in out
    assert "Chest pain or shortness of breath (a blood clot may have reached the lungs). Call emergency services" in out
    assert "do not drive yourself" in out


def test_desk_work_never_allows_longer_sitting_than_the_sitting_limit(kb: KnowledgeBase) -> None:
    """Desk limits defer to the sitting limit of the same week instead of naming more minutes (P1-13)."""
    for pid, procedure in kb.procedures.items():
        for step in procedure.activities["work-desk"]:
            if step.limit is not None:
                assert "within your sitting limit" in (step.limit.text or ""), pid
                assert "30-45 minutes" not in (step.limit.text or ""), pid


def test_time_off_work_gives_a_reason_true_in_every_week_it_is_shown(kb: KnowledgeBase) -> None:
    """The 'not yet' desk reason no longer cites strong pain medicine most people stopped by week 2 (P1-14)."""
    for pid, procedure in kb.procedures.items():
        first = procedure.activities["work-desk"][0]
        assert "strong pain medicine" not in (first.note or ""), pid


def test_plain_words_for_medical_terms(runner: CliRunner) -> None:
    """No unexplained 'reherniation' or 'log-rolling'; conditions named in plain words first (P1-15)."""
    for pid in ("endoscopic", "mis-fusion", "open-fusion"):
        code, out, err = run_cli(runner, "timeline", "-p", pid, "-d", "2024-05-01", "--activities", "--explain")
        assert code == 0, err
        assert "reherniation" not in out.lower() and "log-rolling" not in out.lower(), pid
    code, out, err = run_cli(runner, "procedures", "--json")
    assert code == 0, err
    assert "a slipped vertebra (spondylolisthesis)" in out and "narrowing of the spinal canal" in out


def test_smoking_advice_after_a_discectomy_never_mentions_fusion(kb: KnowledgeBase) -> None:
    """A discectomy smoker reads the reherniation risk (OR 1.99), not fusion healing (P1-16)."""
    for disc in DISCECTOMIES:
        adjustments = personalise(kb, disc, PatientFactors(smoker=True)).adjustments
        assert adjustments and all("fusion" not in a.text for a in adjustments), disc
        assert all(SEED_004 not in a.sources for a in adjustments), disc
    fusion = personalise(kb, "mis-fusion", PatientFactors(smoker=True)).adjustments
    assert any(a.rule_id == "smoking-advice" and "fusion" in a.text for a in fusion)


def test_endoscopic_calendar_has_no_stem_cell_mri_event(runner: CliRunner) -> None:
    """Seed 004's yearly MRI is only after a stem-cell implant: in the text, never a calendar event (P1-17)."""
    code, out, err = run_cli(
        runner, "export", "-p", "endoscopic", "-d", "2024-05-01", "--format", "ics", "--output", "-"
    )
    assert code == 0, err
    summaries = [line for line in out.splitlines() if line.startswith("SUMMARY")]
    assert summaries and not any("MRI" in line for line in summaries)
    assert "a yearly MRI" in out.replace("\r\n ", "")


@pytest.mark.parametrize("procedure", ["miss", *DISCECTOMIES])
def test_levels_say_when_they_change_nothing(kb: KnowledgeBase, procedure: str) -> None:
    """--levels with a discectomy or the general plan says why the plan does not change (P1-18)."""
    plan = personalise(kb, procedure, PatientFactors(levels=3))
    assert plan.procedure == kb.procedures[procedure]
    assert [a.effect for a in plan.adjustments] == ["guidance"]
    assert "only after a fusion" in plan.adjustments[0].text


def test_endoscopic_full_recovery_says_sources_differ(kb: KnowledgeBase) -> None:
    """Seed 004 (no intense effort before month 3) vs Spine-health (3-4 months) and OJMN (4.6 months): shown (F20)."""
    full = next(m for m in kb.procedures["endoscopic"].milestones if m.id == "full-recovery")
    assert milestone_day(kb.procedures["endoscopic"], "full-recovery") == 84
    assert full.sources_differ is not None
    assert {"spine-health-microdiscectomy", "ojmn-2025-endoscopic-sport"} <= set(full.sources_differ.sources)


@settings(max_examples=80, deadline=None)
@given(factors=PATIENT_FACTORS)
def test_the_orderings_hold_for_every_patient(factors: PatientFactors) -> None:
    """Under any factors: the general plan never slower than open surgery, a discectomy than a fusion (P1-01/02)."""
    plans = {pid: personalise(KB, pid, factors).procedure for pid in KB.procedures}
    assert ordering_problems(plans) == []
