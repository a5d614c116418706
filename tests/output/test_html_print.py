"""The handout in a real browser: headless Chromium prints it to PDF (A4 and US Letter) and screenshots it.

Needs the Debian packages `chromium` and `poppler-utils` (pdftotext, pdfinfo);
`.ci/run` installs them, so in CI this test never skips.
"""

import os
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

from conftest import SURGERY, TODAY
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.html.handout import to_html
from spinerecov.plan.dated import PatientInputs, make_plan

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
PAPER = {"a4": "@page { size: A4; }", "letter": "@page { size: letter; }"}
MAX_PAGES = 4


def _tools() -> tuple[str, str, str]:
    found = [shutil.which(name) for name in ("chromium", "pdftotext", "pdfinfo")]
    if None in found:
        message = "needs chromium and poppler-utils (apt-get install -y chromium poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser test: {message}")
        pytest.skip(message)
    return found[0] or "", found[1] or "", found[2] or ""


def _chromium(browser: str, page: Path, *action: str) -> subprocess.Popen[bytes]:
    profile = tempfile.mkdtemp(prefix="profile-", dir=page.parent)  # a fresh browser profile each run
    return subprocess.Popen(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *action, page.as_uri()],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The longest built-in plans printed on A4 and Letter, plus one screenshot; all browsers run at once."""
    browser, _, _ = _tools()
    folder = tmp_path_factory.mktemp("handout")
    kb = load_knowledge_base(resolve_kb_path())
    outputs: dict[str, Path] = {}
    jobs = []
    for procedure in ("miss", "open-fusion"):
        plan = make_plan(kb, PatientInputs(procedure, SURGERY, PatientFactors()), TODAY)
        assert plan.timeline is not None
        html = to_html(plan.timeline, kb)
        for paper, rule in PAPER.items():
            page = folder / f"{procedure}-{paper}.html"
            page.write_text(html.replace("</style>", f"{rule}</style>", 1), encoding="utf-8")
            outputs[f"{procedure}-{paper}"] = pdf = folder / f"{procedure}-{paper}.pdf"
            jobs.append(_chromium(browser, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer"))
    outputs["screenshot"] = shot = folder / "handout.png"
    jobs.append(_chromium(browser, folder / "miss-a4.html", f"--screenshot={shot}", "--window-size=900,1200"))
    for job in jobs:
        job.wait(timeout=120)
    return outputs


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("procedure", ["miss", "open-fusion"])
def test_handout_prints_on_at_most_four_pages(printed: dict[str, Path], procedure: str, paper: str) -> None:
    """The whole plan fits on four pages of A4 and of US Letter."""
    _, _, pdfinfo = _tools()
    info = subprocess.run([pdfinfo, printed[f"{procedure}-{paper}"]], capture_output=True, text=True, check=True)
    pages = int(next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")))
    assert 1 <= pages <= MAX_PAGES, f"{procedure} on {paper}: {pages} pages"
    assert ("A4" in info.stdout) == (paper == "a4")


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_red_flags_print_whole_on_page_one(printed: dict[str, Path], paper: str) -> None:
    """Page 1 holds the red-flag heading and every red flag, and the clinic's disclaimer."""
    _, pdftotext, _ = _tools()
    pdf = printed[f"miss-{paper}"]
    first = subprocess.run([pdftotext, "-f", "1", "-l", "1", pdf, "-"], capture_output=True, text=True, check=True)
    page_one = " ".join(first.stdout.split())
    assert "Red flags: when to get help" in page_one
    kb = load_knowledge_base(resolve_kb_path())
    for flag in kb.red_flags:
        assert " ".join(flag.symptom.split()) in page_one, flag.id
    assert "Milestone checklist" not in page_one


def test_screenshot_is_not_blank(printed: dict[str, Path]) -> None:
    """The browser draws the handout: the screenshot's pixels are not all one colour."""
    data = printed["screenshot"].read_bytes()
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
