"""Clinical fidelity: the plans say what their sources say, keep the sources' order, and show their ranges."""

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import dump_yaml, raw_knowledge_base, run_cli
from spinerecov.knowledge.fidelity import GENERAL_ONLY_TARGET, fidelity_findings, general_only_facts
from spinerecov.knowledge.loader import validate_knowledge_base
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.knowledge.steps import step_on
from spinerecov.plan.personalise import personalise
from spinerecov.plan.schedule import first_day_at_least
from spinerecov.plan.timeline import milestone_day

SEED_000 = "000_379f30ac8df464cf.txt"
SEED_001 = "001_524cad7f67255918.txt"
SEED_002 = "002_5c496783509ed38a.txt"
SEED_003 = "003_029875a5defc2be0.txt"
SEED_004 = "004_2ab9a157ae61ec81.txt"
RAW = raw_knowledge_base()
MIS = ("endoscopic", "tubular", "mis-fusion")


def _day(kb: KnowledgeBase, procedure: str, milestone: str) -> int:
    return milestone_day(kb.procedures[procedure], milestone)


def _opens(kb: KnowledgeBase, procedure: str, activity: str, verdict: str = "limited") -> int | None:
    return first_day_at_least(kb.procedures[procedure].activities[activity], verdict)  # type: ignore[arg-type]


def _verdict(kb: KnowledgeBase, procedure: str, activity: str, day: int) -> str:
    return step_on(kb.procedures[procedure].activities[activity], day).verdict


# --- the invariants, on the built-in knowledge base ---------------------------------


def test_builtin_knowledge_base_keeps_every_fidelity_rule(kb: KnowledgeBase) -> None:
    """Ranges hold every default and cautious day; MIS, family and general-plan order hold; factors move together."""
    assert fidelity_findings(kb) == []


def test_kb_check_passes_on_the_builtin_knowledge_base(runner: CliRunner) -> None:
    """`kb check` reports no errors on the built-in knowledge base (exit 0)."""
    code, out, err = run_cli(runner, "kb", "check")
    assert code == 0, err
    assert out.startswith("Valid: ")


def test_general_guidance_is_the_exception(kb: KnowledgeBase) -> None:
    """At most 15 distinct facts cite only general-guidance (flying and sex have no named source)."""
    facts = general_only_facts(kb)
    assert GENERAL_ONLY_TARGET == 15
    assert 0 < len(facts) <= GENERAL_ONLY_TARGET
    assert all(any(part in ("fly", "sex") for part in path) for path in facts)


def test_every_dated_fact_has_a_sourced_range(kb: KnowledgeBase) -> None:
    """Every milestone with a day, every step after day 0 and every phase after the first carries a range."""
    for procedure in kb.procedures.values():
        assert all(m.range is not None for m in procedure.milestones if m.day is not None)
        assert all(p.range is not None for p in procedure.phases[1:])
        for steps in procedure.activities.values():
            assert all(s.range is not None and s.range.sources for s in steps if s.from_day > 0)


# --- each invariant can fail ---------------------------------------------------------


def _broken(change: Callable[[dict[str, Any]], None]) -> list[str]:
    data = copy.deepcopy(RAW)
    change(data)
    kb = validate_knowledge_base(data, lambda path: "here", "test")
    return [finding.message for finding in fidelity_findings(kb)]


def _general_only_red_flags(data: dict[str, Any]) -> None:
    """Make every general red flag cite only general-guidance (each is a distinct fact)."""
    for flag in data["red_flags"]:
        flag["sources"] = ["general-guidance"]


def test_too_many_general_guidance_only_facts_are_an_error() -> None:
    """More distinct general-guidance-only facts than GENERAL_ONLY_TARGET is a fidelity error (not only warnings)."""
    data = copy.deepcopy(RAW)
    _general_only_red_flags(data)
    kb = validate_knowledge_base(data, lambda path: "here", "test")
    count = len(general_only_facts(kb))
    assert count > GENERAL_ONLY_TARGET
    expected = f"{count} distinct facts cite only general-guidance; at most {GENERAL_ONLY_TARGET} may"
    assert [f.path for f in fidelity_findings(kb) if f.message.startswith(expected)] == [
        ("sources", "general-guidance")
    ]


def test_kb_check_fails_over_the_general_guidance_target(runner: CliRunner, tmp_path: Path) -> None:
    """`kb check` exits 1 and points at the general-guidance source when too many facts cite only it."""
    data = copy.deepcopy(RAW)
    _general_only_red_flags(data)
    path = tmp_path / "procedures.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    code, out, err = run_cli(runner, "kb", "check", str(path))
    assert code == 1, out
    assert "clinical-fidelity problem" in err
    line = next(line for line in err.splitlines() if "cite only general-guidance; at most" in line)
    assert line.startswith(f"  sources.general-guidance ({path}:")
    assert f"at most {GENERAL_ONLY_TARGET} may" in line


def _step(data: dict[str, Any], procedure: str, activity: str, index: int) -> dict[str, Any]:
    step: dict[str, Any] = data["procedures"][procedure]["activities"][activity][index]
    return step


def test_a_day_outside_its_range_is_an_error() -> None:
    """Desk work after endoscopic surgery on day 30 is outside its sourced 2-14 days."""

    def change(data: dict[str, Any]) -> None:
        step = _step(data, "endoscopic", "work-desk", 1)
        step["from_day"], step["cautious_from_day"] = 15, 16

    assert any("outside its sourced range 2-14" in m for m in _broken(change))


def test_a_missing_range_and_a_day_before_the_typical_one_are_errors() -> None:
    """A step without a range, and a default earlier than the typical figure, are both errors."""

    def change(data: dict[str, Any]) -> None:
        del _step(data, "tubular", "sit", 1)["range"]
        _step(data, "endoscopic", "work-desk", 1)["from_day"] = 3

    messages = _broken(change)
    assert any("needs a sourced range" in m for m in messages)
    assert any("earlier than the typical day 6" in m for m in messages)


def test_minimally_invasive_slower_than_open_is_an_error() -> None:
    """A tubular lifting limit below the open operation's on any day is an error."""

    def change(data: dict[str, Any]) -> None:
        _step(data, "tubular", "lift", 1)["limit"]["max_kg"] = 5.0

    assert any("more restrictive than its open counterpart 'open-discectomy' on day 42" in m for m in _broken(change))


def test_minimally_invasive_must_be_strictly_earlier_for_stay_walk_desk_and_drive() -> None:
    """MIS fusion driving on the same day as open fusion breaks 'strictly earlier'."""

    def change(data: dict[str, Any]) -> None:
        step = _step(data, "mis-fusion", "drive", 1)
        step["from_day"], step["range"]["to_day"] = 28, 28

    assert any("activity drive: day 28 must be earlier than open 'open-fusion'" in m for m in _broken(change))


def test_discectomy_slower_than_fusion_is_an_error() -> None:
    """Sex after an endoscopic discectomy later than after an MIS fusion is an error."""

    def change(data: dict[str, Any]) -> None:
        data["procedures"]["endoscopic"]["activities"]["sex"] = data["procedures"]["mis-fusion"]["activities"]["sex"]
        data["procedures"]["mis-fusion"]["activities"]["sex"] = copy.deepcopy(
            data["procedures"]["mis-fusion"]["activities"]["sex"]
        )
        data["procedures"]["mis-fusion"]["activities"]["sex"][1]["from_day"] = 14

    assert any("more restrictive than a fusion of the same approach 'mis-fusion'" in m for m in _broken(change))


def test_general_plan_looser_than_a_fusion_is_an_error() -> None:
    """The general plan with discectomy sport dates could follow a fusion: an error."""

    def change(data: dict[str, Any]) -> None:
        data["procedures"]["miss"]["activities"]["sport"] = data["procedures"]["tubular"]["activities"]["sport"]

    assert any("less cautious than 'mis-fusion'" in m for m in _broken(change))


def test_a_delayed_phase_must_take_its_waiting_activities_along() -> None:
    """If poor health moves the end of rehabilitation, running must move too (F24)."""

    def change(data: dict[str, Any]) -> None:
        rule = next(r for r in data["factor_rules"] if r["id"] == "health-poor")
        rule["targets"].remove("activity:run")

    assert any("'run' still opens fully on day 84" in m for m in _broken(change))


# --- what the seeds say, one test per statement -----------------------------------------


def test_seed_004_endoscopic_home_the_same_day(kb: KnowledgeBase) -> None:
    """Seed 004: discharged on the day of the operation."""
    assert _day(kb, "endoscopic", "discharge") == 0
    assert SEED_004 in kb.procedures["endoscopic"].hospital_stay.sources


def test_seed_004_walking_immediately_without_crutches(kb: KnowledgeBase) -> None:
    """Seed 004: support and walking begin immediately, no crutches or wheelchair."""
    walk = kb.procedures["endoscopic"].activities["walk"][0]
    assert walk.from_day == 0 and walk.verdict == "yes"
    assert walk.note and "crutches" in walk.note and SEED_004 in walk.sources


def test_seed_004_daily_activity_in_the_first_week(kb: KnowledgeBase) -> None:
    """Seed 004: daily activity is recovered during the first week; nothing daily stays 'not yet' past it."""
    for activity in ("sit", "bend-twist", "housework", "exercise-light", "lift", "walk"):
        assert _verdict(kb, "endoscopic", activity, 0) != "not-yet", activity
    assert _opens(kb, "endoscopic", "work-desk") == 7
    assert _opens(kb, "endoscopic", "sit", "yes") is not None
    phase = kb.procedures["endoscopic"].phases[0]
    assert phase.name == "Back to daily activity" and phase.end == 6


def test_seed_004_sport_after_the_sixth_week(kb: KnowledgeBase) -> None:
    """Seed 004: sport is resumed after the sixth week."""
    assert _opens(kb, "endoscopic", "sport") == 42
    assert _verdict(kb, "endoscopic", "sport", 41) == "not-yet"


def test_seed_004_no_intense_effort_before_the_third_month(kb: KnowledgeBase) -> None:
    """Seed 004: no intense effort before the third month (unrestricted sport, running, lifting wait)."""
    for activity in ("sport", "run", "lift"):
        assert _opens(kb, "endoscopic", activity, "yes") == 84, activity
    assert _opens(kb, "endoscopic", "work-manual", "yes") is None


def test_seed_004_wound_clean_and_dry_until_the_first_check_up(kb: KnowledgeBase) -> None:
    """Seed 004: the wound stays clean and dry until the first check-up, where the stitch comes out."""
    check_up = _day(kb, "endoscopic", "wound-check")
    assert _opens(kb, "endoscopic", "shower", "yes") >= check_up  # type: ignore[operator]
    assert _opens(kb, "endoscopic", "bathe") > check_up  # type: ignore[operator]
    milestone = next(m for m in kb.procedures["endoscopic"].milestones if m.id == "wound-check")
    assert "stitch" in milestone.description and SEED_004 in milestone.sources


def test_seed_004_check_ups_within_15_days_and_at_a_month(kb: KnowledgeBase) -> None:
    """Seed 004: one check-up in the first 15 days and one a month later; no invented second visit (F29)."""
    visits = [m for m in kb.procedures["endoscopic"].milestones if m.kind == "visit" and m.day is not None]
    early = [m for m in visits if m.day <= 15]  # type: ignore[operator]
    assert [m.id for m in early] == ["wound-check"]
    month = next(m for m in visits if m.id == "follow-up-1-month")
    assert month.day is not None and 28 <= month.day <= 31


def test_seed_004_seven_to_ten_hours_is_read_as_days(runner: CliRunner, kb: KnowledgeBase) -> None:
    """Seed 004's '7-10 hours' is read as days, a note kb sources shows; the check-up range says so."""
    note = kb.sources[SEED_004].note
    assert note is not None and "7-10 days" in note
    milestone = next(m for m in kb.procedures["endoscopic"].milestones if m.id == "wound-check")
    assert milestone.range is not None and (milestone.range.from_day, milestone.range.to_day) == (7, 15)
    code, out, _ = run_cli(runner, "kb", "sources")
    assert code == 0 and "Note: The text puts the first check-up" in out


def test_seed_004_yearly_mri_after_a_stem_cell_implant(kb: KnowledgeBase) -> None:
    """Seed 004: with a stem-cell implant, reviews are yearly MRIs: said in the text, never a dated visit (P1-17)."""
    maintenance = next(p for p in kb.procedures["endoscopic"].phases if p.id == "maintenance")
    assert "If stem cells were implanted in your disc, a yearly MRI" in maintenance.expect
    assert SEED_004 in maintenance.sources
    assert all("MRI" not in m.name for m in kb.procedures["endoscopic"].milestones)


def test_seed_003_one_or_two_days_in_hospital_sometimes_the_same_day(kb: KnowledgeBase) -> None:
    """Seed 003: MIS fusion stay often a day or two, many the same day."""
    discharge = next(m for m in kb.procedures["mis-fusion"].milestones if m.id == "discharge")
    assert discharge.day in (1, 2) and discharge.range is not None and discharge.range.from_day == 0


def test_seed_003_physical_therapy_starts_soon(kb: KnowledgeBase) -> None:
    """Seed 003: physical therapy usually begins quickly after MIS fusion, in hospital (P1-02)."""
    assert _day(kb, "mis-fusion", "mobilise-in-hospital") <= 1
    mobilise = next(m for m in kb.procedures["mis-fusion"].milestones if m.id == "mobilise-in-hospital")
    assert SEED_003 in mobilise.sources and "in hospital" in mobilise.name


def test_seed_003_light_activities_within_a_few_weeks(kb: KnowledgeBase) -> None:
    """Seed 003: light activities within a few weeks (housework and desk work open by week 4)."""
    assert _opens(kb, "mis-fusion", "housework") <= 28  # type: ignore[operator]
    assert _opens(kb, "mis-fusion", "work-desk") <= 28  # type: ignore[operator]


def test_seed_003_full_recovery_over_several_months(kb: KnowledgeBase) -> None:
    """Seed 003: full recovery may take several months."""
    assert _day(kb, "mis-fusion", "full-recovery") >= 91


def test_seed_003_sooner_than_open_surgery(kb: KnowledgeBase) -> None:
    """Seed 003: MIS fusion returns people to daily activities much sooner than open fusion."""
    assert _day(kb, "mis-fusion", "discharge") < _day(kb, "open-fusion", "discharge")
    for activity in ("work-desk", "drive", "housework"):
        assert _opens(kb, "mis-fusion", activity) < _opens(kb, "open-fusion", activity), activity  # type: ignore[operator]


def test_seed_001_weeks_1_and_2_no_heavy_lifting_or_strenuous_activity(kb: KnowledgeBase) -> None:
    """Seed 001: weeks 1-2, moving is encouraged, heavy lifting and strenuous activity are off the table."""
    for day in range(14):
        assert _verdict(kb, "miss", "walk", day) == "yes"
        assert _verdict(kb, "miss", "lift", day) == "limited"
        assert _verdict(kb, "miss", "sport", day) == "not-yet"
        assert _verdict(kb, "miss", "run", day) == "not-yet"


def test_seed_001_weeks_3_to_6_gradual_return(kb: KnowledgeBase) -> None:
    """Seed 001: weeks 3-6 are the gradual return; weeks 7-12 rehabilitation; beyond 12 maintenance."""
    phases = {p.id: (p.start, p.end) for p in kb.procedures["miss"].phases}
    assert phases["gradual-return"] == (14, 41)
    assert phases["rehabilitation"] == (42, 83)
    assert phases["maintenance"][0] == 84


def test_seed_001_weeks_7_to_12_work_if_not_physical_but_no_heavy_lifting_running_or_sport(kb: KnowledgeBase) -> None:
    """Seed 001: weeks 7-12 many return to non-physical work; heavy lifting, running, high-impact sport wait."""
    assert _verdict(kb, "miss", "work-desk", 42) in ("limited", "yes")
    for day in range(42, 84):
        for activity in ("lift", "run", "sport"):
            assert _verdict(kb, "miss", activity, day) != "yes", (activity, day)
        assert _verdict(kb, "miss", "work-manual", day) == "not-yet"


def test_seed_000_triage_wording(kb: KnowledgeBase) -> None:
    """Seed 000: severe pain, bleeding, fever, medicine side effects, not feeling right: call now, else ED."""
    from spinerecov.output.wording import ACTION_WORDS

    for flag_id in ("uncontrolled-pain", "wound-bleeding", "fever", "medication-side-effects", "not-feeling-right"):
        flag = next(f for f in kb.red_flags if f.id == flag_id)
        assert flag.action == "call-surgeon" and SEED_000 in flag.sources, flag_id
    assert ACTION_WORDS["call-surgeon"] == (
        "Call your surgeon now; if you cannot reach them, go to the emergency department"
    )


def test_seed_000_the_surgeon_clears_return_to_work_and_lifting(kb: KnowledgeBase) -> None:
    """Seed 000: the doctor says when you can return to work and lifting: every 'yes' says so."""
    for pid, procedure in kb.procedures.items():
        for activity in ("lift", "work-desk", "work-light"):
            free = [s for s in procedure.activities[activity] if s.verdict == "yes"]
            assert free and all(s.note and "surgeon" in s.note for s in free), (pid, activity)


def test_seed_002_walking_within_hours(kb: KnowledgeBase) -> None:
    """Seed 002: after MIS surgery many walk independently within hours."""
    for pid in ("miss", *MIS):
        assert _verdict(kb, pid, "walk", 0) == "yes", pid
    assert SEED_002 in kb.procedures["miss"].activities["walk"][0].sources


# --- what the patient sees ----------------------------------------------------------------


def test_red_flags_come_in_three_tiers(kb: KnowledgeBase) -> None:
    """Emergency (cauda equina, both legs, chest), call now (seed 000), call within 24 hours (no bowel movement)."""
    tiers = {f.id: f.action for f in kb.red_flags}
    assert tiers["cauda-equina"] == tiers["chest-breathing"] == tiers["legs-cannot-move"] == "emergency"
    assert tiers["no-bowel-movement"] == "call-within-24h"
    cauda = next(f for f in kb.red_flags if f.id == "cauda-equina")
    assert "wipe" in cauda.symptom and "bladder is full" in cauda.symptom
    fever = next(f for f in kb.red_flags if f.id == "fever")
    assert fever.symptom == "A temperature of 38 °C (100.4 °F) or higher."


@pytest.mark.parametrize(
    ("typed", "shown", "hint"),
    [
        ("tlif", "open-fusion", "--procedure mis-fusion"),
        ("fusion", "open-fusion", "--procedure mis-fusion"),
        ("spinal-fusion", "open-fusion", "--procedure mis-fusion"),
        ("microdiscectomy", "open-discectomy", "--procedure tubular or --procedure endoscopic"),
        ("discectomy", "open-discectomy", "--procedure tubular or --procedure endoscopic"),
    ],
)
def test_ambiguous_names_give_the_open_plan_and_say_how_to_ask(
    runner: CliRunner, typed: str, shown: str, hint: str
) -> None:
    """An ambiguous name resolves to the slower open plan and says once, on stderr, how to get the MIS one."""
    code, out, err = run_cli(runner, "can-i", "lift", "--week", "4", "-p", typed, "--json")
    assert code == 0
    assert json.loads(out)["procedure"] == shown
    note = (
        f"'{typed}' can be open or minimally invasive; showing {shown}."
        f" For the minimally invasive operation use {hint}."
    )
    assert err.count(note) == 1


def test_unambiguous_names_say_nothing_extra(runner: CliRunner) -> None:
    """mis-tlif, tubular and feld keep working, without a note."""
    for typed, shown in (("mis-tlif", "mis-fusion"), ("tubular", "tubular"), ("feld", "endoscopic")):
        code, out, err = run_cli(runner, "can-i", "lift", "--week", "4", "-p", typed, "--json")
        assert code == 0 and json.loads(out)["procedure"] == shown and "can be open" not in err


def test_json_ranges_on_every_milestone_and_step(runner: CliRunner) -> None:
    """Every milestone and every activity step in JSON carries range {from_day, to_day, sources}."""
    code, out, _ = run_cli(runner, "timeline", "-p", "mis-fusion", "-d", "2024-05-01", "--json", "--smoker")
    assert code == 0
    document = json.loads(out)
    ranges = [m["range"] for m in document["milestones"]]
    ranges += [step["range"] for a in document["activities"] for step in a["schedule"]]
    for sourced in ranges:
        assert set(sourced) == {"from_day", "to_day", "sources"} and sourced["sources"]
        assert sourced["from_day"] <= sourced["to_day"]
    desk = next(m for m in document["milestones"] if m["id"] == "return-desk-work")
    assert desk["range"]["from_day"] <= desk["day"] <= desk["range"]["to_day"]


def test_timeline_shows_ranges_and_where_sources_differ(runner: CliRunner) -> None:
    """The timeline puts the range beside each milestone and lists where sources differ, with titles."""
    args = ("timeline", "-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-05-10")
    code, out, _ = run_cli(runner, *args)
    assert code == 0
    flat = " ".join(out.split())
    assert "Back to desk work (most people: weeks 1 to 3)" in flat
    assert "Where sources differ" in flat and "Carragee et al., Spine 1996 and 1999" in flat
    assert "carragee-1996-1999" not in flat


def test_compare_shows_what_the_seeds_describe(runner: CliRunner) -> None:
    """compare: MIS earlier than open for the stay, walking, desk work and driving, for both families."""
    for mis, open_ in (("endoscopic", "open-discectomy"), ("mis-fusion", "open-fusion")):
        code, out, _ = run_cli(runner, "compare", mis, open_, "--json")
        assert code == 0
        document = json.loads(out)
        milestones = {row["id"]: row for row in document["milestones"]}
        limited = {row["id"]: row for row in document["activities_limited_from"]}
        free = {row["id"]: row for row in document["activities_allowed_from"]}
        for row in (milestones["discharge"], limited["work-desk"], limited["drive"], free["walk"]):
            assert row["differs"] and row["days"][0] < row["days"][1], row["id"]


def test_calendar_events_carry_range_conditions_and_other_views(runner: CliRunner) -> None:
    """The driving event gives its range, the driving conditions (F37) and where sources differ."""
    from icalendar import Calendar

    code, out, _ = run_cli(runner, "export", "-p", "tubular", "-d", "2024-05-01", "--format", "ics", "--output", "-")
    assert code == 0
    calendar = Calendar.from_ical(out)
    driving = next(e for e in calendar.walk("VEVENT") if str(e.get("summary")).startswith("Driving again"))
    description = str(driving.get("description"))
    assert "Week 3 after surgery; most people: weeks 2 to 7." in description
    assert "Never while taking opioid" in description and "emergency stop" in description
    assert "Sources differ:" in description and "Hertfordshire Spine Clinic" in description


# --- patient factors ----------------------------------------------------------------------


def test_a_manual_job_changes_the_discectomy_plans(kb: KnowledgeBase) -> None:
    """RCS England: 12 weeks off for jobs lifting over 5 kg, so a manual job moves manual work to day 84 (F32)."""
    for pid in ("endoscopic", "tubular", "open-discectomy"):
        plan = personalise(kb, pid, PatientFactors(job="manual"))
        assert first_day_at_least(plan.procedure.activities["work-manual"], "limited") == 84, pid
        assert any(a.rule_id == "job-manual" for a in plan.adjustments)


def test_workers_compensation_moves_work_to_the_cautious_end(kb: KnowledgeBase) -> None:
    """A workers' compensation claim delays the return to work, with its sources (F33)."""
    plan = personalise(kb, "endoscopic", PatientFactors(workers_comp=True))
    assert first_day_at_least(plan.procedure.activities["work-desk"], "limited") == 14
    assert {a.rule_id for a in plan.adjustments} == {"workers-comp"}


def test_fused_levels_move_fusion_healing_to_the_slow_end(kb: KnowledgeBase) -> None:
    """Two or more fused levels delay fusion healing (F35; Nunna: nonunion RR 2.30); one level does not."""
    two = personalise(kb, "mis-fusion", PatientFactors(levels=2)).procedure
    one = personalise(kb, "mis-fusion", PatientFactors(levels=1)).procedure
    assert first_day_at_least(two.activities["lift"], "yes") == 364
    assert milestone_day(two, "full-recovery") == 364
    assert first_day_at_least(one.activities["lift"], "yes") == 182


def test_depression_and_anxiety_add_guidance_only(kb: KnowledgeBase) -> None:
    """Depression and anxiety add advice with its source (Goyal 2021) and move no date (F34)."""
    plan = personalise(kb, "mis-fusion", PatientFactors(depression_anxiety=True))
    assert [a.rule_id for a in plan.adjustments] == ["depression-anxiety"]
    assert plan.procedure == kb.procedures["mis-fusion"]


def test_nerve_damage_wording_informs_without_frightening(kb: KnowledgeBase) -> None:
    """Numbness (weeks) is separated from marked weakness; no bare '31% has not recovered' (F53)."""
    rule = next(r for r in kb.factor_rules if r.id == "nerve-damage-advice")
    assert "Numbness and tingling usually fade over a few weeks" in rule.text
    assert "6 in 10" in rule.text and "31%" not in rule.text


def test_a_delayed_phase_never_leaves_a_stub(kb: KnowledgeBase) -> None:
    """A smoker's fusion: consolidation ends later, and the last phase keeps its length (F31)."""
    plan = personalise(kb, "open-fusion", PatientFactors(smoker=True)).procedure
    last = plan.phases[-1]
    assert last.start == 364 and last.end - last.start >= 183
