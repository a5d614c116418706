"""Pure: which of a patient's dated milestones fall in one week (Monday to Sunday), for a clinic's list.

Every dated milestone of the plan counts (visits, questionnaires, check-ins,
activities, events): they are taken from the plan the engine builds
(`plan.timeline.build_timeline`), so whatever the engine dates is due on its
date. A list of 100,000 patients holds a few hundred plan shapes (an operation
and a set of factors), so each shape's milestones are worked out once and a
patient costs a search in a sorted list.
"""

import bisect
import datetime as dt
from typing import NamedTuple

from spinerecov.knowledge.factors import FACTORS
from spinerecov.knowledge.models import DayRange, KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.knowledge.values import EARLIEST_SURGERY
from spinerecov.plan.personalise import matching_factors, personalise
from spinerecov.plan.timeline import build_timeline


class Week(NamedTuple):
    """Monday to Sunday, both days included."""

    monday: dt.date
    sunday: dt.date

    def days(self) -> tuple[dt.date, ...]:
        """The seven dates of the week, Monday first."""
        return tuple(self.monday + dt.timedelta(days=offset) for offset in range(7))


def week_of_date(day: dt.date) -> Week:
    """The week (Monday to Sunday) that holds `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return Week(monday, monday + dt.timedelta(days=6))


class DueMilestone(NamedTuple):
    """A milestone of a plan shape: its day after surgery and what it is, with its sourced range."""

    day: int
    kind: str
    id: str
    name: str
    optional: bool
    range: DayRange
    sources: tuple[str, ...]


class Due(NamedTuple):
    """A milestone that falls on `date` for one patient."""

    date: dt.date
    milestone: DueMilestone


class DueEvent(NamedTuple):
    """A milestone due for one patient of a list: who (their id and line in the list) and what."""

    patient_id: str
    line: int
    due: Due


class DueWeek(NamedTuple):
    """A list's week: its events by day (Monday first, each day in list order), and how its rows fared."""

    week: Week
    by_day: tuple[tuple[DueEvent, ...], ...]
    patients: int
    """Rows read from the list, the failed ones included."""
    patients_due: int
    failed: tuple[tuple[int, str, str], ...]
    """(line, id, reason) of every row that failed."""

    @property
    def events(self) -> int:
        """How many events fall in the week."""
        return sum(len(day) for day in self.by_day)


class Shape(NamedTuple):
    """One plan shape's milestones, sorted by day, with the days alone for searching."""

    days: tuple[int, ...]
    milestones: tuple[DueMilestone, ...]


SHAPES_KEPT = 4096
"""Plan shapes kept at a time; a list rarely holds more than a few hundred."""
_shapes: dict[tuple[int, str, tuple[object, ...]], tuple[KnowledgeBase, Shape]] = {}
_limits: dict[int, tuple[KnowledgeBase, dict[str, tuple[float, ...]]]] = {}


def shape_key(kb: KnowledgeBase, factors: PatientFactors) -> tuple[object, ...]:
    """What of `factors` can change a plan's dates: equal keys, equal dates.

    A number a rule compares with thresholds (age at least 65, say) counts only by which of the
    knowledge base's thresholds it reaches, so ages 70 and 71 share a shape; every other factor
    (yes or no, a word such as the job, which also hides heavier work) counts by its value.
    """
    limits = _thresholds(kb)
    key: list[object] = []
    for factor in FACTORS:
        value = getattr(factors, factor.name)
        steps = limits.get(factor.name)
        if steps is None or value is None:
            key.append(value)
        else:
            key.append(bisect.bisect_right(steps, value))
    return tuple(key)


def _thresholds(kb: KnowledgeBase) -> dict[str, tuple[float, ...]]:
    """Each 'at least' factor's thresholds in the knowledge base's rules, sorted."""
    kept = _limits.get(id(kb))
    if kept is not None and kept[0] is kb:
        return kept[1]
    found: dict[str, tuple[float, ...]] = {}
    for factor in FACTORS:
        if factor.test == "at-least":
            values = {getattr(rule.when, factor.condition) for rule in kb.factor_rules}
            found[factor.name] = tuple(sorted(value for value in values if value is not None))
    _limits.clear()
    _limits[id(kb)] = (kb, found)
    return found


def plan_shape(kb: KnowledgeBase, procedure_id: str, factors: PatientFactors) -> Shape:
    """The dated milestones of `procedure_id` personalised for `factors`, as days after surgery.

    Looked up by the factors' `shape_key` first; a key not seen yet is reduced to what the
    engine acts on (the factor rules that match and the job, which hides heavier work), so
    the plan itself is made once for each set of rules that apply, however many patients share it.
    """
    key = (id(kb), procedure_id, shape_key(kb, factors))
    kept = _shapes.get(key)
    # The knowledge base is kept with its shape, so its id cannot be reused while the entry is here.
    if kept is not None and kept[0] is kb:
        return kept[1]
    if len(_shapes) >= SHAPES_KEPT:
        _shapes.clear()
        _ruled.clear()
    ruled = (id(kb), procedure_id, _rules_applied(kb, procedure_id, factors))
    made = _ruled.get(ruled)
    if made is None or made[0] is not kb:
        made = _ruled[ruled] = (kb, _make_shape(kb, procedure_id, factors))
    _shapes[key] = made
    return made[1]


_ruled: dict[tuple[int, str, tuple[object, ...]], tuple[KnowledgeBase, Shape]] = {}
"""Shapes by the rules that apply and the job."""


DATE_NEUTRAL_EFFECTS = frozenset({"limit", "guidance"})
"""Factor rule effects that never move a date (a condition on an activity, advice); any other effect may."""


def _rules_applied(kb: KnowledgeBase, procedure_id: str, factors: PatientFactors) -> tuple[object, ...]:
    """The factor rules that apply to this patient and operation and may move a date (by position), and the job."""
    applied: list[object] = [
        index
        for index, rule in enumerate(kb.factor_rules)
        if rule.effect not in DATE_NEUTRAL_EFFECTS
        and (rule.procedures is None or procedure_id in rule.procedures)
        and matching_factors(rule.when, factors) is not None
    ]
    return (*applied, factors.job)


def _make_shape(kb: KnowledgeBase, procedure_id: str, factors: PatientFactors) -> Shape:
    personalised = personalise(kb, procedure_id, factors)
    timeline = build_timeline(kb, personalised, factors, EARLIEST_SURGERY, EARLIEST_SURGERY)
    milestones = tuple(
        DueMilestone(m.day, m.kind, m.id, m.name, m.optional, m.range, m.sources) for m in timeline.milestones
    )
    ordered = tuple(sorted(milestones, key=lambda m: m.day))
    return Shape(tuple(m.day for m in ordered), ordered)


def due_in(shape: Shape, surgery: dt.date, week: Week) -> tuple[Due, ...]:
    """The shape's milestones that fall in `week` for a patient operated on `surgery`, in date order."""
    first = (week.monday - surgery).days
    low = bisect.bisect_left(shape.days, first)
    high = bisect.bisect_right(shape.days, first + 6, lo=low)
    return tuple(Due(surgery + dt.timedelta(days=m.day), m) for m in shape.milestones[low:high])


def forget_shapes() -> None:
    """Drop every kept shape (a new run may use another knowledge base or language)."""
    _shapes.clear()
    _ruled.clear()
    _limits.clear()
