"""Model-level validation: each value checked on its own, strictly."""

import pytest
from pydantic import ValidationError

from spinerecov.knowledge.models import ActivityStep, FactorRule, Limit, Milestone, Phase
from spinerecov.knowledge.patient import PatientFactors


def test_limit_must_say_something() -> None:
    """An empty limit is rejected."""
    with pytest.raises(ValidationError, match="a limit needs"):
        Limit.model_validate({})


def test_step_verdict_and_limit_go_together() -> None:
    """'limited' needs a limit; 'yes' and 'not-yet' cannot have one; cautious days come later."""
    with pytest.raises(ValidationError, match="needs a limit"):
        ActivityStep.model_validate({"from_day": 0, "verdict": "limited", "sources": ["s"]})
    with pytest.raises(ValidationError, match="cannot have a limit"):
        ActivityStep.model_validate({"from_day": 0, "verdict": "yes", "limit": {"text": "x"}, "sources": ["s"]})
    with pytest.raises(ValidationError, match="cautious_from_day must be later"):
        ActivityStep.model_validate({"from_day": 5, "cautious_from_day": 5, "verdict": "yes", "sources": ["s"]})


def test_every_fact_needs_a_source() -> None:
    """An empty sources list is rejected."""
    with pytest.raises(ValidationError, match="at least 1 item"):
        ActivityStep.model_validate({"from_day": 0, "verdict": "yes", "sources": []})


def test_verdicts_are_exactly_the_three_words() -> None:
    """Only yes, limited and not-yet are verdicts; a YAML boolean is not 'yes'."""
    with pytest.raises(ValidationError):
        ActivityStep.model_validate({"from_day": 0, "verdict": True, "sources": ["s"]})
    with pytest.raises(ValidationError):
        ActivityStep.model_validate({"from_day": 0, "verdict": "maybe", "sources": ["s"]})


def test_phase_and_milestone_shapes() -> None:
    """Phases end after they start; a milestone has exactly one anchor."""
    with pytest.raises(ValidationError, match="end must not be before start"):
        Phase.model_validate({"id": "p", "name": "P", "start": 5, "end": 4, "expect": "x", "sources": ["s"]})
    base = {"id": "m", "name": "M", "kind": "event", "description": "d", "sources": ["s"]}
    with pytest.raises(ValidationError, match="exactly one of day, activity or phase"):
        Milestone.model_validate({**base, "day": 3, "phase": "p"})
    with pytest.raises(ValidationError, match="exactly one of day, activity or phase"):
        Milestone.model_validate(base)


def test_factor_rules_need_what_their_effect_uses() -> None:
    """A delay needs targets; a guidance rule cannot have them; 'when' cannot be empty."""
    base = {"id": "r", "text": "t", "sources": ["s"], "when": {"smoker": True}}
    with pytest.raises(ValidationError, match="'delay' rule needs 'targets'"):
        FactorRule.model_validate({**base, "effect": "delay"})
    with pytest.raises(ValidationError, match="'guidance' rule cannot have 'targets'"):
        FactorRule.model_validate({**base, "effect": "guidance", "targets": ["phase:x"]})
    with pytest.raises(ValidationError, match="needs at least one condition"):
        FactorRule.model_validate({**base, "effect": "guidance", "when": {}})


def test_models_are_frozen_and_closed() -> None:
    """Models cannot be changed after creation and reject unknown keys."""
    factors = PatientFactors(age=50)
    with pytest.raises(ValidationError):
        setattr(factors, "age", 60)  # noqa: B010 - the factors are fields made from the table
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        PatientFactors.model_validate({"agee": 50})
