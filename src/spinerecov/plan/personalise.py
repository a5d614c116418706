"""Patient factors -> an adjusted procedure plus the adjustments that explain it.

Pure: no I/O. The rules live in the knowledge base; this module only applies
them. A delay moves a value to the cautious end of its sourced range, so a
personalised plan is never earlier than the baseline (tests check this).
"""

from collections.abc import Callable
from functools import cache
from typing import Any, NamedTuple

from spinerecov.errors import KnowledgeBaseError
from spinerecov.i18n import N_, _
from spinerecov.i18n.formats import decimal
from spinerecov.knowledge.factors import FACTORS, Factor, rule_conditions
from spinerecov.knowledge.models import (
    ActivityStep,
    CheckIn,
    Condition,
    DayRange,
    FactorCondition,
    FactorRule,
    KnowledgeBase,
    Milestone,
    Phase,
    Procedure,
)
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.knowledge.rule_conditions import condition_problem
from spinerecov.plan.adjustment import Adjustment as Adjustment
from spinerecov.plan.coherence import coherent, hidden_milestones, opened_later


class Personalised(NamedTuple):
    """A procedure adjusted for one patient."""

    procedure_id: str
    procedure: Procedure
    adjustments: tuple[Adjustment, ...]
    extra_conditions: dict[str, tuple[Condition, ...]]


def personalise(kb: KnowledgeBase, procedure_id: str, factors: PatientFactors) -> Personalised:
    """Apply every matching factor rule of `kb` to the procedure `procedure_id`."""
    baseline = kb.procedures[procedure_id]
    adjustments: list[Adjustment] = []
    moves: dict[str, int] = {}
    conditions: dict[str, list[Condition]] = {}
    check_ins: list[FactorRule] = []
    for rule in kb.factor_rules:
        if rule.procedures is not None and procedure_id not in rule.procedures:
            continue
        matched = matching_factors(rule.when, factors)
        if matched is None:
            continue
        if rule.effect == "delay":
            adjustments += _plan_delays(kb, baseline, rule, matched, moves)
        elif rule.effect == "limit" and rule.activity is not None:
            conditions.setdefault(rule.activity, []).append(Condition(text=rule.text, sources=rule.sources))
            adjustments.append(
                _adjustment(rule, matched, f"activity:{rule.activity}", kb.activities[rule.activity].name)
            )
        elif rule.effect == "check-in" and rule.check_in is not None:
            check_ins.append(rule)
            adjustments.append(
                _adjustment(
                    rule, matched, f"milestone:{rule.check_in.id}", rule.check_in.name, to_day=rule.check_in.day
                )
            )
        else:
            adjustments.append(_adjustment(rule, matched, None, None))
    moved = _adjusted(baseline, moves, tuple(check_ins))
    adjusted = coherent(kb, moved, hidden_milestones(kb, baseline, factors.job))
    adjustments += opened_later(kb, moved, adjusted, adjustments)
    return Personalised(
        procedure_id=procedure_id,
        procedure=adjusted,
        adjustments=tuple(adjustments),
        extra_conditions={k: tuple(v) for k, v in conditions.items()},
    )


def matching_factors(when: FactorCondition, factors: PatientFactors) -> tuple[str, ...] | None:
    """The factors that satisfy every condition of `when`, described; None if any fails.

    Raises:
        KnowledgeBaseError: `when` sets a condition this matcher cannot test (it never matches everyone).
    """
    for field in _untested(type(when)):
        if (value := getattr(when, field)) is not None:
            raise KnowledgeBaseError([condition_problem(field, value) or field], _("in use"))
    matched: list[str] = []
    # Only the conditions a rule sets are tested (most set one or two of ten): this runs for every rule and patient.
    for field, test, name, row in _CHECKS:
        condition = getattr(when, field)
        if condition is None:
            continue
        holds, description = test(condition, getattr(factors, name), row)
        if not holds:
            return None
        matched.append(description)
    return tuple(matched)


Check = tuple[bool, str]
"""Whether a rule's condition holds for the patient, and the factor in words."""


def _flag(wanted: Any, given: Any, factor: Factor) -> Check:
    yes = factor.said if isinstance(factor.said, str) else factor.said[0]
    return given == wanted, _(yes if given else factor.unsaid)


def _at_least(limit: Any, value: Any, factor: Factor) -> Check:
    holds = value is not None and value >= limit
    return holds, _(factor.threshold).format(value=decimal(value), limit=decimal(limit)) if holds else ""


def _one_of(allowed: Any, value: Any, factor: Factor) -> Check:
    holds = value in allowed
    return holds, (_(factor.choices[value]) if value in factor.choices else str(value)) if holds else ""


_TESTS: dict[str, Callable[[Any, Any, Factor], Check]] = {"flag": _flag, "at-least": _at_least, "one-of": _one_of}
"""Each kind of condition, and its test (which also says the factor it matched, in the row's words)."""

_CHECKS: tuple[tuple[str, Callable[[Any, Any, Factor], Check], str, Factor], ...] = tuple(
    (condition, _TESTS[factor.test], factor.name, factor) for condition, factor in rule_conditions(FACTORS).items()
)
"""(condition field, test, factor, its row) for every condition a rule can set, in the order they are described."""


@cache
def _untested(condition_type: type[FactorCondition]) -> tuple[str, ...]:
    """The condition fields of a model that no check tests (none, unless a field was added without its check)."""
    tested = {field for field, *_rest in _CHECKS}
    return tuple(field for field in condition_type.model_fields if field not in tested)


def _adjustment(
    rule: FactorRule,
    matched: tuple[str, ...],
    target: str | None,
    target_name: str | None,
    from_day: int | None = None,
    to_day: int | None = None,
) -> Adjustment:
    return Adjustment(
        rule.id, rule.effect, matched, target, target_name, from_day, to_day, rule.text, tuple(rule.sources)
    )


def _plan_delays(
    kb: KnowledgeBase, procedure: Procedure, rule: FactorRule, matched: tuple[str, ...], moves: dict[str, int]
) -> list[Adjustment]:
    """Record where each target of a delay rule moves; `moves` maps a key to its new day."""
    adjustments: list[Adjustment] = []
    for target in rule.targets:
        for key, name, old, new in _movable(kb, procedure, target):
            moves[key] = max(moves.get(key, new), new)
            adjustments.append(_adjustment(rule, matched, target, name, old, new))
    return adjustments


STEP_WORDS = {
    "yes": N_("{activity}, without limits"),
    "limited": N_("{activity}, with limits"),
    "not-yet": N_("{activity}, not yet"),
}
"""How a moved activity step is named, by its verdict."""


def _movable(kb: KnowledgeBase, procedure: Procedure, target: str) -> list[tuple[str, str, int, int]]:
    """(key, name, baseline day, cautious day) for every value `target` can move."""
    kind, _sep, ident = target.partition(":")
    if kind == "phase":
        return [
            (f"phase:{p.id}", _("The end of '{phase}'").format(phase=p.name), p.end, p.cautious_end)
            for p in procedure.phases
            if p.id == ident and p.cautious_end is not None
        ]
    if kind == "milestone":
        return [
            (f"milestone:{m.id}", m.name, m.day, m.cautious_day)
            for m in procedure.milestones
            if m.id == ident and m.day is not None and m.cautious_day is not None
        ]
    steps = procedure.activities.get(ident, [])
    return [
        (
            f"activity:{ident}:{index}",
            _(STEP_WORDS[step.verdict]).format(activity=kb.activities[ident].name),
            step.from_day,
            step.cautious_from_day,
        )
        for index, step in enumerate(steps)
        if step.cautious_from_day is not None
    ]


_adjusted_procedures: dict[tuple[object, ...], tuple[Procedure, tuple[FactorRule, ...], Procedure]] = {}
"""Procedures already adjusted, by what moved them: patients share a few hundred combinations of rules."""
ADJUSTED_KEPT = 1024


def _adjusted(baseline: Procedure, moves: dict[str, int], check_ins: tuple[FactorRule, ...]) -> Procedure:
    """`baseline` with `moves` and the check-ins of `check_ins` applied; the same object for the same changes."""
    if not moves and not check_ins:
        return baseline
    key = (id(baseline), *sorted(moves.items()), *(id(rule) for rule in check_ins))
    kept = _adjusted_procedures.get(key)
    # The objects are kept with the result, so none of their ids can be reused while it is in here.
    if kept is not None and kept[0] is baseline and all(a is b for a, b in zip(kept[1], check_ins, strict=True)):
        return kept[2]
    if len(_adjusted_procedures) >= ADJUSTED_KEPT:
        _adjusted_procedures.clear()
    milestones = [_check_in_milestone(rule.check_in, rule.sources) for rule in check_ins if rule.check_in]
    adjusted = _apply_moves(baseline, moves, milestones)
    _adjusted_procedures[key] = (baseline, check_ins, adjusted)
    return adjusted


def _apply_moves(procedure: Procedure, moves: dict[str, int], check_ins: list[Milestone]) -> Procedure:
    if not moves and not check_ins:
        return procedure
    phases: list[Phase] = []
    last = len(procedure.phases) - 1
    for index, phase in enumerate(procedure.phases):
        start = phases[-1].end + 1 if phases else phase.start
        end = moves.get(f"phase:{phase.id}", phase.end)
        if index == last:
            # A delay must not squeeze the last phase into a stub: it keeps its length.
            end = max(end, start + phase.end - phase.start)
        end = max(end, start)
        unmoved = start == phase.start and end == phase.end
        phases.append(phase if unmoved else phase.model_copy(update={"start": start, "end": end}))
    milestones = [
        m.model_copy(update={"day": moves[f"milestone:{m.id}"]}) if f"milestone:{m.id}" in moves else m
        for m in procedure.milestones
    ]
    # Only the steps a factor moves are copied; most of ~45 steps stay as they are.
    activities: dict[str, list[ActivityStep]] = {
        activity: [_moved_step(step, moves.get(f"activity:{activity}:{index}")) for index, step in enumerate(steps)]
        for activity, steps in procedure.activities.items()
    }
    return procedure.model_copy(
        update={"phases": phases, "milestones": [*milestones, *check_ins], "activities": activities}
    )


def _moved_step(step: ActivityStep, day: int | None) -> ActivityStep:
    """The step itself when no factor moves it (no copy), else a copy starting on `day`."""
    if day is None or day == step.from_day:
        return step
    return step.model_copy(update={"from_day": day})


def _check_in_milestone(check_in: CheckIn, sources: list[str]) -> Milestone:
    return Milestone.model_construct(
        id=check_in.id,
        name=check_in.name,
        kind="check-in",
        day=check_in.day,
        cautious_day=None,
        activity=None,
        phase=None,
        optional=False,
        description=check_in.description,
        sources=list(sources),
        range=DayRange.model_construct(
            from_day=check_in.day, to_day=check_in.day, typical_day=None, sources=list(sources)
        ),
        sources_differ=None,
    )
