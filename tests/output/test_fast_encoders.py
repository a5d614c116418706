"""The fast JSON and calendar writers give exactly the bytes of the slow ones they replace."""

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar.parser.string import _foldline

from conftest import make_timeline
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output import ical_writer
from spinerecov.output.calendar import to_ics
from spinerecov.output.ical_folding import fold_line
from spinerecov.output.json_parts import to_json
from spinerecov.output.json_plan import timeline_to_dict
from spinerecov.plan.timeline import Timeline

FACTORS = [
    PatientFactors(),
    PatientFactors(smoker=True, age=70, diabetes=True, bmi=31.5, job="manual", health="poor"),
    PatientFactors(nerve_damage=True, workers_comp=True, depression_anxiety=True, levels=3),
]
MORE_FACTORS = [
    PatientFactors(age=90, bmi=40.2, job="heavy", health="fair", smoker=False, diabetes=False),
    PatientFactors(age=45, job="desk", health="good", nerve_damage=False),
    PatientFactors(smoker=True, levels=1, job="light", bmi=18.5),
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


def _icalendar_ics(timeline: Timeline, kb: KnowledgeBase, patient_id: str, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """The calendar `to_ics` builds when it is given icalendar's own component classes."""
    import icalendar

    with monkeypatch.context() as patched:
        for name in ("Alarm", "Calendar", "Event", "vText"):
            patched.setattr(ical_writer, name, getattr(icalendar, name))
        return to_ics(timeline, kb, patient_id)


@pytest.mark.parametrize("factors", [*FACTORS, *MORE_FACTORS])
def test_every_calendar_is_the_one_icalendar_builds(
    kb: KnowledgeBase, factors: PatientFactors, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hand-written calendar is byte for byte the one icalendar's components give, and icalendar reads it."""
    from icalendar import Calendar

    for procedure in kb.procedures:
        timeline = make_timeline(kb, procedure, factors)
        ours = to_ics(timeline, kb, "p-1,é;x")
        assert ours == _icalendar_ics(timeline, kb, "p-1,é;x", monkeypatch), procedure
        parsed = Calendar.from_ical(ours)
        assert len(parsed.walk("VEVENT")) == len(timeline.phases) + len(timeline.milestones) + 1


def test_a_clinic_calendar_is_the_one_icalendar_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a clinic protocol (contact line, extra rules), the calendar is still icalendar's, byte for byte."""
    from pathlib import Path

    from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path

    protocol = Path(__file__).resolve().parents[2] / "examples" / "clinic-protocol.yaml"
    clinic_kb = load_knowledge_base(resolve_kb_path(), protocol)
    for procedure in clinic_kb.procedures:
        timeline = make_timeline(clinic_kb, procedure, FACTORS[1])
        assert to_ics(timeline, clinic_kb, "p2") == _icalendar_ics(timeline, clinic_kb, "p2", monkeypatch), procedure


@given(st.text(alphabet=st.sampled_from(["a", ",", ";", "\\", "N", "\n", "\r", "é", " "]), max_size=40))
def test_text_escaping_matches_icalendar(text: str) -> None:
    """Any text (backslashes, a literal backslash-N, lone carriage returns) is escaped as icalendar escapes it."""
    from icalendar import vText

    assert ical_writer.escape_text(text).encode("utf-8") == vText(text).to_ical()


@given(st.timedeltas(min_value=dt.timedelta(days=-400), max_value=dt.timedelta(days=400)))
def test_durations_match_icalendar(duration: dt.timedelta) -> None:
    """Any duration (negative, days with hours, seconds) is written as icalendar writes it."""
    from icalendar import vDuration

    assert ical_writer.duration_text(duration).encode("utf-8") == vDuration(duration).to_ical()  # type: ignore[no-untyped-call]


def test_the_writer_refuses_values_it_cannot_write() -> None:
    """A value type a plan never uses is an error, never a guess at its text."""
    event = ical_writer.Event()
    for value in (True, 1.5, dt.datetime(2026, 1, 1, 9, 0), dt.time(9, 0)):
        with pytest.raises(TypeError):
            event.add("x-value", value)
    event.add("uid", "a")
    with pytest.raises(ValueError, match="already set"):
        event.add("UID", "b")


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


def _exponent_seen_before(text: bytes) -> bool:
    """The exponent check as it was: every `e[-+]?digit` after a digit or a point."""
    import re

    found = re.finditer(rb"e[-+]?[0-9]", text)
    return any(m.start() > 0 and text[m.start() - 1] in b"0123456789." for m in found)


@given(st.binary(max_size=60) | st.text(alphabet="0123456789.e+-x\x01 ", max_size=60).map(str.encode))
def test_the_float_check_never_misses_an_exponent(text: bytes) -> None:
    """Wherever the old scan saw an exponent, the faster one does too (it may send a few more to the slow path)."""
    from spinerecov.output.json_parts import _written_differently

    assert _written_differently(text) or not _exponent_seen_before(text)


def test_a_spanish_calendar_is_the_one_icalendar_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Spanish text (accents, ñ, ¿, «», multi-byte characters at fold points) is written as icalendar writes it."""
    from icalendar import Calendar

    from spinerecov.i18n import use_language
    from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path

    use_language("es")
    try:
        spanish_kb = load_knowledge_base(resolve_kb_path(), None, "es")
        for procedure in spanish_kb.procedures:
            timeline = make_timeline(spanish_kb, procedure, FACTORS[1])
            ours = to_ics(timeline, spanish_kb, "p3")
            assert ours == _icalendar_ics(timeline, spanish_kb, "p3", monkeypatch), procedure
            assert "Plan de recuperación".encode() in ours.replace(b"\r\n ", b"")
            assert ours == Calendar.from_ical(ours).to_ical(), procedure
    finally:
        use_language("en")
