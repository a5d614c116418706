"""`batch` progress on a terminal shows a count of rows, "1,234 of 4,000" (K-05)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from spinerecov.cli.batch_progress import progress_count, rows_to_count
from spinerecov.i18n import use_language


def test_progress_count_reads_done_of_total() -> None:
    """The count is "1,234 of 4,000", grouped as the language groups numbers; without a total, "1 row"."""
    assert progress_count(1234, 4000) == "1,234 of 4,000"
    assert progress_count(1, None) == "1 row"
    use_language("es")
    assert progress_count(1234, 4000) == "1.234 de 4.000"


def test_rows_are_counted_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Off a terminal the list is not read twice (no total); on one the rows are counted."""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert rows_to_count(lambda: iter(range(5))) is None
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert rows_to_count(lambda: iter(range(5))) == 5


@pytest.mark.skipif(shutil.which("script") is None, reason="needs script(1) for a pseudo-terminal")
def test_batch_on_a_terminal_shows_the_count_of_all_rows(tmp_path: Path) -> None:
    """Run in a pseudo-terminal, `batch` draws "N of TOTAL" with the list's row count as TOTAL."""
    rows = "".join(f"p{i},endoscopic,2026-11-01\n" for i in range(1, 31))
    patients = tmp_path / "patients.csv"
    patients.write_text("id,procedure,date\n" + rows, encoding="utf-8")
    command = f"{sys.executable} -m spinerecov batch {patients} --out-dir {tmp_path / 'out'} --jobs 1"
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "xterm"}
    done = subprocess.run(
        ["script", "-qec", command, "/dev/null"], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert " of 30" in done.stdout
