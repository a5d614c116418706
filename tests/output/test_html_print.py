"""The handout in a real browser: headless Chromium prints it (A4 and US Letter), lays it out on phones, screenshots it.

Needs the Debian packages `chromium` and `poppler-utils` (pdftotext, pdfinfo);
`.ci/run` installs them, so in CI this test never skips.

Speed: every print is one document (`browser.print_document`: each handout
from a new page, each paper a CSS named page), so one browser prints all 36
handouts on A4 and Letter, and a second lays out the phone frames and
screenshots them, at the same time. Each handout's own pages are found by its
first page's title.
"""

import datetime as dt
import html
import json
import re
import zlib
from pathlib import Path
from typing import NamedTuple

import pytest

from browser import browser_tools, print_document, read_print, start_chromium
from conftest import ROOT
from spinerecov.i18n import _, use_language
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.html.handout import to_html
from spinerecov.plan.dated import PatientInputs, make_plan

PROCEDURES = ("miss", "endoscopic", "tubular", "open-discectomy", "mis-fusion", "open-fusion")
LANGUAGES = ("en", "es")
PROTOCOL = ROOT / "examples" / "clinic-protocol.yaml"
SURGERY = dt.date(2024, 5, 1)
TODAY = dt.date(2024, 6, 10)
# What the README promises, measured in each language on both papers (Spanish runs about a fifth longer).
MAX_PAGES = {("en", "plain"): 4, ("en", "longest"): 6, ("es", "plain"): 5, ("es", "longest"): 7}
PHONE_WIDTHS = (320, 390)


def every_factor(procedure: str) -> PatientFactors:
    """Every patient factor on, at its most cautious (and three levels for a fusion)."""
    levels = 3 if procedure.endswith("fusion") else None
    return PatientFactors(
        smoker=True,
        age=75,
        diabetes=True,
        bmi=33,
        job="heavy",
        nerve_damage=True,
        health="poor",
        workers_comp=True,
        depression_anxiety=True,
        levels=levels,
    )


class Handout(NamedTuple):
    """One handout of the matrix: its key, its language, its HTML, and the red-flag words page 1 must hold."""

    key: str
    language: str
    html: str
    title: str
    must_lead: tuple[str, ...]


def _handout(procedure: str, language: str, variant: str) -> Handout:
    use_language(language)  # type: ignore[arg-type]
    try:
        longest = variant == "longest"
        kb = load_knowledge_base(resolve_kb_path(), PROTOCOL if longest else None, language)
        factors = every_factor(procedure) if longest else PatientFactors()
        timeline = make_plan(kb, PatientInputs(procedure, SURGERY, factors), TODAY).timeline
        assert timeline is not None
        title = _("Recovery plan: {procedure}").format(procedure=timeline.procedure.name)
        first = next(flag.symptom for flag in timeline.red_flags if flag.action == "emergency")
        lead = (_("Red flags: when to get help"), " ".join(first.split())[:40])
        return Handout(f"{language}-{procedure}-{variant}", language, to_html(timeline, kb), title, lead)
    finally:
        use_language("en")


def _phone_document(handouts: list[Handout], widths: tuple[int, ...]) -> str:
    """Every handout in a phone-sized frame; a script writes each page's width (scrollWidth) as JSON."""
    frames = [
        f'<iframe data-key="{h.key}@{width}" style="width:{width}px;height:700px;border:0"'
        f' srcdoc="{html.escape(h.html)}"></iframe>'
        for h in handouts
        for width in widths
    ]
    script = (
        "window.addEventListener('load', () => { const out = {};"
        " for (const f of document.querySelectorAll('iframe')) {"
        " const d = f.contentDocument.documentElement; out[f.dataset.key] = [d.scrollWidth, d.clientWidth]; }"
        " document.getElementById('out').textContent = JSON.stringify(out); });"
    )
    body = f'<pre id="out" hidden>pending</pre>{"".join(frames)}<script>{script}</script>'  # not in the screenshot
    return f"<!DOCTYPE html><html><body>{body}</body></html>"


class Printed(NamedTuple):
    """What the browser made: each handout's pages of text per paper, the paper sizes, phone widths, a screenshot."""

    pages: dict[str, list[str]]
    sizes: dict[str, str]
    """Per print (a4, letter, plain-letter): pdfinfo's size line of each of its pages."""
    phone: dict[str, list[int]]
    screenshot: Path
    handouts: dict[str, Handout]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """The longest handouts (protocol and every factor) on both papers, plain ones on the shorter Letter, phones."""
    browser, _pdftotext, _pdfinfo = browser_tools()
    folder = tmp_path_factory.mktemp("handout")
    matrix = [(language, procedure) for language in LANGUAGES for procedure in PROCEDURES]
    longest = [_handout(procedure, language, "longest") for language, procedure in matrix]
    plain = [_handout(procedure, language, "plain") for language, procedure in matrix]
    sections = [("a4", longest, "A4"), ("letter", longest, "letter"), ("plainletter", plain, "letter")]
    page = folder / "prints.html"
    page.write_text(print_document(sections), encoding="utf-8")
    pdf = folder / "prints.pdf"
    jobs = [start_chromium(browser, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")]
    phones = folder / "phones.html"
    phones.write_text(_phone_document(longest, PHONE_WIDTHS), encoding="utf-8")
    shot = folder / "phones.png"  # the same browser draws the phone frames: a screenshot of what it laid out
    phone_job = start_chromium(
        browser,
        phones,
        "--dump-dom",
        f"--screenshot={shot}",
        "--virtual-time-budget=10000",
        "--window-size=900,900",
        output=True,
    )
    dom, _errors = phone_job.communicate(timeout=180)
    for job in jobs:
        job.wait(timeout=180)
    result = re.search(r'<pre id="out" hidden="">(.*?)</pre>', dom.decode())
    assert result is not None and result[1] != "pending", "the phone layout script did not run"
    read = read_print(pdf, sections)
    pages = {
        f"{handout.key}@{name.removeprefix('plain')}": its_pages
        for name, handouts, _paper in sections
        for handout, its_pages in zip(handouts, read.pages[name], strict=True)
    }
    sizes = {name: "\n".join(lines) for name, lines in read.sizes.items()}
    every = {h.key: h for h in longest + plain}
    return Printed(pages, sizes, json.loads(html.unescape(result[1])), shot, every)


def test_red_flags_start_on_page_one_of_every_handout(printed: Printed) -> None:
    """Every built-in procedure, English and Spanish, A4 and Letter, plain and longest: page 1 leads with red flags."""
    assert len(printed.pages) == len(PROCEDURES) * len(LANGUAGES) * 3  # 24 longest prints, 12 plain on Letter
    for key, pages in printed.pages.items():
        handout = printed.handouts[key.split("@")[0]]
        for words in handout.must_lead:
            assert words in pages[0], f"{key}: page 1 lacks {words!r}"


def test_red_flags_come_before_the_chart_on_page_one(printed: Printed) -> None:
    """On page 1 the red flags come before anything of the plan itself (no chart or checklist first)."""
    for key, pages in printed.pages.items():
        handout = printed.handouts[key.split("@")[0]]
        heading = handout.must_lead[0]
        before = pages[0].split(heading, 1)[0]
        use_language(handout.language)  # type: ignore[arg-type]
        try:
            later = (_("Your plan at a glance"), _("Milestone checklist"))
        finally:
            use_language("en")
        assert not any(words in before for words in later), key


@pytest.mark.parametrize(("language", "variant"), list(MAX_PAGES))
def test_page_counts_keep_the_readme_promise(printed: Printed, language: str, variant: str) -> None:
    """Plain plans (on the shorter Letter) and the longest (protocol, every factor) keep the README's page counts."""
    counts = {
        key: len(pages)
        for key, pages in printed.pages.items()
        if key.startswith(f"{language}-") and f"-{variant}@" in key
    }
    assert counts and max(counts.values()) <= MAX_PAGES[language, variant], counts
    assert min(counts.values()) >= 3, counts


def test_papers_are_the_sizes_asked_for(printed: Printed) -> None:
    """Every page of the A4 print is A4 and every page of the Letter prints is US Letter."""
    for name, size in (("a4", "(A4)"), ("letter", "612 x 792"), ("plainletter", "612 x 792")):
        lines = printed.sizes[name].splitlines()
        assert len(lines) >= 3 * len(PROCEDURES) * len(LANGUAGES), name
        assert all(size in line for line in lines), (name, lines)


def test_no_handout_scrolls_sideways_on_a_phone(printed: Printed) -> None:
    """At 320 and 390 px every longest handout is no wider than the screen (WCAG 1.4.10 reflow)."""
    assert len(printed.phone) == len(PROCEDURES) * len(LANGUAGES) * len(PHONE_WIDTHS)
    for key, (scroll_width, client_width) in printed.phone.items():
        assert scroll_width <= client_width, f"{key}: {scroll_width} px wide in a {client_width} px screen"


def test_screenshot_is_not_blank(printed: Printed) -> None:
    """The browser draws the handouts (in their phone frames): the screenshot's pixels are not all one colour."""
    data = printed.screenshot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    pixels = bytearray()
    position = 8
    while position < len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        if kind == b"IDAT":
            pixels += data[position + 8 : position + 8 + length]
        position += length + 12
    raw = zlib.decompress(bytes(pixels))
    assert len(set(raw)) > 32, "the screenshot is blank"
    assert raw.count(0xFF) < len(raw) * 0.98, "the screenshot is almost all white"
