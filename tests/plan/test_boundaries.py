"""Days on the edges of the plan, checked against values computed here independently of the engine.

"Today" is drawn relative to the surgery date across the whole plan, with the
days where something changes (a phase's first and last day, a milestone's
day, a step's first day, and the days either side) drawn on purpose: a
property test that draws today and the surgery date independently almost
never lands inside the plan, let alone on such a day.
"""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.models import ActivityStep, KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.knowledge.values import MOST_KG as MAX_WEIGHT_KG
from spinerecov.knowledge.values import weight_kg as parse_weight
from spinerecov.plan.answers import answer
from spinerecov.plan.days import week_days
from spinerecov.plan.personalise import personalise
from spinerecov.plan.status import UPCOMING_SHOWN, build_status
from spinerecov.plan.timeline import build_timeline

KB = load_knowledge_base(resolve_kb_path())
CAUTION = ["not-yet", "limited", "yes"]
"""Verdicts from the most cautious to the freest."""
FACTOR_SETS = [
    PatientFactors(),
    PatientFactors(smoker=True, diabetes=True, age=72),
    PatientFactors(job="heavy", nerve_damage=True, health="poor", bmi=31.5),
]


def verdict_on(steps: list[ActivityStep], day: int) -> str:
    """The verdict on `day`: the last step that has started (written here, not the engine's step_on)."""
    verdict = steps[0].verdict
    for step in steps:
        if step.from_day <= day:
            verdict = step.verdict
    return verdict


def edge_days(kb: KnowledgeBase, procedure: str, factors: PatientFactors) -> list[int]:
    """Every day where something changes in this plan, and the days either side."""
    plan = personalise(kb, procedure, factors).procedure
    days = {p.start for p in plan.phases} | {p.end for p in plan.phases}
    days |= {s.from_day for steps in plan.activities.values() for s in steps}
    timeline = build_timeline(
        kb, personalise(kb, procedure, factors), factors, dt.date(2024, 5, 1), dt.date(2024, 5, 1)
    )
    days |= {m.day for m in timeline.milestones}
    return sorted({d + delta for d in days for delta in (-1, 0, 1)})


@st.composite
def plan_days(draw: st.DrawFn) -> tuple[str, PatientFactors, dt.date, int]:
    """A procedure, factors, a surgery date, and today as a day relative to it (often an edge day)."""
    procedure = draw(st.sampled_from(sorted(KB.procedures)))
    factors = draw(st.sampled_from(FACTOR_SETS))
    surgery = draw(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)))
    day = draw(st.integers(-30, 800) | st.sampled_from(edge_days(KB, procedure, factors)))
    return procedure, factors, surgery, day


@given(plan_days())
def test_phases_and_milestones_know_where_today_is(case: tuple[str, PatientFactors, dt.date, int]) -> None:
    """Inside the plan the phase holding today (its first and last day included) is the one 'now'."""
    procedure, factors, surgery, day = case
    timeline = build_timeline(KB, personalise(KB, procedure, factors), factors, surgery, surgery + dt.timedelta(day))
    for phase in timeline.phases:
        expected = "upcoming" if day < phase.start_day else "done" if day > phase.end_day else "now"
        assert phase.status == expected, (phase.id, day)
    for milestone in timeline.milestones:
        expected = "upcoming" if day < milestone.day else "done" if day > milestone.day else "now"
        assert milestone.status == expected, (milestone.id, day)
    if 0 <= day <= timeline.phases[-1].end_day:
        assert [p.status for p in timeline.phases].count("now") == 1


@given(plan_days())
def test_status_agrees_with_independent_values(case: tuple[str, PatientFactors, dt.date, int]) -> None:
    """Progress, the phase, 'coming up' and every activity's next change, computed here from the raw plan."""
    procedure, factors, surgery, day = case
    personalised = personalise(KB, procedure, factors)
    timeline = build_timeline(KB, personalised, factors, surgery, surgery + dt.timedelta(day))
    status = build_status(timeline)
    recovery = timeline.full_recovery.day
    assert status.progress == (0.0 if day <= 0 else min(day / recovery, 1.0))
    holding = [p for p in personalised.procedure.phases if p.start <= day <= p.end]
    assert (status.phase.id if status.phase else None) == (holding[0].id if holding else None)
    # A known job hides the other jobs' return to work (the job's own work activity stays).
    own = {"desk": "work-desk", "light": "work-light", "manual": "work-manual", "heavy": "work-manual"}.get(
        factors.job or ""
    )
    hidden = {"work-desk", "work-light", "work-manual"} - {own} if own else set()
    anchors = {m.id: m.activity for m in personalised.procedure.milestones}
    due = sorted(
        (m for m in timeline.milestones if m.day >= max(day, 0) and anchors.get(m.id) not in hidden),
        key=lambda m: m.day,
    )
    assert [m.day for m in status.next_milestones] == [m.day for m in due[:UPCOMING_SHOWN]]
    shown = {a.id: a for a in (*status.allowed, *status.limited, *status.not_yet)}
    assert not hidden & set(shown)
    for activity, steps in personalised.procedure.activities.items():
        if activity in hidden:
            continue
        later = [s.from_day for s in steps if s.from_day > max(day, 0)]
        assert shown[activity].next_change_day == (later[0] if later else None), (activity, day)
        assert shown[activity].step.verdict == verdict_on(steps, max(day, 0)), (activity, day)


def week_cases() -> list[tuple[str, int, str, int]]:
    """Every (procedure, factor set, activity, week) whose week holds a change after its first day."""
    cases = []
    for procedure in sorted(KB.procedures):
        for index, factors in enumerate(FACTOR_SETS):
            for activity, steps in personalise(KB, procedure, factors).procedure.activities.items():
                for step in steps:
                    first = (step.from_day // 7) * 7
                    if step.from_day > first:
                        cases.append((procedure, index, activity, step.from_day // 7 + 1))
    return sorted(set(cases))


@pytest.mark.parametrize(("procedure", "factor_set", "activity", "week"), week_cases())
def test_a_week_with_a_change_gives_its_most_cautious_day(
    procedure: str, factor_set: int, activity: str, week: int
) -> None:
    """The documented week rule, for every week that holds a change (shower and walk on day 2, and more)."""
    personalised = personalise(KB, procedure, FACTOR_SETS[factor_set])
    first, last = week_days(week)
    steps = personalised.procedure.activities[activity]
    expected = min((verdict_on(steps, d) for d in range(first, last + 1)), key=CAUTION.index)
    assert answer(KB, personalised, activity, first, last).verdict == expected


def test_there_are_weeks_with_changes_inside_them() -> None:
    """The enumeration above is not empty: it includes showering in week 1 for every procedure."""
    cases = week_cases()
    assert all((p, 0, "shower", 1) in cases for p in KB.procedures)


@pytest.mark.parametrize("procedure", sorted(KB.procedures))
def test_no_showering_in_week_1(procedure: str) -> None:
    """Showering opens on day 3 (Chi Bu MD, the only source: P1-06), so week 1 answers 'not yet', changing on day 3."""
    personalised = personalise(KB, procedure, PatientFactors())
    result = answer(KB, personalised, "shower", 0, 6)
    assert result.verdict == "not-yet"
    assert [change.day for change in result.changes][:1] == [3]


def test_a_step_starting_on_the_first_asked_day_is_not_counted_twice() -> None:
    """'Sources differ' is given once for lifting in week 1 after a tubular discectomy."""
    result = answer(KB, personalise(KB, "tubular", PatientFactors()), "lift", 0, 6)
    texts = [differ.text for differ in result.sources_differ]
    assert len(texts) == len(set(texts)) == 1


@pytest.mark.parametrize("procedure", sorted(KB.procedures))
def test_a_load_exactly_at_the_limit_is_allowed(procedure: str) -> None:
    """'Up to N kg' allows N kg exactly, and not a gram more."""
    personalised = personalise(KB, procedure, PatientFactors())
    step = personalised.procedure.activities["lift"][0]
    assert step.limit is not None and step.limit.max_kg is not None
    limit = step.limit.max_kg
    assert answer(KB, personalised, "lift", 0, 0, limit).verdict == "yes"
    assert answer(KB, personalised, "lift", 0, 0, limit + 0.01).verdict == "not-yet"


@pytest.mark.parametrize(
    ("text", "kilograms"),
    [
        ("2kg", 2.0),
        ("2 kgs", 2.0),
        ("2 kilo", 2.0),
        ("2 kilos", 2.0),
        ("2KG", 2.0),
        ("10lb", 10 * 0.45359237),
        ("10 lbs", 10 * 0.45359237),
        ("10 pound", 10 * 0.45359237),
        ("10 pounds", 10 * 0.45359237),
        (f"{MAX_WEIGHT_KG:g}kg", 500.0),
    ],
)
def test_every_weight_unit(text: str, kilograms: float) -> None:
    """Every spelling in the unit table, up to the 500 kg bound itself."""
    assert parse_weight(text) == pytest.approx(kilograms)


def test_the_weight_bound_is_500_kg() -> None:
    """500 kg is accepted, 500.1 kg is not."""
    from spinerecov.errors import UsageError

    assert MAX_WEIGHT_KG == 500.0
    with pytest.raises(UsageError, match="out of range"):
        parse_weight("500.1kg")


def test_a_bmi_of_exactly_30_counts() -> None:
    """The BMI threshold is inclusive: 30.0 gets the same advice as 31.5, 29.9 does not."""
    for procedure in ("open-fusion", "tubular"):
        rules = {
            bmi: {a.rule_id for a in personalise(KB, procedure, PatientFactors(bmi=bmi)).adjustments}
            for bmi in (29.9, 30.0, 31.5)
        }
        assert rules[30.0] == rules[31.5] != set()
        assert not rules[29.9] & (rules[30.0] - rules[29.9]) and rules[29.9] != rules[30.0]


@pytest.mark.parametrize(
    ("date", "plausible"),
    [("1949-12-31", False), ("1950-01-01", True), ("2200-12-31", True), ("2201-01-01", False)],
)
def test_the_plausible_surgery_window_is_1950_to_2200(date: str, plausible: bool) -> None:
    """The first and last plausible surgery dates are accepted; the days just outside are not."""
    from spinerecov.errors import UsageError
    from spinerecov.knowledge.values import check_surgery_date

    when = dt.date.fromisoformat(date)
    if plausible:
        assert check_surgery_date(when) == when
    else:
        with pytest.raises(UsageError, match=f"{date} is not a plausible surgery date"):
            check_surgery_date(when)
