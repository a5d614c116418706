"""Patient factors: which rules fire, what they move, and that every change is explained."""

from conftest import make_timeline
from spinerecov.knowledge.models import FactorCondition, KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.plan.personalise import matching_factors, personalise
from spinerecov.plan.schedule import first_day_at_least
from spinerecov.plan.timeline import milestone_day


def test_no_factors_no_adjustments(kb: KnowledgeBase) -> None:
    """Without factors the plan is the baseline, unchanged."""
    plan = personalise(kb, "mis-fusion", PatientFactors())
    assert plan.adjustments == ()
    assert plan.procedure == kb.procedures["mis-fusion"]


def test_smoking_after_fusion_moves_healing_to_the_slow_end(kb: KnowledgeBase) -> None:
    """Smokers' fusion consolidates at the cautious end (about a year), with its reason and sources."""
    plan = personalise(kb, "mis-fusion", PatientFactors(smoker=True))
    assert milestone_day(plan.procedure, "full-recovery") == 364
    delays = [a for a in plan.adjustments if a.effect == "delay" and a.target == "phase:fusion-consolidation"]
    assert len(delays) == 1
    assert (delays[0].from_day, delays[0].to_day) == (181, 363)
    assert "nunna-smoking-fusion" in delays[0].sources
    assert delays[0].factors == ("smoker",)
    guidance = [a.rule_id for a in plan.adjustments if a.effect == "guidance"]
    assert "smoking-advice" in guidance and "smoking-reherniation" not in guidance


def test_smoking_after_discectomy_gives_advice_not_delays(kb: KnowledgeBase) -> None:
    """After an endoscopic discectomy smoking adds advice (reherniation risk, not fusion healing) and moves nothing."""
    plan = personalise(kb, "endoscopic", PatientFactors(smoker=True))
    assert {a.rule_id for a in plan.adjustments} == {"smoking-reherniation"}
    assert plan.procedure == kb.procedures["endoscopic"]


def test_diabetes_delays_discharge_and_adds_a_check_in(kb: KnowledgeBase) -> None:
    """Diabetes: a later discharge where the stay has a sourced range, and a day-5 wound check."""
    timeline = make_timeline(kb, "tubular", PatientFactors(diabetes=True))
    days = {m.id: m.day for m in timeline.milestones}
    assert days["discharge"] == 2
    assert days["diabetes-wound-check"] == 5
    check_in = next(m for m in timeline.milestones if m.id == "diabetes-wound-check")
    assert check_in.kind == "check-in"


def test_age_threshold_is_inclusive_and_fusion_only_for_the_stay(kb: KnowledgeBase) -> None:
    """At 70 the fusion stay lengthens (Kobayashi); at 69 nothing fires; after a discectomy only advice."""
    assert milestone_day(personalise(kb, "mis-fusion", PatientFactors(age=70)).procedure, "discharge") == 3
    assert personalise(kb, "mis-fusion", PatientFactors(age=69)).adjustments == ()
    tubular = personalise(kb, "tubular", PatientFactors(age=80))
    assert [a.effect for a in tubular.adjustments] == ["guidance"]


def test_light_job_moves_light_work_to_six_weeks(kb: KnowledgeBase) -> None:
    """RCS England gives 4-6 weeks for light work; a light job plans for 6."""
    timeline = make_timeline(kb, "tubular", PatientFactors(job="light"))
    light = next(a for a in timeline.activities if a.id == "work-light")
    assert light.first_limited_day == 42


def test_heavy_job_adds_a_return_to_work_review(kb: KnowledgeBase) -> None:
    """A heavy job delays manual work where a range exists and adds a review."""
    plan = personalise(kb, "mis-fusion", PatientFactors(job="heavy"))
    assert milestone_day(plan.procedure, "return-manual-work") == 182
    assert "return-to-work-review" in {m.id for m in plan.procedure.milestones}


def test_nerve_damage_adds_a_driving_condition_and_strength_review(kb: KnowledgeBase) -> None:
    """Nerve damage adds a braking condition to driving and a 2-month strength review."""
    plan = personalise(kb, "endoscopic", PatientFactors(nerve_damage=True))
    assert "drive" in plan.extra_conditions
    assert milestone_day(plan.procedure, "strength-review") == 56


def test_combined_condition_needs_every_factor(kb: KnowledgeBase) -> None:
    """The nerve-damage-with-diabetes advice needs both factors."""
    only_nerve = {a.rule_id for a in personalise(kb, "tubular", PatientFactors(nerve_damage=True)).adjustments}
    both = {a.rule_id for a in personalise(kb, "tubular", PatientFactors(nerve_damage=True, diabetes=True)).adjustments}
    assert "nerve-damage-diabetes" not in only_nerve
    assert "nerve-damage-diabetes" in both


def test_poor_health_extends_rehabilitation(kb: KnowledgeBase) -> None:
    """Poor overall health plans for the slow end of the sourced range: about 4 months after a discectomy."""
    plan = personalise(kb, "miss", PatientFactors(health="poor"))
    assert milestone_day(plan.procedure, "full-recovery") == 112
    tubular = personalise(kb, "tubular", PatientFactors(health="poor")).procedure
    assert milestone_day(tubular, "full-recovery") == 112
    # The activities that wait for the end of rehabilitation wait with it (F24).
    for activity in ("lift", "run", "sport"):
        assert first_day_at_least(tubular.activities[activity], "yes") == 112, activity


def test_matching_factors_describes_what_matched() -> None:
    """A matched rule says which factors triggered it, in words."""
    when = FactorCondition(age_at_least=70, bmi_at_least=30)
    assert matching_factors(when, PatientFactors(age=72, bmi=31.5)) == ("age 72 (70 or over)", "BMI 31.5 (30 or over)")
    assert matching_factors(when, PatientFactors(age=72)) is None
    assert matching_factors(FactorCondition(job_in=["manual"]), PatientFactors(job="desk")) is None


def test_only_moved_steps_are_copied(kb: KnowledgeBase) -> None:
    """Personalising copies only the steps a factor moves; every other step is the knowledge base's own."""
    baseline = kb.procedures["open-fusion"]
    adjusted = personalise(kb, "open-fusion", PatientFactors(smoker=True, age=75, job="heavy")).procedure
    pairs = [
        pair
        for name, steps in baseline.activities.items()
        for pair in zip(steps, adjusted.activities[name], strict=True)
    ]
    moved = [(old, new) for old, new in pairs if new.from_day != old.from_day]
    assert moved and len(moved) < len(pairs)
    assert all(new is old for old, new in pairs if new.from_day == old.from_day)
