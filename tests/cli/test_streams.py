"""Standard output that is full, closed, gone or unable to encode: the same clear handling for every command."""

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

PLAIN = ("can-i", "lift", "--week", "4")
RICH = ("timeline", "-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-05-20")
EVERY_KIND = [
    PLAIN,
    RICH,
    ("status", "-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-05-20"),
    ("compare", "endoscopic", "tubular"),
    ("red-flags",),
    ("kb", "sources"),
    ("export", "-p", "endoscopic", "-d", "2024-05-01", "-o", "-"),
]


def spinerecov(
    args: tuple[str, ...],
    tmp_path: Path,
    stdout: int | IO[str] = subprocess.PIPE,
    before: Callable[[], None] | None = None,
    **env: str,
) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m spinerecov` in a real process, with its own profile and cache."""
    environment = {
        **{name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"},  # buffered, as for users
        "SPINERECOV_PROFILE": str(tmp_path / "none.toml"),
        # the test run's shared knowledge-base cache (SPINERECOV_CACHE_DIR, set by conftest) stays: warm, as a
        # user's every run after the first
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "spinerecov", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=environment,
        timeout=60,
        check=False,
        preexec_fn=before,  # noqa: PLW1509 - only os.close, in a single-threaded test
    )


@pytest.mark.parametrize("args", [PLAIN, RICH])
def test_a_full_stdout_is_one_line_and_exit_1(tmp_path: Path, args: tuple[str, ...]) -> None:
    """Stdout on /dev/full: one line naming the problem, exit 1, and no 'Exception ignored' at exit."""
    with open("/dev/full", "w") as full:
        done = spinerecov(args, tmp_path, stdout=full)
    assert (done.returncode, done.stderr.decode()) == (1, "Error: Cannot write the output: No space left on device.\n")


@pytest.mark.parametrize("args", [PLAIN, RICH])
def test_a_closed_stdout_is_one_line_and_exit_1(tmp_path: Path, args: tuple[str, ...]) -> None:
    """Started with stdout closed (`>&-`): one line and exit 1, never output silently lost with exit 0."""
    done = spinerecov(args, tmp_path, stdout=subprocess.DEVNULL, before=lambda: os.close(1))
    assert (done.returncode, done.stderr.decode()) == (
        1,
        "Error: Cannot write the output: standard output is closed.\n",
    )


@pytest.mark.parametrize("args", EVERY_KIND)
def test_a_reader_that_goes_away_ends_every_command_with_0(tmp_path: Path, args: tuple[str, ...]) -> None:
    """`spinerecov ... | head -c 10`: exit 0 and nothing on stderr, for plain and Rich-drawn output alike."""
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before the first write
    try:
        done = spinerecov(args, tmp_path, stdout=writer, COLUMNS="100")
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr.decode()) == (0, "")


@pytest.mark.parametrize("args", [("red-flags",), ("timeline", "-p", "endoscopic", "-d", "2024-05-01")])
def test_a_terminal_that_cannot_show_a_character_gets_a_plain_one(tmp_path: Path, args: tuple[str, ...]) -> None:
    """An ASCII-only stdout shows '38 C (100.4 F)' for '38 °C (100.4 °F)' instead of failing."""
    done = spinerecov(args, tmp_path, PYTHONIOENCODING="ascii")
    assert done.returncode == 0, done.stderr
    assert b"A temperature of 38 C (100.4 F) or higher" in done.stdout.replace(b"\n   ", b"")
