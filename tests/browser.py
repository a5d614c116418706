"""Headless Chromium for the print and screen tests: find it (with poppler-utils) and start it on a page."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

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
