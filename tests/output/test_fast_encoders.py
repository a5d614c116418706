"""The fast JSON and calendar writers give exactly the bytes of the slow ones they replace."""

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from icalendar.parser.string import _foldline

from conftest import make_timeline
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.calendar import to_ics
from spinerecov.output.ical_folding import fold_line
from spinerecov.output.json_parts import to_json
from spinerecov.output.json_plan import timeline_to_dict

FACTORS = [
    PatientFactors(),
    PatientFactors(smoker=True, age=70, diabetes=True, bmi=31.5, job="manual", health="poor"),
    PatientFactors(nerve_damage=True, workers_comp=True, depression_anxiety=True, levels=3),
]
FOLD_TEXT = st.text(alphabet=st.sampled_from(["a", " ", ",", "\\", "^", ";", "é", "€", "😀", "ü", "x"]), max_size=400)
JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4)
)


def _slow_json(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@given(FOLD_TEXT)
def test_folding_matches_icalendar(line: str) -> None:
    """Any line (long, non-ASCII, escapes at fold points) folds to icalendar's bytes."""
    assert fold_line(line) == _foldline(line).encode("utf-8")


def test_every_plan_calendar_matches_icalendar(kb: KnowledgeBase) -> None:
    """Each procedure's calendar, with and without factors, is byte for byte icalendar's own to_ical()."""
    from icalendar import Calendar

    for procedure in kb.procedures:
        for factors in FACTORS:
            ours = to_ics(make_timeline(kb, procedure, factors), kb, "p1")
            assert ours == Calendar.from_ical(ours).to_ical(), procedure
            assert b"\r\n " in ours  # long lines were folded, so the test sees folding


def test_every_plan_json_matches_the_standard_library(kb: KnowledgeBase) -> None:
    """Each procedure's JSON plan, with and without factors, is byte for byte json.dumps(indent=2)."""
    for procedure in kb.procedures:
        for factors in FACTORS:
            document = timeline_to_dict(make_timeline(kb, procedure, factors), kb)
            assert to_json(document) == _slow_json(document), procedure


@given(JSON_VALUES)
def test_any_document_matches_the_standard_library(document: Any) -> None:
    """Any JSON document (exponents, huge integers, escapes, empty containers) gives json.dumps's bytes."""
    assert to_json(document) == _slow_json(document)
