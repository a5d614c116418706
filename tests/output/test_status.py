"""Today's status and the chart: agreement with the timeline, a golden screen, narrow terminals."""

import datetime as dt
import io
import json

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from conftest import assert_raw_dates_in, check_golden, make_timeline, run_cli
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.chart import build_chart
from spinerecov.output.terminal.status import countdown, render_status
from spinerecov.plan.personalise import personalise
from spinerecov.plan.status import build_status
from spinerecov.plan.timeline import build_timeline

KB = load_knowledge_base(resolve_kb_path())
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


@given(st.sampled_from(sorted(KB.procedures)), dates, dates)
def test_status_agrees_with_the_timeline(procedure: str, surgery: dt.date, today: dt.date) -> None:
    """For any surgery date and today, status's day and phase are the timeline's, and its lists are consistent."""
    timeline = build_timeline(KB, personalise(KB, procedure, PatientFactors()), PatientFactors(), surgery, today)
    status = build_status(timeline)
    assert status.day == (today - surgery).days
    now = [p for p in timeline.phases if p.status == "now"]
    assert (status.phase.id if status.phase else None) == (now[0].id if now else None)
    assert 0.0 <= status.progress <= 1.0
    assert all(m.day >= max(status.day, 0) for m in status.next_milestones)
    grouped = len(status.allowed) + len(status.limited) + len(status.not_yet)
    assert grouped == len(KB.activities)
    for item in status.allowed:
        assert item.step.verdict == "yes"


def test_status_screen_golden(kb: KnowledgeBase) -> None:
    """The status screen on day 19 after an endoscopic discectomy, at 100 columns, matches the golden file."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None, highlight=False)
    timeline = make_timeline(kb, "endoscopic", PatientFactors(diabetes=True))
    render_status(console, build_status(timeline), timeline, kb)
    check_golden("status-endoscopic-day19-width100.txt", buffer.getvalue())
    # Checked against the raw YAML too, so that a wrong date frozen into the golden file would still fail.
    screen = buffer.getvalue()
    assert_raw_dates_in(screen, "endoscopic", "text", {"building-up"}, {"follow-up-1-month", "review-3-months"})
    assert "day 19, week 3" in screen and "23%" in screen


def test_status_before_surgery_and_after_recovery(runner: CliRunner) -> None:
    """Before surgery status counts down; long after, it says the plan is complete."""
    code, out, _ = run_cli(runner, "status", "-p", "tubular", "-d", "2030-01-10", "--today", "2030-01-07")
    assert code == 0 and "Surgery in 3 days, Thu 10 Jan 2030" in out
    code, out, _ = run_cli(runner, "status", "-p", "tubular", "-d", "2020-01-10", "--today", "2026-01-07")
    assert code == 0 and "reached" in out and "Nothing left on the plan" in out


def test_status_json(runner: CliRunner) -> None:
    """Status --json has today's day, phase, progress, next milestones with countdowns, activities, red flags."""
    code, out, _ = run_cli(runner, "status", "-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-05-08", "--json")
    assert code == 0
    document = json.loads(out)
    assert document["day"] == 7 and document["week"] == 2
    assert document["phase"]["id"] == "building-up"
    assert document["next_milestones"][0]["id"] == "stop-strong-pain-medicine"
    assert document["next_milestones"][0]["in_days"] == 0, "a milestone due today is still coming up"
    assert document["next_milestones"][3] == {
        "id": "wound-check",
        "name": "First check-up (dressing and stitch removal)",
        "date": "2024-05-11",
        "day": 10,
        "in_days": 3,
        "range": {"from_day": 7, "to_day": 15, "sources": ["004_2ab9a157ae61ec81.txt", "follow-up-practice"]},
        "sources_differ": None,
    }
    assert {"yes", "limited", "not-yet"} == set(document["today_activities"])
    assert document["red_flags"] and document["disclaimer"]


def test_status_needs_a_date(runner: CliRunner) -> None:
    """Without a date or a profile, status says how to give one (exit 2)."""
    code, _, err = run_cli(runner, "status")
    assert code == 2 and "profile set --date" in err


def test_countdown_words() -> None:
    """Countdowns read naturally."""
    assert [countdown(d) for d in (0, 1, 5)] == ["today", "tomorrow", "in 5 days"]


def test_chart_fits_and_marks_today(kb: KnowledgeBase) -> None:
    """Every chart row fits the width; today's column is marked in every row; milestones are marked."""
    timeline = make_timeline(kb, "mis-fusion")
    for width in (60, 80, 100, 200):
        chart = build_chart(timeline, width)
        assert chart is not None
        for row in chart.rows:
            assert len(row.label) < 24 and 24 + len(row.cells) <= width
        today_cell = timeline.day_today // chart.days_per_cell
        assert all(row.cells[today_cell] == ("|", "today") for row in chart.rows[:-1])
        assert any(kind == "milestone" for _, kind in chart.rows[-2].cells)


def test_chart_degrades_in_narrow_terminal_and_without_colour(runner: CliRunner, monkeypatch: object) -> None:
    """Too narrow: a one-line notice instead of a broken chart; NO_COLOR output has no escape codes."""
    assert build_chart(make_timeline(KB, "tubular"), 40) is None
    import pytest

    patch = pytest.MonkeyPatch()
    try:
        patch.setenv("COLUMNS", "40")
        code, out, _ = run_cli(
            runner, "timeline", "-p", "tubular", "-d", "2024-05-01", "--today", "2024-05-20", "--chart"
        )
        assert code == 0 and "The chart needs at least 45 columns" in out
        patch.setenv("COLUMNS", "100")
        code, out, _ = run_cli(
            runner, "timeline", "-p", "tubular", "-d", "2024-05-01", "--today", "2024-05-20", "--chart"
        )
        assert code == 0 and "Milestones (*)" in out and "\x1b[" not in out
    finally:
        patch.undo()


def test_status_before_surgery_shows_nothing_done(runner: CliRunner) -> None:
    """Three days before surgery: 0 % progress, 'Home from hospital' coming up, changes dated after surgery."""
    code, out, err = run_cli(runner, "status", "-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-04-28")
    assert code == 0, err
    assert "] 0%" in out and "Home from hospital" in out
    code, out, _ = run_cli(runner, "status", "-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-04-28", "--json")
    document = json.loads(out)
    assert document["progress"] == 0
    changes = [a["next_change_day"] for group in document["today_activities"].values() for a in group]
    assert changes and all(day is None or day > 0 for day in changes)
