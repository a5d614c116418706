"""Plans filled in from a kept template are byte for byte the plans rendered whole, whatever the patient."""

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import PATIENT_FACTORS
from spinerecov.i18n import Language, use_language
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output import plan_template
from spinerecov.output.kept_values import KeptValues
from spinerecov.output.markdown.plan import repeated_markdown, to_markdown
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
    factors=PATIENT_FACTORS,
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
        lambda: shape.phases[0].status == "now",
        lambda: shape.milestones[0].status in ("done", "now"),
        lambda: f"{shape.surgery_date}",
        lambda: str(shape.today),
        lambda: hash(shape.factors),
        lambda: shape.phases[0].end_date < shape.phases[1].start_date,
        lambda: shape.today - shape.surgery_date,
    ):
        with pytest.raises(TemplateLeak):
            read()


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


def test_a_full_template_store_gives_up_the_least_recently_used(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past its size the store gives up the template used longest ago, so memory stays flat; the plans stay the same."""
    third = _timeline(kb, "mis-fusion", PatientFactors(), dt.date(2024, 5, 1), TODAY)
    plan_template._templates.clear()
    repeated_markdown(third, kb)
    third_size = plan_template._templates.cost
    plan_template._templates.clear()
    timelines = {p: _timeline(kb, p, PatientFactors(), dt.date(2024, 5, 1), TODAY) for p in ("endoscopic", "tubular")}
    for timeline in timelines.values():
        assert repeated_markdown(timeline, kb) == to_markdown(timeline, kb).encode()
    # Full once the third is in, by a byte: one template has to go.
    monkeypatch.setattr(plan_template._templates, "budget", plan_template._templates.cost + third_size - 1)
    repeated_markdown(timelines["endoscopic"], kb)  # used again: now the most recent
    assert repeated_markdown(third, kb) == to_markdown(third, kb).encode()
    kept = {template[1].name for template in plan_template._templates.values()}
    assert kept == {kb.procedures["endoscopic"].name, kb.procedures["mis-fusion"].name}


def test_kept_values_keep_to_their_budget() -> None:
    """Each value costs what it is given; the least recently read or written goes first; replacing one costs once."""
    kept: KeptValues[str] = KeptValues(budget=10)
    kept.put("a", "A", 4)
    kept.put("b", "B", 4)
    assert kept.get("a") == "A"
    kept.put("c", "C", 4)  # 12 > 10: "b", used longest ago, goes
    assert (kept.get("b"), kept.get("a"), kept.get("c")) == (None, "A", "C")
    kept.put("c", "C2", 4)
    assert len(kept) == 2 and kept.values() == ["A", "C2"] and kept.cost == 8
    kept.put("d", "D", 50)  # too big for the budget alone: kept, everything else goes
    assert kept.values() == ["D"]


@pytest.mark.parametrize("plan_format", TEMPLATED)
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_built_in_plan_makes_a_template(
    both_kbs: dict[str, KnowledgeBase], plan_format: str, language: Language
) -> None:
    """Every procedure, with and without factors, records a template: no renderer reads a patient's value directly."""
    kb = both_kbs[language]
    use_language(language)
    try:
        plan_template._templates.clear()
        for procedure in kb.procedures:
            for factors in (PatientFactors(), PatientFactors(age=80, smoker=True, job="heavy", levels=2)):
                timeline = _timeline(kb, procedure, factors, dt.date(2024, 5, 1), TODAY)
                render_plan(timeline, kb, plan_format, patient_id="p1", repeated=True)
        assert all(kept[2] is not None for kept in plan_template._templates.values())
        assert len(plan_template._templates) >= len(kb.procedures)
    finally:
        use_language("en")


def test_a_leaking_renderer_still_gives_the_right_plan(kb: KnowledgeBase) -> None:
    """A renderer that reads a patient's value cannot make a template: each plan is rendered whole, so still right."""

    def leaking(t: Timeline, kb: KnowledgeBase, slots: object) -> str:
        return f"Surgery on {t.surgery_date.isoformat()}"

    first = _timeline(kb, "tubular", PatientFactors(), dt.date(2024, 5, 1), TODAY)
    second = _timeline(kb, "tubular", PatientFactors(), dt.date(2025, 2, 3), TODAY)
    assert render_repeated(leaking, cut_text, first, kb) == b"Surgery on 2024-05-01"
    assert render_repeated(leaking, cut_text, second, kb) == b"Surgery on 2025-02-03"
