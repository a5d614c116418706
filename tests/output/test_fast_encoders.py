"""The fast JSON and calendar writers: JSON is the standard library's bytes, calendars mean what RFC 5545 says.

The calendar tests assert spinerecov's behaviour (folding, escaping and
durations as RFC 5545 defines them; a calendar that means what icalendar's own
components would build), never the bytes one icalendar release happens to write,
so they pass with every icalendar the test extra allows.
"""

import datetime as dt
import json
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import make_timeline
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.calendar import writer as ical_writer
from spinerecov.output.calendar.folding import fold_line
from spinerecov.output.calendar.plan import to_ics
from spinerecov.output.json.encoding import to_json
from spinerecov.output.json.plan import timeline_to_dict
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
def test_folding_follows_rfc_5545(line: str) -> None:
    """Any line folds into pieces of at most 75 octets with the fold's space, whole characters and whole escapes."""
    folded = fold_line(line)
    pieces = folded.split(b"\r\n ")
    assert b"".join(pieces) == line.encode("utf-8")  # unfolding gives the line back
    assert all(0 < len(piece) <= 74 for piece in pieces) or folded == b""
    for piece in pieces:
        piece.decode("utf-8")  # no character straddles a fold
    assert all(len(piece) == 1 or piece[-1:] not in (b"\\", b"^") for piece in pieces[:-1])
    assert (len(pieces) == 1) == (len(line.encode("utf-8")) <= 74)  # short lines stay whole


def _meaning(calendar: bytes) -> list[tuple[str | None, list[tuple[Any, ...]]]]:
    """Each component and its properties (name, parameters, value) as icalendar reads them: not their bytes."""
    from icalendar import Calendar

    found = []
    for component in Calendar.from_ical(calendar).walk():
        properties = []
        for name, value in component.items():
            for one in value if isinstance(value, list) else [value]:
                properties.append((name, tuple(sorted(one.params.items())), one.to_ical()))
        found.append((component.name, sorted(properties)))
    return found


def test_every_plan_calendar_is_read_back_whole_by_icalendar(kb: KnowledgeBase) -> None:
    """Each procedure's calendar, with and without factors, reads back with every line whole and folded."""
    from icalendar import Calendar

    for procedure in kb.procedures:
        for factors in FACTORS:
            timeline = make_timeline(kb, procedure, factors)
            ours = to_ics(timeline, kb, "p1")
            events = Calendar.from_ical(ours).walk("VEVENT")
            assert len(events) == len(timeline.phases) + len(timeline.milestones) + 1, procedure
            assert all(len(line) <= 75 for line in ours.split(b"\r\n")), procedure
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
    """The hand-written calendar means what icalendar's components give, property for property."""
    from icalendar import Calendar

    for procedure in kb.procedures:
        timeline = make_timeline(kb, procedure, factors)
        ours = to_ics(timeline, kb, "p-1,é;x")
        assert _meaning(ours) == _meaning(_icalendar_ics(timeline, kb, "p-1,é;x", monkeypatch)), procedure
        parsed = Calendar.from_ical(ours)
        assert len(parsed.walk("VEVENT")) == len(timeline.phases) + len(timeline.milestones) + 1


def test_a_clinic_calendar_is_the_one_icalendar_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a clinic protocol (contact line, extra rules), the calendar still means what icalendar's would."""
    from pathlib import Path

    from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path

    protocol = Path(__file__).resolve().parents[2] / "examples" / "clinic-protocol.yaml"
    clinic_kb = load_knowledge_base(resolve_kb_path(), protocol)
    for procedure in clinic_kb.procedures:
        timeline = make_timeline(clinic_kb, procedure, FACTORS[1])
        ours = to_ics(timeline, clinic_kb, "p2")
        assert _meaning(ours) == _meaning(_icalendar_ics(timeline, clinic_kb, "p2", monkeypatch)), procedure


TEXT_VALUE = re.compile(r"(?:[^\\;,\r\n]|\\[\\;,n])*")
"""RFC 5545 section 3.3.11: a TEXT value escapes backslash, semicolon, comma and line breaks."""


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


@given(st.text(alphabet=st.sampled_from(["a", ",", ";", "\\", "N", "\n", "\r", "é", " "]), max_size=40))
def test_text_escaping_follows_rfc_5545(text: str) -> None:
    """Any text (backslashes, a literal backslash-N, lone carriage returns) is a valid TEXT value that reads back."""
    escaped = ical_writer.escape_text(text)
    assert TEXT_VALUE.fullmatch(escaped), escaped
    # A literal backslash-N is read as a line break, as calendar programs do; every line break is one \n.
    expected = text.replace("\\N", "\n").replace("\r\n", "\n").replace("\r", "\n")
    assert _unescape(escaped) == expected


DURATION = re.compile(r"(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?")
DUR_TIME = r"T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S)"
DURATION_GRAMMAR = re.compile(rf"-?P(?:\d+D(?:{DUR_TIME})?|{DUR_TIME})")
"""RFC 5545 section 3.3.6's dur-value (weeks aside, which a plan never writes)."""


@given(st.integers(min_value=-400 * 86400, max_value=400 * 86400).map(lambda s: dt.timedelta(seconds=s)))
def test_durations_follow_rfc_5545(duration: dt.timedelta) -> None:
    """Any whole-second duration (negative, days with hours, seconds) is a valid DURATION that reads back as itself."""
    text = ical_writer.duration_text(duration)
    assert DURATION_GRAMMAR.fullmatch(text), text
    match = DURATION.fullmatch(text)
    assert match is not None
    sign, days, hours, minutes, seconds = match.groups()
    value = dt.timedelta(
        days=int(days or 0), hours=int(hours or 0), minutes=int(minutes or 0), seconds=int(seconds or 0)
    )
    assert (-value if sign else value) == duration


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
    from spinerecov.output.json.encoding import _written_differently

    assert _written_differently(text) or not _exponent_seen_before(text)


def test_a_spanish_calendar_is_the_one_icalendar_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Spanish text (accents, ñ, ¿, «», multi-byte characters at fold points) means what icalendar's would."""
    from icalendar import Calendar

    from spinerecov.i18n import use_language
    from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path

    use_language("es")
    try:
        spanish_kb = load_knowledge_base(resolve_kb_path(), None, "es")
        for procedure in spanish_kb.procedures:
            timeline = make_timeline(spanish_kb, procedure, FACTORS[1])
            ours = to_ics(timeline, spanish_kb, "p3")
            assert _meaning(ours) == _meaning(_icalendar_ics(timeline, spanish_kb, "p3", monkeypatch)), procedure
            assert "Plan de recuperación".encode() in ours.replace(b"\r\n ", b"")
            assert Calendar.from_ical(ours).walk("VEVENT"), procedure
    finally:
        use_language("en")
