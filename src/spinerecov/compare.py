"""Pure: several procedures side by side, for the same patient: stay, milestone weeks, activity weeks."""

from typing import NamedTuple

from spinerecov.errors import UsageError
from spinerecov.knowledge import find_procedure
from spinerecov.models import KnowledgeBase, PatientFactors, Procedure
from spinerecov.personalise import personalise
from spinerecov.timeline import first_day_at_least, milestone_day, schedule, week_of

COMPARED_MILESTONES = (
    ("discharge", "Home from hospital"),
    ("driving", "Driving again"),
    ("return-desk-work", "Back to desk work"),
    ("return-manual-work", "Back to manual work"),
    ("sport", "Sport again"),
    ("full-recovery", "Full recovery"),
)


def compared_value(day: int | None) -> str:
    """'day 2' in the first two weeks (where weeks hide differences), then 'week 7'; None is 'ask surgeon'."""
    if day is None:
        return "ask surgeon"
    return f"day {day}" if day < 14 else f"week {week_of(day)}"


class ComparedRow(NamedTuple):
    """One line of the comparison: a label and one value per procedure (a day, or None)."""

    key: str
    label: str
    days: tuple[int | None, ...]

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
    factors: PatientFactors


def compare_procedures(kb: KnowledgeBase, names: list[str], factors: PatientFactors) -> Comparison:
    """Compare the procedures called `names` (ids or aliases; a typo gets did-you-mean)."""
    ids: list[str] = []
    for name in names:
        ident, _ = find_procedure(kb, name)
        if ident not in ids:
            ids.append(ident)
    if len(ids) < 2:
        raise UsageError(
            f"{' and '.join(repr(n) for n in names)} name the same procedure ({ids[0]}); give two different ones."
        )
    plans = [personalise(kb, ident, factors).procedure for ident in ids]
    milestones = tuple(
        ComparedRow(ident, label, tuple(_milestone(p, ident) for p in plans)) for ident, label in COMPARED_MILESTONES
    )
    activities = tuple(
        ComparedRow(ident, activity.name, tuple(first_day_at_least(schedule(p, ident), "yes") for p in plans))
        for ident, activity in kb.activities.items()
    )
    return Comparison(
        procedure_ids=tuple(ids),
        names=tuple(p.name for p in plans),
        stays=tuple(p.hospital_stay.text for p in plans),
        milestones=milestones,
        activities=activities,
        factors=factors,
    )


def _milestone(procedure: Procedure, ident: str) -> int | None:
    if ident not in {m.id for m in procedure.milestones}:
        return None
    return milestone_day(procedure, ident)
