"""The HTML handout: self-contained, escaped, accessible, and holding every part a clinic hands over."""

import re
from html.parser import HTMLParser

from conftest import make_timeline
from spinerecov.knowledge.models import Clinic, KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.html.handout import to_html


class _Collector(HTMLParser):
    """Collects start tags with their attributes, and checks that every opened element is closed."""

    VOID = {"meta", "br", "input", "col", "rect", "line", "path"}

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1] if self.open else None}>"
        self.open.pop()


def _parse(text: str) -> _Collector:
    collector = _Collector()
    collector.feed(text)
    collector.close()
    assert collector.open == ["html"] or collector.open == [], collector.open
    return collector


def test_handout_is_well_formed_and_self_contained(kb: KnowledgeBase) -> None:
    """Every element is closed, and nothing is fetched: no scripts, links, external images or fonts."""
    text = to_html(make_timeline(kb, "mis-fusion", PatientFactors(smoker=True, age=75)), kb)
    tags = _parse(text).tags
    names = {tag for tag, _ in tags}
    assert "script" not in names and "link" not in names and "img" not in names and "iframe" not in names
    assert not re.search(r"(src|href)=\"(https?:)?//", text)
    assert "@import" not in text and "url(" not in text
    assert text.startswith('<!DOCTYPE html>\n<html lang="en">')


def test_handout_has_every_part(kb: KnowledgeBase) -> None:
    """Inputs, red flags, chart, phases with limit changes, checklist, activity dates with ranges, sources."""
    timeline = make_timeline(kb, "endoscopic")
    text = to_html(timeline, kb)
    for heading in ("Red flags: when to get help", "Your plan at a glance", "Phases: what to expect and your limits",
                    "Milestone checklist", "When can I ...?", "Sources"):  # fmt: skip
        assert f">{heading}</h2>" in text
    assert "<dt>Surgery date</dt><dd>Wed 1 May 2024</dd>" in text
    # Every milestone has its tick box; the outcome questionnaires share one paragraph instead.
    checklist = [m for m in timeline.milestones if m.kind != "questionnaire"]
    assert text.count('type="checkbox"') == len(checklist)
    assert "Outcome questionnaires: Questionnaires before surgery, 1 May 2024;" in text
    assert "From 15 May: Up to 30 min at a time" in text  # a limit change inside the second phase
    assert "most people: weeks 2 to 7" in text
    assert "Sources differ: " in text
    assert "Carragee et al., Spine 1996 and 1999" in text
    assert kb.disclaimer.split(":")[0] in text


def test_red_flags_come_before_the_chart_and_phases(kb: KnowledgeBase) -> None:
    """The red-flag box sits at the top, right after the patient's details, so it prints on page 1."""
    text = to_html(make_timeline(kb, "tubular"), kb)
    assert text.index('class="red-flags"') < text.index("<svg") < text.index('id="phases"')
    for flag in kb.red_flags:
        assert flag.symptom.replace("'", "&#x27;").replace('"', "&quot;") in text


def test_clinic_name_and_phone_head_the_handout(kb: KnowledgeBase) -> None:
    """With a clinic protocol, its name and phone number are the first thing on the page."""
    timeline = make_timeline(kb, "endoscopic")._replace(clinic=Clinic(name="Clínica São João", phone="555-0100"))
    text = to_html(timeline, kb)
    body = text.split("<main>", 1)[1]
    assert body.index("Clínica São João") < body.index("<h1>")
    assert '<a href="tel:555-0100">555-0100</a>' in body


def test_hostile_text_is_escaped_everywhere(kb: KnowledgeBase) -> None:
    """Markup in protocol text (names, symptoms, clinic) is shown as text, never run as HTML or SVG."""
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>&'
    timeline = make_timeline(kb, "endoscopic")
    phases = tuple(p._replace(name=evil, expect=evil) for p in timeline.phases)
    milestones = tuple(m._replace(name=evil, description=evil) for m in timeline.milestones)
    flags = tuple(f.model_copy(update={"symptom": evil}) for f in timeline.red_flags)
    hostile = timeline._replace(phases=phases, milestones=milestones, red_flags=flags, clinic=Clinic(name=evil))
    text = to_html(hostile, kb)
    assert "<script" not in text and "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;&amp;" in text
    _parse(text)


def test_chart_is_accessible_and_marks_today(kb: KnowledgeBase) -> None:
    """The SVG has a title and a text description, one bar per phase, numbered milestones and a today line."""
    timeline = make_timeline(kb, "endoscopic")
    text = to_html(timeline, kb)
    svg = text[text.index("<svg") : text.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="chart-title chart-desc"' in svg
    assert '<title id="chart-title">Recovery plan chart: Full-endoscopic lumbar discectomy' in svg
    assert "Today, 20 May 2024, is marked with a dashed line." in svg
    assert svg.count('class="bar ') == len(timeline.phases)
    assert ">Today, 20 May</text>" in svg
    assert 'class="today"' in svg


def test_chart_has_no_today_line_outside_the_plan(kb: KnowledgeBase) -> None:
    """Before surgery there is no today line (and the description does not claim one)."""
    timeline = make_timeline(kb, "endoscopic")
    before = timeline._replace(today=timeline.surgery_date.replace(year=2023))
    svg = to_html(before, kb).split("<svg", 1)[1]
    assert 'class="today"' not in svg and "dashed line" not in svg


def test_chart_axis_shows_the_year_when_it_changes(kb: KnowledgeBase) -> None:
    """A plan that crosses New Year labels the first tick of each year with the year."""
    timeline = make_timeline(kb, "mis-fusion")
    late = timeline.surgery_date.replace(month=11)
    shifted = timeline._replace(surgery_date=late)
    svg = to_html(shifted, kb).split("<svg", 1)[1]
    assert "Nov 2024</text>" in svg and "2025</text>" in svg


def test_print_stylesheet_keeps_rows_and_each_red_flag_whole(kb: KnowledgeBase) -> None:
    """The stylesheet keeps table rows and each red flag on one page (the box may split) and sets 16 px on screen."""
    text = to_html(make_timeline(kb, "endoscopic"), kb)
    assert "html { font-size: 16px; }" in text
    assert not re.search(r"\.red-flags \{[^}]*break-inside: avoid", text)
    assert re.search(r"\.red-flags li \{[^}]*break-inside: avoid", text)
    assert re.search(r"tr, [^{]*\{ break-inside: avoid", text)
    assert "@media print" in text and "@page" in text
    assert text.count('scope="col"') >= 8 and 'scope="row"' in text
