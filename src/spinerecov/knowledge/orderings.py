"""Orderings between plans that the sources support, beyond each MIS plan against its own open operation.

- The general minimally invasive plan (`miss`) is never later than an open
  operation it may stand for: never later than the open fusion on any day, and
  never later than the open discectomy except for what it keeps at fusion pace
  in case the operation was a fusion (seeds 001, 002 and 003: minimally invasive
  surgery means a faster return than open surgery).
- A discectomy is never later than a fusion of another approach (an open
  discectomy against a minimally invasive fusion; Carragee 1996/1999, Mayo and
  RCS England against Mok/HSS). Where the approach decides and the sources
  disagree (walking on the first day, the hospital stay), the discectomy may be
  later, but its fact must then say so in a visible `sources_differ` note.

Same-approach orderings (MIS against its open counterpart, discectomy against
fusion) live in `fidelity.py`, which also calls these checks.
"""

from collections.abc import Iterator, Sequence

from spinerecov.i18n import _
from spinerecov.knowledge.models import VERDICTS, ActivityStep, Milestone, Procedure, Verdict
from spinerecov.knowledge.steps import allows_less, freedom, step_on
from spinerecov.knowledge.yaml_reader import YamlPath

HORIZON_DAYS = 400
"""Plans are compared day by day up to here (past every plan's last change)."""

GENERAL_FUSION_PACE = frozenset(
    {"lift", "bend-twist", "housework", "swim", "run", "sport", "contact-sport", "work-manual"}
)
"""What the general plan keeps at fusion pace (its description says so), so it may be later than a discectomy."""

APPROACH_DECIDES = frozenset({"walk", "discharge"})
"""Activities and milestones where the approach, not the operation, decides and the sources disagree."""

Problem = tuple[YamlPath, str]


def ordering_problems(procedures: dict[str, Procedure]) -> list[Problem]:
    """Every cross-approach ordering problem: the general plan against open surgery, discectomy against fusion."""
    problems: list[Problem] = []
    for pid, procedure in procedures.items():
        for oid, other in procedures.items():
            if procedure.family == "general" and other.category == "open":
                problems += _general_never_later_than_open(pid, procedure, oid, other)
            if procedure.family == "discectomy" and other.family == "fusion" and other.category != procedure.category:
                problems += _discectomy_never_later_than_fusion(pid, procedure, oid, other)
    return problems


def _general_never_later_than_open(gid: str, general: Procedure, oid: str, open_: Procedure) -> Iterator[Problem]:
    exempt = GENERAL_FUSION_PACE if open_.family == "discectomy" else frozenset()
    for activity in sorted(set(general.activities) & set(open_.activities) - exempt):
        day = first_stricter_day(general.activities[activity], open_.activities[activity])
        if day is not None:
            problem = _(
                "is more restrictive than the open operation '{other}' on day {day}: "
                "a minimally invasive plan is never slower than the open operation it replaces"
            )
            yield ("procedures", gid, "activities", activity), problem.format(other=oid, day=day)
    open_days = {m.id: day for _index, m, day in milestone_days(open_)}
    for index, milestone, day in milestone_days(general):
        if milestone.activity in exempt or milestone.id not in open_days or day <= open_days[milestone.id]:
            continue
        problem = _(
            "day {day} is later than the open operation '{other}' (day {other_day}): "
            "a minimally invasive plan is never slower than the open operation it replaces"
        )
        yield (
            ("procedures", gid, "milestones", index),
            problem.format(day=day, other=oid, other_day=open_days[milestone.id]),
        )


def _discectomy_never_later_than_fusion(did: str, disc: Procedure, fid: str, fusion: Procedure) -> Iterator[Problem]:
    for activity in sorted(set(disc.activities) & set(fusion.activities)):
        steps = disc.activities[activity]
        day = first_stricter_day(steps, fusion.activities[activity])
        if day is None:
            continue
        index = max(i for i, step in enumerate(steps) if step.from_day <= day)
        if activity in APPROACH_DECIDES:
            if steps[index].sources_differ is None:
                yield (("procedures", did, "activities", activity, index), _needs_differ(fid, day))
            continue
        problem = _(
            "is more restrictive than the fusion '{other}' on day {day}: a discectomy is never slower than a fusion"
        )
        yield ("procedures", did, "activities", activity), problem.format(other=fid, day=day)
    fusion_days = {m.id: day for _index, m, day in milestone_days(fusion)}
    for index, milestone, day in milestone_days(disc):
        if milestone.id not in fusion_days or day <= fusion_days[milestone.id]:
            continue
        path: YamlPath = ("procedures", did, "milestones", index)
        if milestone.id in APPROACH_DECIDES:
            if milestone.sources_differ is None:
                yield path, _needs_differ(fid, day)
            continue
        problem = _(
            "day {day} is later than the fusion '{other}' (day {other_day}): a discectomy is never slower than a fusion"
        )
        yield path, problem.format(day=day, other=fid, other_day=fusion_days[milestone.id])


def _needs_differ(other: str, day: int) -> str:
    problem = _(
        "is later than the fusion '{other}' on day {day}; where the sources disagree, it needs a 'sources_differ' note"
    )
    return problem.format(other=other, day=day)


def first_stricter_day(fast: Sequence[ActivityStep], slow: Sequence[ActivityStep], reverse: bool = False) -> int | None:
    """First day `fast` allows less than `slow` (or, with reverse, more); None if never.

    A schedule changes only on the days its steps start, so only day 0 and those days need
    comparing: between them both schedules hold still (the same answer as trying every day).
    """
    changes = {step.from_day for step in (*fast, *slow) if 0 < step.from_day < HORIZON_DAYS}
    for day in sorted({0, *changes}):
        mine, theirs = freedom(step_on(fast, day)), freedom(step_on(slow, day))
        if allows_less(theirs, mine) if reverse else allows_less(mine, theirs):
            return day
    return None


def first_free(steps: Sequence[ActivityStep], verdict: Verdict) -> int | None:
    """The first day `steps` allow at least `verdict`; None if never."""
    rank = VERDICTS.index(verdict)
    return next((s.from_day for s in steps if VERDICTS.index(s.verdict) >= rank), None)


def milestone_days(procedure: Procedure) -> Iterator[tuple[int, Milestone, int]]:
    """(index, milestone, day) for each milestone whose day is known: its own, its activity's or its phase's."""
    for index, milestone in enumerate(procedure.milestones):
        day = _resolve(procedure, milestone)
        if day is not None:
            yield index, milestone, day


def _resolve(procedure: Procedure, milestone: Milestone) -> int | None:
    if milestone.day is not None:
        return milestone.day
    if milestone.activity is not None:
        return first_free(procedure.activities.get(milestone.activity, []), "limited")
    return next((p.start for p in procedure.phases if p.id == milestone.phase), None)
