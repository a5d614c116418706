"""Headless Chromium for the print and screen tests: find it (with poppler-utils) and start it on a page."""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple, Protocol

import pytest

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


def browser_tools() -> tuple[str, str, str]:
    """The paths of chromium, pdftotext and pdfinfo; skip the test without them (fail it under CI)."""
    found = [shutil.which(name) for name in ("chromium", "pdftotext", "pdfinfo")]
    if None in found:
        message = "needs chromium and poppler-utils (apt-get install -y chromium poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser test: {message}")
        pytest.skip(message)
    return found[0] or "", found[1] or "", found[2] or ""


def start_chromium(browser: str, page: Path, *action: str, output: bool = False) -> subprocess.Popen[bytes]:
    """Chromium doing `action` on `page` with a fresh profile, running in the background."""
    profile = tempfile.mkdtemp(prefix="profile-", dir=page.parent)
    return subprocess.Popen(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *action, page.as_uri()],
        stdout=subprocess.PIPE if output else subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


class Printable(Protocol):
    """A whole HTML page to print (its body in <main>), its language, and words its first page holds."""

    @property
    def html(self) -> str: ...  # noqa: D102

    @property
    def language(self) -> str: ...  # noqa: D102

    @property
    def title(self) -> str: ...  # noqa: D102


Section = tuple[str, Sequence[Printable], str]
"""A print of several pages on one paper: its name (a CSS identifier), the pages, the paper (`A4`, `letter`)."""


def print_document(sections: Sequence[Section]) -> str:
    """Every section's pages in one document, each from a new page, on its section's paper.

    Each section is a CSS named page (`@page NAME { size: ... }`), so one print holds A4 and Letter
    pages alike, and one browser prints them all; a page's own rules (margins) apply to both. Each
    page keeps its stylesheet (the same for all of them) and starts on a new page, so its page count
    is that of a print of its own.
    """
    mains, papers = [], []
    for name, printables, paper in sections:
        papers.append(f"@page {name} {{ size: {paper}; }} main.{name} {{ page: {name}; }}")
        mains += [
            f'<main lang="{p.language}" class="{name}">{p.html.split("<main>", 1)[1].split("</main>", 1)[0]}</main>'
            for p in printables
        ]
    first = sections[0][1][0].html
    style = first.split("<style>", 1)[1].split("</style>", 1)[0] + " ".join(papers)
    head = f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{style} main + main {{ break-before: page; }}'
    return f"{head}</style></head><body>{''.join(mains)}</body></html>"


class PrintedPages(NamedTuple):
    """A print of `print_document` read back: each page's text and each page's paper, per section."""

    pages: dict[str, list[list[str]]]
    """Per section, each of its pages' own pages of text (whitespace made single spaces)."""
    sizes: dict[str, list[str]]
    """Per section, pdfinfo's size line ("Page 3 size: 612 x 792 pts (letter)") of each of its pages."""


def read_print(pdf: Path, sections: Sequence[Section]) -> PrintedPages:
    """The text and paper of every page of `pdf`, split by section and page (each found by its title, in order)."""
    _browser, pdftotext, pdfinfo = browser_tools()
    text = subprocess.run([pdftotext, pdf, "-"], capture_output=True, text=True, check=True).stdout
    pages = [" ".join(page.split()) for page in text.split("\f")]
    if pages and not pages[-1]:
        pages.pop()
    info = subprocess.run([pdfinfo, "-f", "1", "-l", str(len(pages)), pdf], capture_output=True, text=True)
    sizes = [line for line in info.stdout.splitlines() if line.startswith("Page ") and " size:" in line]
    assert len(sizes) == len(pages), info.stdout
    starts, position = [], 0
    for _name, printables, _paper in sections:
        for printable in printables:
            title = " ".join(printable.title.split())[:30]
            position = next(i for i in range(position, len(pages)) if title in pages[i])
            starts.append(position)
            position += 1
    starts.append(len(pages))
    result, paper_of, number = PrintedPages({}, {}), {}, 0
    for name, printables, _paper in sections:
        first = number
        result.pages[name] = []
        for _printable in printables:
            result.pages[name].append(pages[starts[number] : starts[number + 1]])
            number += 1
        paper_of[name] = sizes[starts[first] : starts[number]]
    result.sizes.update(paper_of)
    return result
