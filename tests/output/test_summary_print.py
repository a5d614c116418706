"""The visit summary in a real browser: headless Chromium prints it on A4 and Letter, in English and Spanish.

Three months of check-ins every third day (with notes, two raised red flags and
three questionnaires) must print on at most two pages, with the raised red
flags on page 1. Needs `chromium` and `poppler-utils`, as the handout's test.
"""

import datetime as dt
import html
import re
from typing import NamedTuple

import pytest

from browser import Section, browser_tools, print_document, read_print, start_chromium
from spinerecov.i18n import Language, _, use_language
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.html.summary import summary_html
from spinerecov.plan.dated import PatientInputs, make_plan
from spinerecov.plan.visit_summary import DiaryRecord, build_summary

SURGERY = dt.date(2024, 5, 1)
TODAY = dt.date(2024, 8, 1)
PAPERS = {"a4": "A4", "letter": "letter"}


def _records() -> list[DiaryRecord]:
    records = []
    for number, day in enumerate(range(1, 92, 3), start=1):
        answers: dict[str, object] = {
            "leg-pain": max(0, 7 - day // 12),
            "back-pain": max(1, 6 - day // 15),
            "pain-medicine": "strong" if day < 10 else "simple" if day < 40 else "none",
            "walked": 10 + day,
        }
        if number % 5 == 0:
            answers["note"] = f"Day {day}: slept badly, the wound itched, walked to the shop and back without a rest."
        flags = []
        if day in (7, 22):
            flag_id, tier = ("fever", "call-surgeon") if day == 7 else ("wound-infection", "call-surgeon")
            flags = [{"id": flag_id, "action": tier, "because": "an answer in the check-in"}]
        payload = {"answers": answers, "tier": flags[0]["action"] if flags else "none", "red_flags": flags}
        records.append(DiaryRecord(number, SURGERY + dt.timedelta(days=day), "check-in", payload))
    for number, (day, score) in enumerate(((-3, 8), (45, 3), (90, 1)), start=100):
        scored: dict[str, object] = {
            "questionnaire": "leg-pain",
            "answers": {"leg-pain": score},
            "score": score,
            "scale": {"min": 0, "max": 10, "better": "lower"},
        }
        records.append(DiaryRecord(number, SURGERY + dt.timedelta(days=day), "questionnaire", scored))
    return sorted(records, key=lambda r: r.on)


class Summary(NamedTuple):
    """One visit summary to print: its HTML, its language, and its title (found on its first page)."""

    html: str
    language: str
    title: str


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The summary in English and Spanish, printed on A4 and Letter by one browser: each print's pages of text."""
    browser, _pdftotext, _pdfinfo = browser_tools()
    folder = tmp_path_factory.mktemp("summary")
    sections: list[Section] = []
    languages: tuple[Language, ...] = ("en", "es")
    for language in languages:
        use_language(language)
        try:
            kb = load_knowledge_base(resolve_kb_path(), None, language)
            timeline = make_plan(kb, PatientInputs("endoscopic", SURGERY, PatientFactors()), TODAY).timeline
            assert timeline is not None
            text = summary_html(build_summary(kb, timeline, _records(), None), kb)
            heading = re.search(r"<h1[^>]*>(.*?)</h1>", text)
            assert heading is not None
            page = Summary(text, language, html.unescape(heading[1]))
        finally:
            use_language("en")
        sections += [(f"{language}-{paper}", [page], size) for paper, size in PAPERS.items()]
    source = folder / "summaries.html"
    source.write_text(print_document(sections), encoding="utf-8")
    pdf = folder / "summaries.pdf"
    start_chromium(browser, source, f"--print-to-pdf={pdf}", "--no-pdf-header-footer").wait(timeout=120)
    read = read_print(pdf, sections)
    for name, _pages, size in sections:
        assert all(f"({size.lower()})" in line.lower() for line in read.sizes[name]), read.sizes[name]
    return {name: read.pages[name][0] for name, _pages, _size in sections}


@pytest.mark.parametrize("key", ["en-a4", "en-letter", "es-a4", "es-letter"])
def test_summary_prints_on_two_pages_with_raised_red_flags_on_page_one(printed: dict[str, list[str]], key: str) -> None:
    """Three months of check-ins fit on one or two pages, and page 1 lists every raised red flag with its date."""
    pages = printed[key]
    assert 1 <= len(pages) <= 2, f"{key}: {len(pages)} pages"
    language = key.split("-")[0]
    use_language(language)  # type: ignore[arg-type]
    try:
        heading = _("Red flags raised")
        days = [_("{date} (day {day})").format(date="", day=day).strip() for day in (7, 22)]
        questions = _("Questions to ask")
    finally:
        use_language("en")
    assert heading in pages[0]
    for day in days:
        assert day in pages[0], f"{key}: {day} not on page 1"
    assert questions in " ".join(pages)
