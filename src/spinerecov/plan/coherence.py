"""A personalised plan that agrees with itself, and with the patient's time.

Three rules, all read from the knowledge base:

- an activity with `opens_after` (manual work waits for lifting) opens no earlier
  than the day every activity it needs has no limit, so a factor that keeps
  lifting limited also keeps the return to manual work back (the reason is shown);
- a milestone of work heavier than the patient's job (`job` of its activity) is
  not part of that patient's plan: a desk worker has no "Back to manual work";
- advice timed before surgery ("stop smoking 4 weeks before") is said for the
  time after it (the factor rule's `after_surgery`) once the patient is there.
"""

from typing import get_args

from spinerecov.i18n import _
from spinerecov.knowledge.models import ActivityStep, JobType, KnowledgeBase, Procedure
from spinerecov.knowledge.steps import step_on
from spinerecov.plan.adjustment import Adjustment
from spinerecov.plan.schedule import first_day_at_least, schedule

JOBS: tuple[str, ...] = get_args(JobType)
"""The jobs a patient can give, lightest first."""

OPENS_AFTER_RULE = "opens-after"
"""The rule id of the adjustments that say why an activity opens later."""


def hidden_milestones(kb: KnowledgeBase, procedure: Procedure, job: str | None) -> frozenset[str]:
    """Ids of the milestones of work heavier than `job` (none without a job)."""
    if job is None:
        return frozenset()
    rank = JOBS.index(job)
    hidden = set()
    for milestone in procedure.milestones:
        activity = kb.activities.get(milestone.activity or "")
        if activity is not None and activity.job is not None and JOBS.index(activity.job) > rank:
            hidden.add(milestone.id)
    return frozenset(hidden)


def free_from(kb: KnowledgeBase, procedure: Procedure, activity_id: str) -> int | None:
    """The first day every activity that `activity_id` needs has no limit (None: it needs none, or one never opens)."""
    needs = kb.activities[activity_id].opens_after if activity_id in kb.activities else []
    days = [first_day_at_least(schedule(procedure, need), "yes") for need in needs]
    if not days or any(day is None for day in days):
        return None  # kb check rules out an activity that waits for one that never opens fully
    return max(day for day in days if day is not None)


_coherent_plans: dict[tuple[int, int, frozenset[str]], tuple[KnowledgeBase, Procedure, Procedure]] = {}
"""Plans already made coherent, by (knowledge base, procedure, hidden milestones): a batch asks for a few hundred."""
COHERENT_KEPT = 1024


def coherent(kb: KnowledgeBase, procedure: Procedure, hidden: frozenset[str]) -> Procedure:
    """`procedure` with `follow_limits` applied and the `hidden` milestones left out (the same object if neither)."""
    key = (id(kb), id(procedure), hidden)
    kept = _coherent_plans.get(key)
    # The objects are kept with the result, so their ids cannot be reused while it is in here.
    if kept is not None and kept[0] is kb and kept[1] is procedure:
        return kept[2]
    if len(_coherent_plans) >= COHERENT_KEPT:
        _coherent_plans.clear()
    result = follow_limits(kb, procedure)
    if hidden:
        result = result.model_copy(update={"milestones": [m for m in result.milestones if m.id not in hidden]})
    _coherent_plans[key] = (kb, procedure, result)
    return result


def follow_limits(kb: KnowledgeBase, procedure: Procedure) -> Procedure:
    """`procedure` with each activity that opens too early moved to the day what it needs has no limit.

    The same object when nothing moves (the usual case: kb check holds every plan to it).
    """
    moved: dict[str, list[ActivityStep]] = {}
    for ident, steps in procedure.activities.items():
        day = free_from(kb, procedure, ident)
        opening = first_day_at_least(steps, "limited")
        if day is not None and opening is not None and opening < day:
            moved[ident] = _opening_on(steps, day, _needed_step(kb, procedure, ident, day))
    if not moved:
        return procedure
    return procedure.model_copy(update={"activities": {**procedure.activities, **moved}})


def _needed_step(kb: KnowledgeBase, procedure: Procedure, ident: str, day: int) -> ActivityStep:
    """The step that frees the last of the needed activities on `day` (its range and sources explain the move)."""
    needs = kb.activities[ident].opens_after
    return next(
        step_on(schedule(procedure, need), day)
        for need in needs
        if step_on(schedule(procedure, need), day).from_day == day
    )


def _opening_on(steps: list[ActivityStep], day: int, needed: ActivityStep) -> list[ActivityStep]:
    """The schedule with nothing open before `day`: the step in force on `day` starts then."""
    in_force = step_on(steps, day)
    closed = [s for s in steps if s.from_day < day and s.verdict == "not-yet"]
    if not closed:  # the activity was open from the surgery day: it is closed until `day` instead
        closed = [steps[0].model_copy(update={"verdict": "not-yet", "limit": None, "range": None})]
    # Its own range may end before `day`: the range of what it waits for is then the one that explains the date.
    sourced = in_force.range
    if sourced is None or not sourced.from_day <= day <= sourced.to_day:
        sourced = needed.range
    opened = in_force.model_copy(update={"from_day": day, "cautious_from_day": None, "range": sourced})
    return [*closed, opened, *(s for s in steps if s.from_day > day)]


def advice_for_today(kb: KnowledgeBase, adjustments: tuple[Adjustment, ...], day_today: int) -> tuple[Adjustment, ...]:
    """From the surgery day on, advice timed before surgery is said for the patient's time (its `after_surgery`)."""
    if day_today < 0:
        return adjustments
    timed = {rule.id: rule.after_surgery for rule in kb.factor_rules if rule.after_surgery is not None}
    if not timed:
        return adjustments
    return tuple(
        a._replace(text=after.text, sources=tuple(after.sources)) if (after := timed.get(a.rule_id)) is not None else a
        for a in adjustments
    )


def opened_later(kb: KnowledgeBase, before: Procedure, after: Procedure, made: list[Adjustment]) -> list[Adjustment]:
    """Why each activity `follow_limits` moved opens later: what it needs is still limited, and by which factors."""
    found = []
    for ident in after.activities:
        old = first_day_at_least(schedule(before, ident), "limited")
        new = first_day_at_least(schedule(after, ident), "limited")
        if old is None or new is None or new <= old:
            continue
        activity = kb.activities[ident]
        needs = {f"activity:{need}" for need in activity.opens_after}
        factors = tuple(dict.fromkeys(f for a in made if a.target in needs for f in a.factors))
        sources = [src for need in activity.opens_after for src in step_on(schedule(after, need), new).sources]
        needed = ", ".join(kb.activities[n].name.lower() for n in activity.opens_after)
        why = _("{activity} waits until {needed} has no limit: the work needs it.").format(
            activity=activity.name, needed=needed
        )
        target = f"activity:{ident}"
        found.append(
            Adjustment(
                OPENS_AFTER_RULE, "delay", factors, target, activity.name, old, new, why, tuple(dict.fromkeys(sources))
            )
        )
    return found
