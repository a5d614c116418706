"""Pure: several procedures side by side, for the same patient: stay, milestone weeks, activity weeks."""

from typing import NamedTuple

from spinerecov.errors import UsageError, clip
from spinerecov.i18n import N_, _
from spinerecov.knowledge.lookup import find_procedure
from spinerecov.knowledge.models import DayRange, KnowledgeBase, Procedure, SourcesDiffer, Verdict
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.plan.personalise import personalise
from spinerecov.plan.schedule import first_day_at_least, schedule, step_range
from spinerecov.plan.timeline import milestone_day, milestone_range

COMPARED_MILESTONES = (
    ("discharge", N_("Home from hospital")),
    ("stop-strong-pain-medicine", N_("Strong pain medicine stopped")),
    ("driving", N_("Driving again")),
    ("return-desk-work", N_("Back to desk work")),
    ("return-manual-work", N_("Back to manual work")),
    ("sport", N_("Sport again")),
    ("full-recovery", N_("Full recovery")),
)
"""The milestones compared, with their labels (translated where a comparison is made)."""


def compared_sections(comparison: "Comparison") -> tuple[tuple[str, tuple["ComparedRow", ...]], ...]:
    """The comparison's sections in order, with their titles."""
    return (
        (_("Milestones"), comparison.milestones),
        (_("Allowed with limits"), comparison.limited),
        (_("Allowed without limits"), comparison.activities),
    )


class ComparedRow(NamedTuple):
    """One line of the comparison: a label and one value per procedure (a day, or None)."""

    key: str
    label: str
    days: tuple[int | None, ...]
    ranges: tuple[DayRange | None, ...]
    sources_differ: tuple[SourcesDiffer | None, ...]

    @property
    def differs(self) -> bool:
        """True when the procedures do not all agree."""
        return len(set(self.days)) > 1


class Comparison(NamedTuple):
    """Procedures compared: their ids and names, stays, and rows of days."""

    procedure_ids: tuple[str, ...]
    names: tuple[str, ...]
    stays: tuple[str, ...]
    milestones: tuple[ComparedRow, ...]
    activities: tuple[ComparedRow, ...]
    limited: tuple[ComparedRow, ...]
    factors: PatientFactors


def compare_procedures(kb: KnowledgeBase, names: list[str], factors: PatientFactors) -> Comparison:
    """Compare the procedures called `names` (ids or aliases; a typo gets did-you-mean)."""
    ids: list[str] = []
    for name in names:
        ident, _procedure = find_procedure(kb, name)
        if ident not in ids:
            ids.append(ident)
    if len(ids) < 2:
        given = _(" and ").join(repr(clip(n)) for n in dict.fromkeys(names))
        raise UsageError(
            _("{names} all name the same procedure ({procedure}); give two different ones.").format(
                names=given, procedure=ids[0]
            )
        )
    plans = [personalise(kb, ident, factors).procedure for ident in ids]
    # A milestone no plan has for this patient (work heavier than their job) is not compared.
    milestones = tuple(
        _milestone_row(plans, ident, _(label))
        for ident, label in COMPARED_MILESTONES
        if any(m.id == ident for plan in plans for m in plan.milestones)
    )
    activities = tuple(_activity_row(plans, ident, activity.name, "yes") for ident, activity in kb.activities.items())
    limited = tuple(_activity_row(plans, ident, activity.name, "limited") for ident, activity in kb.activities.items())
    return Comparison(
        procedure_ids=tuple(ids),
        names=tuple(p.name for p in plans),
        stays=tuple(p.hospital_stay.text for p in plans),
        milestones=milestones,
        activities=activities,
        limited=limited,
        factors=factors,
    )


def _milestone_row(plans: list[Procedure], ident: str, label: str) -> ComparedRow:
    days, ranges, differs = [], [], []
    for plan in plans:
        milestone = next((m for m in plan.milestones if m.id == ident), None)
        day = milestone_day(plan, ident) if milestone is not None else None
        sourced, differ = (
            milestone_range(plan, milestone, day) if milestone is not None and day is not None else (None, None)
        )
        days.append(day)
        ranges.append(sourced)
        differs.append(differ)
    return ComparedRow(ident, label, tuple(days), tuple(ranges), tuple(differs))


def _activity_row(plans: list[Procedure], ident: str, label: str, verdict: Verdict) -> ComparedRow:
    days, ranges, differs = [], [], []
    for plan in plans:
        steps = schedule(plan, ident)
        day = first_day_at_least(steps, verdict)
        opening = next((s for s in steps if s.from_day == day), None)
        days.append(day)
        ranges.append(step_range(opening) if opening is not None and day else None)
        differs.append(opening.sources_differ if opening is not None else None)
    return ComparedRow(ident, label, tuple(days), tuple(ranges), tuple(differs))
