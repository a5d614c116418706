"""The timeline engine and its invariants, including property tests over all inputs."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import PATIENT_FACTORS, SURGERY, TODAY, make_timeline
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.knowledge.steps import step_on
from spinerecov.plan.answers import answer
from spinerecov.plan.days import week_days, week_of
from spinerecov.plan.personalise import personalise
from spinerecov.plan.schedule import first_day_at_least
from spinerecov.plan.timeline import build_timeline, milestone_day

KB = load_knowledge_base(resolve_kb_path())

procedures = st.sampled_from(sorted(KB.procedures))
activities = st.sampled_from(sorted(KB.activities))
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))
factors = PATIENT_FACTORS


def test_week_numbers_follow_the_documented_rule() -> None:
    """Week 1 is days 0-6, week 2 days 7-13; the surgery day is day 0."""
    assert week_days(1) == (0, 6)
    assert week_days(4) == (21, 27)
    assert [week_of(d) for d in (0, 6, 7, 13, 14)] == [1, 1, 2, 2, 3]


@given(st.integers(1, 520))
def test_week_of_inverts_week_days(week: int) -> None:
    """Every day of week N has week number N."""
    first, last = week_days(week)
    assert last - first == 6
    assert week_of(first) == week_of(last) == week


@given(procedures, dates, dates, factors)
def test_phases_are_ordered_contiguous_and_dated_by_day(
    procedure: str, surgery: dt.date, today: dt.date, chosen: PatientFactors
) -> None:
    """Phases start on day 0, follow each other without gaps, and every date is surgery + day."""
    timeline = build_timeline(KB, personalise(KB, procedure, chosen), chosen, surgery, today)
    assert timeline.phases[0].start_day == 0
    for previous, phase in zip(timeline.phases, timeline.phases[1:], strict=False):
        assert phase.start_day == previous.end_day + 1
    for phase in timeline.phases:
        assert phase.start_day <= phase.end_day
        assert phase.start_date == surgery + dt.timedelta(days=phase.start_day)
        assert phase.end_date == surgery + dt.timedelta(days=phase.end_day)
    for milestone in timeline.milestones:
        assert milestone.date == surgery + dt.timedelta(days=milestone.day)
        # Outcome questionnaires follow the registries, which ask past the plan's end (24 months after a fusion).
        end = timeline.phases[-1].end_day if milestone.kind != "questionnaire" else milestone.range.to_day
        assert 0 <= milestone.day <= end


@given(procedures, dates, dates)
def test_exactly_one_phase_is_now_during_the_plan(procedure: str, surgery: dt.date, today: dt.date) -> None:
    """Inside the plan exactly one phase is 'now'; before surgery all are upcoming, after it all done."""
    timeline = build_timeline(KB, personalise(KB, procedure, PatientFactors()), PatientFactors(), surgery, today)
    statuses = [p.status for p in timeline.phases]
    day = (today - surgery).days
    if day < 0:
        assert set(statuses) == {"upcoming"}
    elif day > timeline.phases[-1].end_day:
        assert set(statuses) == {"done"}
    else:
        assert statuses.count("now") == 1
        now = statuses.index("now")
        assert set(statuses[:now]) <= {"done"} and set(statuses[now + 1 :]) <= {"upcoming"}


@given(procedures, factors)
def test_personalisation_never_makes_anything_earlier(procedure: str, chosen: PatientFactors) -> None:
    """With any patient factors, no phase end, milestone or activity opening comes earlier than the baseline."""
    base = build_timeline(KB, personalise(KB, procedure, PatientFactors()), PatientFactors(), SURGERY, TODAY)
    mine = build_timeline(KB, personalise(KB, procedure, chosen), chosen, SURGERY, TODAY)
    assert [p.id for p in base.phases] == [p.id for p in mine.phases]
    for before, after in zip(base.phases, mine.phases, strict=True):
        assert after.end_day >= before.end_day
    base_days = {m.id: m.day for m in base.milestones}
    for milestone in mine.milestones:
        if milestone.id in base_days:
            assert milestone.day >= base_days[milestone.id]
    for before_a, after_a in zip(base.activities, mine.activities, strict=True):
        for before_s, after_s in zip(before_a.steps, after_a.steps, strict=True):
            assert after_s.from_day >= before_s.from_day
            assert after_s.verdict == before_s.verdict


@given(procedures, activities, st.integers(0, 400), factors)
def test_every_can_i_verdict_agrees_with_the_timeline(
    procedure: str, activity: str, day: int, chosen: PatientFactors
) -> None:
    """can-i on day N gives the step the timeline has in force that day, and the same first 'yes' day."""
    plan = personalise(KB, procedure, chosen)
    timeline = build_timeline(KB, plan, chosen, SURGERY, SURGERY + dt.timedelta(days=day))
    result = answer(KB, plan, activity, day)
    outlook = next(a for a in timeline.activities if a.id == activity)
    assert result.verdict == outlook.today.verdict
    assert result.allowed_from_day == outlook.first_yes_day
    if outlook.first_yes_day is not None and day >= outlook.first_yes_day:
        assert result.verdict == "yes"
    if outlook.first_limited_day is None or day < outlook.first_limited_day:
        assert result.verdict == "not-yet"


@given(procedures, activities, st.integers(1, 60))
def test_a_week_answer_is_the_most_cautious_day_of_the_week(procedure: str, activity: str, week: int) -> None:
    """Asking about a week never answers more freely than any single day of that week."""
    plan = personalise(KB, procedure, PatientFactors())
    first, last = week_days(week)
    weekly = answer(KB, plan, activity, first, last)
    order = ["not-yet", "limited", "yes"]
    daily = [order.index(answer(KB, plan, activity, d).verdict) for d in range(first, last + 1)]
    assert order.index(weekly.verdict) == min(daily)


def test_endoscopic_plan_matches_seed_004(kb: KnowledgeBase) -> None:
    """Seed 004: home the same day, sport after week 6, full effort after the third month."""
    timeline = make_timeline(kb, "endoscopic")
    days = {m.id: m.day for m in timeline.milestones}
    assert days["discharge"] == 0
    assert days["sport"] == 42
    assert days["full-recovery"] == 84
    assert "stem-cell-mri" not in days


def test_fusion_recovers_over_months(kb: KnowledgeBase) -> None:
    """Seed 003: full recovery after a fusion takes several months."""
    assert milestone_day(kb.procedures["mis-fusion"], "full-recovery") >= 180


def test_open_surgery_is_never_faster_than_its_mis_counterpart(kb: KnowledgeBase) -> None:
    """Seeds 000/002/003: open comparators never open an activity earlier than the MIS operation."""
    for open_id, mis_id in (("open-discectomy", "tubular"), ("open-fusion", "mis-fusion")):
        for activity in kb.activities:
            for verdict in ("limited", "yes"):
                open_day = first_day_at_least(kb.procedures[open_id].activities[activity], verdict)
                mis_day = first_day_at_least(kb.procedures[mis_id].activities[activity], verdict)
                if mis_day is None:
                    assert open_day is None, (open_id, activity, verdict)
                elif open_day is not None:
                    assert open_day >= mis_day, (open_id, activity, verdict)


def test_lifting_limits_record_where_sources_differ(kb: KnowledgeBase) -> None:
    """Early lifting after tubular surgery is 10 lb (typical handouts); the cautious 5 lb and the trials differ."""
    for step in kb.procedures["tubular"].activities["lift"]:
        assert step.sources_differ is not None
        assert {"mgh-preop-class", "carragee-1996-1999", "bono-2017"} <= set(step.sources_differ.sources)
    first = kb.procedures["tubular"].activities["lift"][0]
    assert first.limit is not None and first.limit.max_kg == 4.5


def test_step_on_uses_the_last_started_step(kb: KnowledgeBase) -> None:
    """On the day a step starts it is in force; the day before the previous one is."""
    steps = kb.procedures["tubular"].activities["lift"]
    assert step_on(steps, 41).limit.max_kg == 4.5  # type: ignore[union-attr]
    assert step_on(steps, 42).limit.max_kg == 13.6  # type: ignore[union-attr]
    assert step_on(steps, 83).verdict == "limited"
    assert step_on(steps, 84).verdict == "yes"


def test_future_surgery_gives_a_plan_ahead(kb: KnowledgeBase) -> None:
    """A surgery date after today marks every phase upcoming and counts days to surgery."""
    plan = personalise(kb, "tubular", PatientFactors())
    timeline = build_timeline(kb, plan, PatientFactors(), dt.date(2030, 1, 10), dt.date(2030, 1, 1))
    assert timeline.day_today == -9
    assert all(p.status == "upcoming" for p in timeline.phases)


@pytest.mark.parametrize("procedure", sorted(KB.procedures))
def test_every_plan_cites_only_known_sources_and_has_red_flags(kb: KnowledgeBase, procedure: str) -> None:
    """Every cited source is in the catalogue and every timeline carries the emergency red flags."""
    timeline = make_timeline(kb, procedure)
    assert set(timeline.cited_sources()) <= set(kb.sources)
    actions = {f.action for f in timeline.red_flags}
    assert actions == {"emergency", "call-surgeon", "call-within-24h"}
