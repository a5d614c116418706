"""The visit summary in a real browser: headless Chromium prints it on A4 and Letter, in English and Spanish.

Three months of check-ins every third day (with notes, two raised red flags and
three questionnaires) must print on at most two pages, with the raised red
flags on page 1. Needs `chromium` and `poppler-utils`, as the handout's test.
"""

import datetime as dt
import subprocess

import pytest

from browser import browser_tools, start_chromium
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


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The summary in English and Spanish, printed on A4 and Letter at once: each print's pages of text."""
    browser, pdftotext, _pdfinfo = browser_tools()
    folder = tmp_path_factory.mktemp("summary")
    jobs, pdfs = [], {}
    languages: tuple[Language, ...] = ("en", "es")
    for language in languages:
        use_language(language)
        try:
            kb = load_knowledge_base(resolve_kb_path(), None, language)
            timeline = make_plan(kb, PatientInputs("endoscopic", SURGERY, PatientFactors()), TODAY).timeline
            assert timeline is not None
            page = summary_html(build_summary(kb, timeline, _records(), None), kb)
        finally:
            use_language("en")
        for paper, size in PAPERS.items():
            source = folder / f"{language}-{paper}.html"
            source.write_text(page.replace("</style>", f"@page {{ size: {size}; }}</style>", 1), encoding="utf-8")
            pdfs[f"{language}-{paper}"] = pdf = folder / f"{language}-{paper}.pdf"
            jobs.append(start_chromium(browser, source, f"--print-to-pdf={pdf}", "--no-pdf-header-footer"))
    for job in jobs:
        job.wait(timeout=120)
    pages = {}
    for key, pdf in pdfs.items():
        text = subprocess.run([pdftotext, pdf, "-"], capture_output=True, text=True, check=True).stdout
        pages[key] = [" ".join(page.split()) for page in text.split("\f") if page.strip()]
    return pages


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
