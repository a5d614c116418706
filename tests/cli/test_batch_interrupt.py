"""Ctrl-C during a batch: exit 130, a message that says how many plans were written and how to finish.

A real process gets a real SIGINT (as a terminal sends it to the whole
process group), in the middle of writing the plans, with one process and with
worker processes.
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROWS = 1000


def start_batch(folder: Path, jobs: int) -> subprocess.Popen[str]:
    """`spinerecov batch` over ROWS patients, in its own process group, with Ctrl-C handled as by default."""
    patients = folder / "patients.csv"
    lines = (f"p{n},endoscopic,2024-05-01" for n in range(ROWS))
    patients.write_text("id,procedure,date\n" + "\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "SPINERECOV_PROFILE": str(folder / "none.toml"), "SPINERECOV_NO_CACHE": "1"}
    command = [sys.executable, "-m", "spinerecov", "batch", str(patients), "-o", str(folder / "plans")]
    return subprocess.Popen(
        [*command, "--jobs", str(jobs)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509 - no threads here
    )


def plans_in(folder: Path) -> list[Path]:
    """The finished plans in folder/plans."""
    found = folder / "plans"
    return sorted(found.glob("*.md")) if found.exists() else []


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_stops_the_batch_and_says_how_to_finish(tmp_path: Path, jobs: int) -> None:
    """SIGINT mid-batch: exit 130, 'Interrupted: N plans written', N plans whole on disk, a rerun finishes (N-11)."""
    process = start_batch(tmp_path, jobs)
    deadline = time.monotonic() + 120
    while len(plans_in(tmp_path)) < 100 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the batch ended before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    found = re.search(r"Interrupted: ([\d,]+) plans? written to .*plans; run the same command again to finish", err)
    assert found, err
    written = plans_in(tmp_path)
    assert int(found[1].replace(",", "")) == len(written) < ROWS
    leftovers = [path for path in (tmp_path / "plans").iterdir() if path.suffix != ".md"]
    assert [path.name for path in leftovers] == [".spinerecov-batch"]  # the batch's record, and no temporary files
    again = start_batch(tmp_path, jobs)
    _, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert f"Kept {len(written):,} plan" in err
    assert len(plans_in(tmp_path)) == ROWS
