"""can-i with --weight: when the load is allowed and when the activity has no limit are said apart."""

import json

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import PATIENT_FACTORS, run_cli
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.plan.answers import answer
from spinerecov.plan.days import week_days
from spinerecov.plan.personalise import personalise
from spinerecov.plan.schedule import first_day_at_least, schedule

KB = load_knowledge_base(resolve_kb_path())


def test_without_limits_keeps_its_meaning_with_a_load(runner: CliRunner) -> None:
    """Tubular, 12 kg in week 3: the load is allowed from week 7, but "without limits" stays week 13."""
    code, out, _ = run_cli(runner, "can-i", "lift", "-p", "tubular", "--week", "3", "--weight", "12kg")
    assert code == 0, out
    flat = " ".join(out.split())
    assert "12 kg (26 lb) is allowed from week 7 (day 42)" in flat
    assert "Without limits from week 13 (day 84)" in flat
    assert "Without limits from week 7" not in flat


def test_the_json_answer_gives_both_days(runner: CliRunner) -> None:
    """--json keeps allowed_from_day as the load's day and adds the day lifting has no limit."""
    code, out, _ = run_cli(runner, "can-i", "lift", "-p", "tubular", "--week", "3", "--weight", "12kg", "--json")
    assert code == 0, out
    document = json.loads(out)
    assert (document["allowed_from_day"], document["unlimited_from_day"]) == (42, 84)
    assert document["unlimited_from_range"]["to_day"] >= 84 >= document["unlimited_from_range"]["from_day"]


@given(
    procedure=st.sampled_from(["miss", "endoscopic", "tubular", "open-discectomy", "mis-fusion", "open-fusion"]),
    week=st.integers(1, 60),
    weight=st.none() | st.floats(0.5, 60),
    factors=PATIENT_FACTORS,
)
def test_without_limits_never_depends_on_the_load(
    procedure: str, week: int, weight: float | None, factors: PatientFactors
) -> None:
    """For any plan, patient, week and load, the day lifting has no limit is the day it has none without a load."""
    plan = personalise(KB, procedure, factors)
    first, last = week_days(week)
    result = answer(KB, plan, "lift", first, last, weight)
    assert result.unlimited_from_day == first_day_at_least(schedule(plan.procedure, "lift"), "yes")
    if result.allowed_from_day is not None and result.unlimited_from_day is not None:
        assert result.allowed_from_day <= result.unlimited_from_day


def test_a_load_heavier_than_every_limit_is_never_said_to_be_allowed(runner: CliRunner) -> None:
    """500 kg is more than any limit a source gives: no "allowed from" date, only after limits end, surgeon first."""
    for lang, allowed, more in (
        ("en", "is allowed from", "more than any limit"),
        ("es", "está permitido a partir", "más que cualquier"),
    ):
        code, out, err = run_cli(
            runner, "--lang", lang, "can-i", "lift", "-p", "endoscopic", "--week", "2", "--weight", "500kg"
        )
        assert code == 0, err
        flat = " ".join(out.split())
        assert more in flat and allowed not in flat, flat


def test_a_zero_load_is_refused_with_the_range_it_needs(runner: CliRunner) -> None:
    """0 kg is not a load: the message says more than 0, never 'between 0 and' (which 0 would satisfy)."""
    code, _, err = run_cli(runner, "can-i", "lift", "--week", "4", "--weight", "0kg")
    assert code == 2 and "more than 0 and at most 500 kg" in err, err
