"""Clinical-fidelity checks: every date inside its sourced range, and plans that keep the sources' order.

The rules (README, "The knowledge base"):
- every dated fact carries a range; its default and cautious values lie inside it,
  and the default is at or after the typical figure where one is given;
- a minimally invasive operation is never more restrictive than its open
  counterpart (which must be a procedure of the knowledge base) on any day, and
  is strictly earlier for the hospital stay, walking, desk work and driving;
- a discectomy is never more restrictive than a fusion of the same approach
  (and, in `orderings.py`, than a fusion of another approach);
- the general plan is never later than the open operations it may replace
  (`orderings.py`);
- the general plan is never less cautious than any minimally invasive plan for
  the activities a fusion restricts longest;
- a factor that delays a phase also delays every activity that opens fully when
  that phase ends;
- at most `GENERAL_ONLY_TARGET` distinct facts cite only general-guidance (each is
  also a warning, so an editor sees which ones).
"""

import json
from collections.abc import Iterator
from typing import Any, NamedTuple

from spinerecov.i18n import _
from spinerecov.knowledge.models import DayRange, KnowledgeBase, Procedure, Verdict
from spinerecov.knowledge.orderings import first_free, first_stricter_day, milestone_days, ordering_problems
from spinerecov.knowledge.yaml_reader import YamlPath

STRICTLY_EARLIER_ACTIVITIES = ("walk", "work-desk", "drive")
"""Where the sources say minimally invasive surgery is faster, it must be (the stay is a milestone)."""

FUSION_LIMITED_ACTIVITIES = ("lift", "bend-twist", "run", "sport", "contact-sport", "work-manual")
"""The general plan may follow a fusion, so it keeps the most cautious MIS dates for these."""

GENERAL_ONLY_TARGET = 15
"""At most this many distinct facts may cite only general-guidance (more is an error in `kb check`)."""

GENERAL = "general-guidance"


class Finding(NamedTuple):
    """One fidelity error: where (a YAML path) and what."""

    path: YamlPath
    message: str


def fidelity_findings(kb: KnowledgeBase) -> list[Finding]:
    """Every fidelity error in `kb` (an empty list when it keeps every rule)."""
    findings: list[Finding] = []
    for pid, procedure in kb.procedures.items():
        findings += _range_findings(pid, procedure)
    findings += _order_findings(kb)
    findings += [Finding(path, message) for path, message in ordering_problems(kb.procedures)]
    findings += _factor_findings(kb)
    findings += _general_only_findings(kb)
    return findings


def _range_findings(pid: str, procedure: Procedure) -> Iterator[Finding]:
    base: YamlPath = ("procedures", pid)
    for index, phase in enumerate(procedure.phases):
        path: YamlPath = (*base, "phases", index)
        if phase.start > 0:
            yield from _inside(path, "start", phase.start, phase.range, typical=True)
        if phase.cautious_end is not None and index + 1 < len(procedure.phases):
            following = procedure.phases[index + 1]
            yield from _inside(
                (*base, "phases", index + 1), "start after cautious_end", phase.cautious_end + 1, following.range
            )
    for index, milestone in enumerate(procedure.milestones):
        if milestone.day is None:
            continue
        path = (*base, "milestones", index)
        yield from _inside(path, "day", milestone.day, milestone.range, typical=True)
        if milestone.cautious_day is not None:
            yield from _inside(path, "cautious_day", milestone.cautious_day, milestone.range)
    for activity, steps in procedure.activities.items():
        for index, step in enumerate(steps):
            if step.from_day == 0:
                continue
            path = (*base, "activities", activity, index)
            yield from _inside(path, "from_day", step.from_day, step.range, typical=True)
            if step.cautious_from_day is not None:
                yield from _inside(path, "cautious_from_day", step.cautious_from_day, step.range)


def _inside(path: YamlPath, what: str, day: int, sourced: DayRange | None, typical: bool = False) -> Iterator[Finding]:
    if sourced is None:
        yield Finding(path, _("needs a sourced range for its {what} (day {day})").format(what=what, day=day))
        return
    if not sourced.from_day <= day <= sourced.to_day:
        problem = _("{what} day {day} lies outside its sourced range {from_day}-{to_day}")
        yield Finding(path, problem.format(what=what, day=day, from_day=sourced.from_day, to_day=sourced.to_day))
    if typical and sourced.typical_day is not None and day < sourced.typical_day:
        problem = _("{what} day {day} is earlier than the typical day {typical_day}")
        yield Finding(path, problem.format(what=what, day=day, typical_day=sourced.typical_day))


def _order_findings(kb: KnowledgeBase) -> Iterator[Finding]:
    procedures = kb.procedures
    for pid, procedure in procedures.items():
        counterpart = procedure.open_counterpart
        if counterpart is not None and counterpart not in procedures:
            # A misspelt counterpart would leave "never slower than open" unchecked: refuse it.
            yield Finding(
                ("procedures", pid, "open_counterpart"),
                _("names '{other}', which is not a procedure of this knowledge base").format(other=counterpart),
            )
        elif counterpart is not None:
            yield from _never_stricter(kb, pid, counterpart, True)
            yield from _strictly_earlier(kb, pid, counterpart)
        if procedure.family == "discectomy":
            for fid, fusion in procedures.items():
                if fusion.family == "fusion" and fusion.category == procedure.category:
                    yield from _never_stricter(kb, pid, fid, False)
        if procedure.family == "general":
            for mid, other in procedures.items():
                if other.category == "minimally-invasive" and mid != pid:
                    yield from _never_looser(kb, pid, mid)


def _never_stricter(kb: KnowledgeBase, faster: str, slower: str, counterpart: bool) -> Iterator[Finding]:
    """`faster` never more restrictive than `slower`: its open counterpart, or else a fusion of the same approach."""
    fast, slow = kb.procedures[faster], kb.procedures[slower]
    if counterpart:
        activity_text = _("is more restrictive than its open counterpart '{other}' on day {day}")
        milestone_text = _("day {day} is later than its open counterpart '{other}' (day {other_day})")
    else:
        activity_text = _("is more restrictive than a fusion of the same approach '{other}' on day {day}")
        milestone_text = _("day {day} is later than a fusion of the same approach '{other}' (day {other_day})")
    for activity in sorted(set(fast.activities) & set(slow.activities)):
        day = first_stricter_day(fast.activities[activity], slow.activities[activity])
        if day is not None:
            yield Finding(
                ("procedures", faster, "activities", activity),
                activity_text.format(other=slower, day=day),
            )
    slow_days = {m.id: day for _index, m, day in milestone_days(slow)}
    for index, milestone, day in milestone_days(fast):
        if milestone.id in slow_days and day > slow_days[milestone.id]:
            yield Finding(
                ("procedures", faster, "milestones", index),
                milestone_text.format(day=day, other=slower, other_day=slow_days[milestone.id]),
            )


def _strictly_earlier(kb: KnowledgeBase, mis: str, open_: str) -> Iterator[Finding]:
    fast, slow = kb.procedures[mis], kb.procedures[open_]
    pairs = [(_("milestone discharge"), _day_of(fast, "discharge"), _day_of(slow, "discharge"))]
    for activity in STRICTLY_EARLIER_ACTIVITIES:
        rank: Verdict = "yes" if activity == "walk" else "limited"
        pairs.append(
            (
                _("activity {activity}").format(activity=activity),
                first_free(fast.activities.get(activity, []), rank),
                first_free(slow.activities.get(activity, []), rank),
            )
        )
    for what, fast_day, slow_day in pairs:
        if fast_day is not None and slow_day is not None and fast_day >= slow_day:
            yield Finding(
                ("procedures", mis),
                _("{what}: day {day} must be earlier than open '{open}' (day {open_day})").format(
                    what=what, day=fast_day, open=open_, open_day=slow_day
                ),
            )


def _never_looser(kb: KnowledgeBase, general: str, mis: str) -> Iterator[Finding]:
    plan, other = kb.procedures[general], kb.procedures[mis]
    for activity in FUSION_LIMITED_ACTIVITIES:
        if activity in plan.activities and activity in other.activities:
            day = first_stricter_day(plan.activities[activity], other.activities[activity], reverse=True)
            if day is not None:
                yield Finding(
                    ("procedures", general, "activities", activity),
                    _("is less cautious than '{other}' on day {day}; the general plan may follow a fusion").format(
                        other=mis, day=day
                    ),
                )


def _day_of(procedure: Procedure, milestone_id: str) -> int | None:
    return next((day for _index, m, day in milestone_days(procedure) if m.id == milestone_id), None)


def _factor_findings(kb: KnowledgeBase) -> Iterator[Finding]:
    for index, rule in enumerate(kb.factor_rules):
        if rule.effect != "delay":
            continue
        targets = set(rule.targets)
        for pid, procedure in kb.procedures.items():
            if rule.procedures is not None and pid not in rule.procedures:
                continue
            for phase in procedure.phases:
                if f"phase:{phase.id}" not in targets or phase.cautious_end is None:
                    continue
                for activity, steps in procedure.activities.items():
                    for step in steps:
                        if step.from_day != phase.end + 1 or step.verdict != "yes":
                            continue
                        moved = f"activity:{activity}" in targets and (step.cautious_from_day or 0) > phase.cautious_end
                        if not moved:
                            yield Finding(
                                ("factor_rules", index),
                                _(
                                    "'{rule}' moves the end of '{phase}' in '{procedure}' to day {day}, "
                                    "but '{activity}' still opens fully on day {activity_day}"
                                ).format(
                                    rule=rule.id,
                                    phase=phase.id,
                                    procedure=pid,
                                    day=phase.cautious_end,
                                    activity=activity,
                                    activity_day=step.from_day,
                                ),
                            )


def _general_only_findings(kb: KnowledgeBase) -> Iterator[Finding]:
    """One error when more distinct facts than `GENERAL_ONLY_TARGET` cite only general-guidance."""
    count = len(general_only_facts(kb))
    if count > GENERAL_ONLY_TARGET:
        problem = _(
            "{count} distinct facts cite only general-guidance; at most {target} may "
            "(add a seed text, a guideline or a paper where one exists)"
        )
        yield Finding(("sources", GENERAL), problem.format(count=count, target=GENERAL_ONLY_TARGET))


def general_only_facts(kb: KnowledgeBase) -> list[YamlPath]:
    """Paths of the distinct facts that cite only general-guidance (a fact shared by several plans once)."""
    seen: dict[str, YamlPath] = {}
    for path, fact in _facts(kb):
        if list(fact.sources) == [GENERAL]:
            key = json.dumps(fact.model_dump(mode="json"), sort_keys=True)
            seen.setdefault(key, path)
    return list(seen.values())


def _facts(kb: KnowledgeBase) -> Iterator[tuple[YamlPath, Any]]:
    for aid, activity in kb.activities.items():
        for index, condition in enumerate(activity.conditions):
            yield ("activities", aid, "conditions", index), condition
    for index, flag in enumerate(kb.red_flags):
        yield ("red_flags", index), flag
    for index, rule in enumerate(kb.factor_rules):
        yield ("factor_rules", index), rule
    for pid, procedure in kb.procedures.items():
        base: YamlPath = ("procedures", pid)
        yield (*base, "hospital_stay"), procedure.hospital_stay
        for index, phase in enumerate(procedure.phases):
            yield (*base, "phases", index), phase
        for index, milestone in enumerate(procedure.milestones):
            if milestone.sources:
                yield (*base, "milestones", index), milestone
        for index, flag in enumerate(procedure.red_flags):
            yield (*base, "red_flags", index), flag
        for activity_id, steps in procedure.activities.items():
            for index, step in enumerate(steps):
                yield (*base, "activities", activity_id, index), step
