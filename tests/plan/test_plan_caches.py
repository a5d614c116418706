"""The caches behind a batch (adjusted procedures, undated plans) never change a plan, only its cost."""

import datetime as dt

import pytest

from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.plan import personalise as personalise_module
from spinerecov.plan import timeline as timeline_module
from spinerecov.plan.personalise import personalise
from spinerecov.plan.timeline import Timeline, build_timeline

PATIENTS = [
    ("mis-fusion", PatientFactors(smoker=True, age=71), dt.date(2026, 12, 1), dt.date(2026, 11, 21)),
    ("mis-fusion", PatientFactors(smoker=True, age=83), dt.date(2027, 1, 9), dt.date(2027, 3, 2)),
    ("endoscopic", PatientFactors(diabetes=True, bmi=33.1, job="heavy"), dt.date(2026, 12, 3), dt.date(2027, 2, 1)),
    ("endoscopic", PatientFactors(), dt.date(2026, 12, 3), dt.date(2026, 12, 10)),
    (
        "open-fusion",
        PatientFactors(nerve_damage=True, health="poor", levels=3),
        dt.date(2026, 5, 1),
        dt.date(2027, 6, 1),
    ),
]


def _plans(kb: KnowledgeBase) -> list[Timeline]:
    return [
        build_timeline(kb, personalise(kb, procedure, factors), factors, surgery, today)
        for procedure, factors, surgery, today in PATIENTS
    ]


def test_cached_plans_equal_plans_built_afresh(kb: KnowledgeBase) -> None:
    """Plans built from warm caches (other dates, other values of the same factors) equal plans built from none."""
    _plans(kb)
    warm = _plans(kb)
    fresh = []
    for procedure, factors, surgery, today in PATIENTS:
        personalise_module._adjusted_procedures.clear()
        timeline_module._undated_plans.clear()
        fresh.append(build_timeline(kb, personalise(kb, procedure, factors), factors, surgery, today))
    assert warm == fresh


def test_the_same_changes_give_the_same_procedure(kb: KnowledgeBase) -> None:
    """Two patients whose factors move the same steps share one adjusted procedure; other changes do not."""
    smoker_71 = personalise(kb, "mis-fusion", PatientFactors(smoker=True, age=71))
    smoker_83 = personalise(kb, "mis-fusion", PatientFactors(smoker=True, age=83))
    assert smoker_71.procedure is smoker_83.procedure
    assert smoker_71.adjustments != smoker_83.adjustments  # each patient's own age is in the reasons
    assert personalise(kb, "mis-fusion", PatientFactors()).procedure is kb.procedures["mis-fusion"]
    assert personalise(kb, "mis-fusion", PatientFactors(diabetes=True)).procedure is not smoker_71.procedure


@pytest.mark.parametrize("kept", [1, 2])
def test_full_caches_start_again(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch, kept: int) -> None:
    """A cache that reaches its size starts again, so memory stays flat over any number of patients."""
    monkeypatch.setattr(personalise_module, "ADJUSTED_KEPT", kept)
    monkeypatch.setattr(timeline_module, "UNDATED_PLANS_KEPT", kept)
    first = _plans(kb)
    assert len(personalise_module._adjusted_procedures) <= kept
    assert len(timeline_module._undated_plans) <= kept
    assert _plans(kb) == first
