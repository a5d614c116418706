"""The Rich timeline screen: a golden file at a fixed width, and what every screen must carry."""

import io

from rich.console import Console

from conftest import assert_raw_dates_in, check_golden, make_timeline
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.terminal.catalogue import render_activities, render_procedures
from spinerecov.output.terminal.console import render_red_flags
from spinerecov.output.terminal.plan import render_timeline


def _screen(kb: KnowledgeBase, width: int = 100, **kwargs: object) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, width=width, color_system=None, highlight=False), buffer


def test_timeline_screen_golden(kb: KnowledgeBase) -> None:
    """The endoscopic timeline on 20 May 2024 at 100 columns, with explained factors, matches the golden file."""
    console, buffer = _screen(kb)
    timeline = make_timeline(kb, "endoscopic", PatientFactors(nerve_damage=True, job="light"))
    render_timeline(console, timeline, kb, explain=True, show_activities=True)
    check_golden("timeline-endoscopic-width100.txt", buffer.getvalue())
    assert_raw_dates_in(buffer.getvalue(), "endoscopic", "text")  # every phase and dated milestone, from the YAML


def test_narrow_terminal_still_shows_everything(kb: KnowledgeBase) -> None:
    """At 60 columns nothing is cut off: red flags and the disclaimer are complete."""
    console, buffer = _screen(kb, width=60)
    render_timeline(console, make_timeline(kb, "mis-fusion"), kb, explain=False)
    flat = " ".join(buffer.getvalue().split())
    assert "Numbness or pins and needles between your inner thighs, genitals or buttocks" in flat
    assert "call your local emergency number." in flat
    assert "…" not in buffer.getvalue()


def test_knowledge_base_text_is_never_markup(kb: KnowledgeBase) -> None:
    """Square brackets in knowledge-base text are printed as they are, not read as Rich markup."""
    procedure = kb.procedures["endoscopic"]
    phases = [
        procedure.phases[0].model_copy(update={"expect": "Rest [bold]now[/bold] and [red]later"}),
        *procedure.phases[1:],
    ]
    patched = kb.model_copy(
        update={"procedures": {**kb.procedures, "endoscopic": procedure.model_copy(update={"phases": phases})}}
    )
    console, buffer = _screen(patched, width=200)
    render_timeline(console, make_timeline(patched, "endoscopic"), patched, explain=False)
    assert "Rest [bold]now[/bold] and [red]later" in buffer.getvalue()


def test_red_flags_and_catalogues_end_with_a_disclaimer(kb: KnowledgeBase) -> None:
    """Red flags are grouped by action; the catalogues carry the short disclaimer."""
    console, buffer = _screen(kb)
    render_red_flags(console, tuple(kb.red_flags), kb.disclaimer)
    text = buffer.getvalue()
    assert text.index("emergency department now") < text.index("Call your surgeon now") < text.index("within 24 hours")
    for render in (render_procedures, render_activities):
        console, buffer = _screen(kb)
        render(console, kb)
        assert buffer.getvalue().rstrip().endswith("Not medical advice; your surgeon's instructions come first.")
