"""`status` is the daily glance: one screen, short markers where sources differ, only the patient's own work."""

import re

import pytest
from typer.testing import CliRunner

from conftest import run_cli

PROCEDURES = ["miss", "endoscopic", "tubular", "open-discectomy", "mis-fusion", "open-fusion"]
SURGERY_DAYS = ["2026-12-06", "2026-11-29", "2026-11-26", "2026-11-10", "2026-11-01", "2026-10-01", "2026-06-01"]
SCREEN = 42
"""About 40 lines: what `status` says about today and what comes next, before the chart."""


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_today_and_what_comes_next_fit_one_screen(runner: CliRunner, procedure: str) -> None:
    """For every built-in procedure, on any day of recovery, the lines before the chart fit about 40 at 100 columns."""
    for surgery in SURGERY_DAYS:
        code, out, err = run_cli(runner, "status", "-p", procedure, "-d", surgery, "--today", "2026-12-06")
        assert code == 0, err
        glance = out.split("\nChart", 1)[0].splitlines()
        assert len(glance) <= SCREEN, (procedure, surgery, len(glance))


def test_sources_differ_is_a_marker_with_each_note_once_at_the_end(runner: CliRunner) -> None:
    """Each marked activity points to a note listed once after the chart; the same note keeps one number."""
    code, out, _ = run_cli(runner, "status", "-p", "endoscopic", "-d", "2026-12-06", "--today", "2026-12-06")
    assert code == 0
    glance, rest = out.split("\nChart", 1)
    assert "Sources differ:" not in glance
    markers = set(re.findall(r"\[(\d+)\]", glance))
    notes = rest.split("\nSources differ\n", 1)[1].split("\nRed flags", 1)[0]
    numbers = re.findall(r"^  \[(\d+)\] ", notes, flags=re.MULTILINE)
    assert markers and sorted(markers, key=int) == numbers == [str(n) for n in range(1, len(numbers) + 1)]
    assert len(re.findall(r"\[5\]", glance)) == 2  # desk and light work share one note
    assert out.index("Sources differ") < out.index("Red flags")


def test_the_notes_stay_whole_in_can_i(runner: CliRunner) -> None:
    """`can-i` keeps the whole "Sources differ" note beside the answer, while status only marks it."""
    _, glance, _ = run_cli(runner, "status", "-p", "endoscopic", "-d", "2026-12-06", "--today", "2026-12-06")
    assert "Sources differ:" not in glance
    code, out, _ = run_cli(runner, "can-i", "drive", "-p", "endoscopic", "-d", "2026-12-06", "--today", "2026-12-06")
    assert code == 0
    assert "Sources differ: Some clinics wait about 6 weeks" in " ".join(out.split())


def test_a_desk_worker_is_not_shown_other_jobs_return_to_work(runner: CliRunner) -> None:
    """With --job desk, status has no manual or light work milestone or activity; without a job both show (P-09)."""
    args = ["status", "-p", "endoscopic", "-d", "2026-11-26", "--today", "2026-12-20"]
    _, everyone, _ = run_cli(runner, *args)
    _, desk, _ = run_cli(runner, *args, "--job", "desk")
    assert "Back to manual work" in everyone and "Manual or heavy work" in everyone
    assert "Back to manual work" not in desk and "Manual or heavy work" not in desk
    assert "Light physical work" not in desk
    _, manual, _ = run_cli(runner, *args, "--job", "manual")
    assert "Manual or heavy work" in manual and "Desk work" not in manual


def test_when_can_i_table_shows_the_steps_in_between(runner: CliRunner) -> None:
    """`timeline --activities` and the markdown show lifting's 11.3 kg step from 17 Dec, with its range (P-06)."""
    args = ["-p", "endoscopic", "-d", "2026-11-26"]
    code, out, _ = run_cli(runner, "timeline", *args, "--today", "2026-12-06", "--activities")
    assert code == 0
    table = out.split("When can I ...?", 1)[1]
    assert "then up to 11.3 kg (25 lb)" in table and "from Thu 17 Dec 2026 (wk 4)" in table
    code, markdown, _ = run_cli(runner, "export", *args, "--format", "markdown", "--output", "-")
    # Its own row (a long cell would run off a converter's page), its range in the list below the table.
    assert "| Lifting: then up to 11.3 kg (25 lb) | 2026-12-17 (week 4) | |" in markdown.splitlines()
    ranges = markdown.split("Most people (the range in the sources):", 1)[1]
    lifting = next(line for line in ranges.splitlines() if line.startswith("- Lifting: "))
    assert "then up to 11.3 kg (25 lb) (week 4; most people: weeks 3 to 7)" in lifting
