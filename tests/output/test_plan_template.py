"""Plans filled in from a kept template are byte for byte the plans rendered whole, whatever the patient."""

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinerecov.i18n import Language, use_language
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output import plan_template
from spinerecov.output.markdown import repeated_markdown, to_markdown
from spinerecov.output.plan_formats import render_plan
from spinerecov.output.plan_template import (
    TEXT_MARKS,
    Recording,
    TemplateLeak,
    cut_text,
    render_repeated,
    shape_of,
    split_marks,
)
from spinerecov.plan.personalise import personalise
from spinerecov.plan.timeline import Timeline, build_timeline

TEMPLATED = ("markdown", "json", "ics")
FACTORS = st.builds(
    PatientFactors,
    age=st.none() | st.integers(18, 100),
    smoker=st.booleans(),
    diabetes=st.booleans(),
    bmi=st.none() | st.floats(15, 60).map(lambda bmi: round(bmi, 1)),
    job=st.none() | st.sampled_from(["desk", "light", "manual", "heavy"]),
    nerve_damage=st.booleans(),
    health=st.none() | st.sampled_from(["good", "fair", "poor"]),
    workers_comp=st.booleans(),
    depression_anxiety=st.booleans(),
    levels=st.none() | st.integers(1, 4),
)
DATES = st.dates(dt.date(1999, 1, 1), dt.date(2060, 12, 31))
PATIENT_IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)


@pytest.fixture(scope="module")
def both_kbs() -> Iterator[dict[str, KnowledgeBase]]:
    """The built-in knowledge base in English and in Spanish."""
    use_language("es")
    try:
        spanish = load_knowledge_base(resolve_kb_path(), None, "es")
    finally:
        use_language("en")
    yield {"en": load_knowledge_base(resolve_kb_path(), None, "en"), "es": spanish}


def _timeline(kb: KnowledgeBase, procedure: str, factors: PatientFactors, surgery: dt.date, today: dt.date) -> Timeline:
    return build_timeline(kb, personalise(kb, procedure, factors), factors, surgery, today)


@given(
    procedure=st.sampled_from(["endoscopic", "tubular", "mis-fusion", "open-discectomy", "open-fusion", "miss"]),
    factors=FACTORS,
    surgery=DATES,
    days_seen=st.integers(-60, 500),
    language=st.sampled_from(["en", "es"]),
    patient_id=PATIENT_IDS,
)
def test_a_filled_template_is_the_plan_rendered_whole(
    both_kbs: dict[str, KnowledgeBase],
    procedure: str,
    factors: PatientFactors,
    surgery: dt.date,
    days_seen: int,
    language: Language,
    patient_id: str,
) -> None:
    """Any patient, date, day seen and language: markdown, JSON and calendar bytes equal the whole rendering."""
    kb = both_kbs[language]
    use_language(language)
    try:
        timeline = _timeline(kb, procedure, factors, surgery, surgery + dt.timedelta(days=days_seen))
        for plan_format in TEMPLATED:
            whole = render_plan(timeline, kb, plan_format, patient_id=patient_id)
            filled = render_plan(timeline, kb, plan_format, patient_id=patient_id, repeated=True)
            assert filled == (whole.encode() if isinstance(whole, str) else whole), plan_format
    finally:
        use_language("en")


def test_one_template_serves_every_patient_of_a_shape(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second patient of a shape (another date, another age) is filled in, not recorded again."""
    recorded: list[str] = []
    record = plan_template._record

    def counting(*args: object) -> object:
        recorded.append("once")
        return record(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(plan_template, "_record", counting)
    plan_template._templates.clear()
    first = _timeline(
        kb, "mis-fusion", PatientFactors(smoker=True, age=71), dt.date(2026, 12, 1), dt.date(2026, 11, 21)
    )
    second = _timeline(kb, "mis-fusion", PatientFactors(smoker=True, age=83), dt.date(2027, 3, 9), dt.date(2027, 5, 1))
    assert first.procedure is second.procedure
    assert repeated_markdown(first, kb) == to_markdown(first, kb).encode()
    assert repeated_markdown(second, kb) == to_markdown(second, kb).encode()
    assert len(recorded) == 1
    use_language("es")
    try:
        repeated_markdown(second, kb)
    finally:
        use_language("en")
    assert len(recorded) == 2  # another language is another template


def test_a_renderer_that_reads_the_patient_directly_fails_while_recording(kb: KnowledgeBase) -> None:
    """The shape a template is recorded from has no dates, today, factors or adjustments to read."""
    shape = shape_of(_timeline(kb, "endoscopic", PatientFactors(age=70), dt.date(2024, 5, 1), dt.date(2024, 5, 20)))
    for read in (
        lambda: shape.surgery_date.isoformat(),
        lambda: shape.today.year,
        lambda: shape.factors.age,
        lambda: list(shape.adjustments),
        lambda: bool(shape.adjustments),
        lambda: shape.phases[0].start_date.isoformat(),
        lambda: shape.milestones[0].status.upper(),
        lambda: shape.activities[0].today.verdict,
    ):
        with pytest.raises(TemplateLeak):
            read()

    def leaking(t: Timeline, kb: KnowledgeBase, slots: object) -> str:
        return f"Surgery on {t.surgery_date.isoformat()}"

    with pytest.raises(TemplateLeak):
        render_repeated(leaking, cut_text, _timeline(kb, "tubular", PatientFactors(), dt.date(2024, 5, 1), TODAY), kb)


TODAY = dt.date(2024, 6, 1)


def test_a_text_holding_a_mark_is_rendered_whole(kb: KnowledgeBase) -> None:
    """A knowledge-base text with the mark's character in it cannot make a template: the plan is rendered whole."""
    endoscopic = kb.procedures["endoscopic"]
    phases = [endoscopic.phases[0].model_copy(update={"expect": "Odd \x000\x00 text"}), *endoscopic.phases[1:]]
    procedure = endoscopic.model_copy(update={"phases": phases})
    odd = kb.model_copy(update={"procedures": {**kb.procedures, "endoscopic": procedure}})
    timeline = _timeline(odd, "endoscopic", PatientFactors(), dt.date(2024, 5, 1), TODAY)
    plan_template._templates.clear()
    assert repeated_markdown(timeline, odd) == to_markdown(timeline, odd).encode()
    assert b"Odd \x000\x00 text" in repeated_markdown(timeline, odd)
    assert [kept[2] for kept in plan_template._templates.values()] == [None]


@pytest.mark.parametrize(
    ("text", "pieces", "usable"),
    [
        ("a\x000\x00b\x001\x00c", 2, True),
        ("a\x001\x00b\x000\x00c", 2, True),  # a calendar writes its properties in its own order
        ("a\x000\x00b", 2, False),  # a piece is missing
        ("a\x000\x00b\x000\x00c", 2, False),  # a piece twice
        ("a\x000\x00b\x00c", 1, False),  # a stray mark
        ("a\x002\x00b", 1, False),  # a piece that was never asked for
    ],
)
def test_a_template_needs_each_piece_once_and_nothing_else(text: str, pieces: int, usable: bool) -> None:
    """A recorded text is cut only when it holds every piece's mark exactly once, and no other mark."""
    makers: list[tuple[Callable[..., Any], tuple[Any, ...]]] = [(str, (n,)) for n in range(pieces)]
    cut = split_marks(text, makers, TEXT_MARKS)
    assert (cut is not None) is usable
    if cut is not None:
        texts, ordered = cut
        numbers = [int(n) for n in re.findall(r"\x00(\d+)\x00", text)]
        assert [args for _make, args in ordered] == [(n,) for n in numbers]
        assert "".join(texts) == TEXT_MARKS.sub("", text)


def test_recording_numbers_the_pieces_in_order() -> None:
    """Each piece asked for while recording gets the next number, and its maker is kept with its arguments."""
    slots = Recording()
    assert [slots.piece(str, "a"), slots.iso(3)] == ["\x000\x00", "\x001\x00"]
    assert slots.makers[0] == (str, ("a",))
    assert slots.makers[1][1] == (3,)


def test_full_template_store_starts_again(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past its size the store of templates is emptied, so memory stays flat; the plans stay the same."""
    monkeypatch.setattr(plan_template, "TEMPLATE_BYTES_KEPT", 1)
    monkeypatch.setattr(plan_template, "_kept_bytes", 0)
    plan_template._templates.clear()
    for procedure in ("endoscopic", "tubular", "mis-fusion"):
        timeline = _timeline(kb, procedure, PatientFactors(), dt.date(2024, 5, 1), TODAY)
        assert repeated_markdown(timeline, kb) == to_markdown(timeline, kb).encode()
        assert len(plan_template._templates) == 1
