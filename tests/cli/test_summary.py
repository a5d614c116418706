"""`spinerecov summary`: the visit summary from the diary, in HTML and markdown, for the patient's plan."""

import datetime as dt
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from spinerecov.cli.app import app
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.html.summary_chart import pain_svg
from spinerecov.plan.personalise import personalise
from spinerecov.plan.timeline import build_timeline
from spinerecov.plan.visit_summary import DiaryRecord, TypicalPain, build_summary
from spinerecov.store.diary import NewEntry, save_entry

SURGERY = dt.date(2024, 5, 1)


def run_cli(runner: CliRunner, *args: str) -> Any:
    """Run the CLI and return its result (exit code, stdout as output, stderr)."""
    return runner.invoke(app, list(args))


PLAN = ("-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-06-20")


def add_check_in(path: Path, day: int, tier: str = "none", flag: str = "fever", **answers: Any) -> None:
    """Save a check-in `day` days after SURGERY (question ids with '-' written as '_')."""
    given = {name.replace("_", "-"): value for name, value in answers.items()}
    flags = [] if tier == "none" else [{"id": flag, "action": tier, "because": "temperature 38.6 °C"}]
    payload = {"answers": given, "tier": tier, "red_flags": flags, "day": day, "week": day // 7 + 1}
    save_entry(path, NewEntry("check-in", SURGERY + dt.timedelta(days=day), "endoscopic", SURGERY, payload))


def add_score(path: Path, day: int, score: int) -> None:
    """Save a leg-pain questionnaire `day` days after SURGERY (negative: before it)."""
    payload = {
        "questionnaire": "leg-pain",
        "answers": {"leg-pain": score},
        "score": score,
        "scale": {"min": 0, "max": 10, "better": "lower"},
        "timepoint": None,
        "day": day,
        "week": max(day // 7 + 1, 0),
    }
    save_entry(path, NewEntry("questionnaire", SURGERY + dt.timedelta(days=day), "endoscopic", SURGERY, payload))


@pytest.fixture
def diary(tmp_path: Path) -> Path:
    """A diary with a score before surgery, check-ins in weeks 1-3 (one raising a fever flag) and a later score."""
    path = tmp_path / "diary.sqlite3"
    add_score(path, -5, 8)
    add_check_in(path, 2, leg_pain=7, back_pain=5, pain_medicine="strong", walked=10, note="Stiff\x1b[31m \u202eok")
    add_check_in(path, 9, tier="call-surgeon", leg_pain=3, back_pain=3, temperature=38.6, pain_medicine="strong")
    add_check_in(path, 16, leg_pain=2, back_pain=2, pain_medicine="simple", walked=40)
    add_score(path, 30, 2)
    return path


def test_html_summary_leads_with_raised_red_flags_and_shows_every_part(
    runner: CliRunner, diary: Path, tmp_path: Path
) -> None:
    """The HTML page has where you are, the raised red flag first, the chart, weeks, scores, notes and questions."""
    target = tmp_path / "visit.html"
    result = run_cli(runner, "summary", "--format", "html", "--output", str(target), "--diary", str(diary), *PLAN)
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert (
        page.index('class="red-flags"') < page.index("<svg") < page.index('id="scores"') < page.index('id="questions"')
    )
    assert "A temperature of 38 °C (100.4 °F) or higher" in page and "Fri 10 May 2024 (day 9)" in page
    assert "day 50, week 8 after surgery" in page
    assert 'class="point leg"' in page and 'class="point back"' in page
    assert "strong (opioid)" in page and "40 min" in page
    assert "6 points better than before surgery (8 on Fri 26 Apr 2024)" in page
    assert "How and when should I stop it?" not in page  # the last check-in was simple medicine
    assert "\x1b" not in page and "\u202e" not in page and "Stiff" in page
    assert 'class="typical-mark"' not in page  # no published course in the built-in knowledge base: none drawn


def test_markdown_summary_to_stdout_and_since(runner: CliRunner, diary: Path) -> None:
    """Markdown on stdout; --since leaves earlier entries out but keeps the baseline for the comparison."""
    result = run_cli(
        runner, "summary", "-f", "markdown", "-o", "-", "--since", "2024-05-15", "--diary", str(diary), *PLAN
    )
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("# Visit summary: Full-endoscopic lumbar discectomy")
    assert "No check-in in this period raised a red flag." in text
    assert "| week 3 | 1 | 2 | 2 | simple (such as paracetamol) | 40 min |" in text
    assert "week 1" not in text.split("## Pain", 1)[1].split("##", 1)[0]
    assert "6 points better than before surgery" in text
    assert "- **Diary entries shown**: from Wed 15 May 2024" in text


def test_never_overwrites_without_force(runner: CliRunner, diary: Path, tmp_path: Path) -> None:
    """An existing file is kept (exit 1, one message) unless --force is given."""
    target = tmp_path / "visit.md"
    target.write_text("mine", encoding="utf-8")
    args = ("summary", "--output", str(target), "--diary", str(diary), *PLAN)
    refused = run_cli(runner, *args)
    assert refused.exit_code == 1 and target.read_text(encoding="utf-8") == "mine"
    assert "Traceback" not in refused.output
    replaced = run_cli(runner, *args, "--force")
    assert replaced.exit_code == 0, replaced.output
    assert target.read_text(encoding="utf-8").startswith("# Visit summary")  # .md chose markdown


def test_summary_in_spanish(runner: CliRunner, diary: Path) -> None:
    """With --lang es every heading and line of the summary is Spanish."""
    result = run_cli(runner, "--lang", "es", "summary", "-f", "markdown", "-o", "-", "--diary", str(diary), *PLAN)
    assert result.exit_code == 0, result.output
    assert "# Resumen para la consulta" in result.output
    assert "## Señales de alarma detectadas" in result.output
    assert "## Preguntas para la consulta" in result.output
    assert not re.search(r"\b(Questions to ask|Red flags raised|Your notes)\b", result.output)


def test_another_operations_entries_are_left_out_and_counted(runner: CliRunner, diary: Path) -> None:
    """Entries saved for another operation or surgery date are not summarised; the summary says how many."""
    other = {
        "answers": {"leg-pain": 9},
        "tier": "emergency",
        "red_flags": [{"id": "cauda-equina", "action": "emergency", "because": "numbness in the saddle area"}],
        "day": 3,
        "week": 1,
    }
    save_entry(diary, NewEntry("check-in", dt.date(2023, 1, 4), "mis-fusion", dt.date(2023, 1, 1), other))
    result = run_cli(runner, "summary", "-f", "markdown", "-o", "-", "--diary", str(diary), *PLAN)
    assert result.exit_code == 0, result.output
    assert "cauda" not in result.stdout.lower() and "saddle" not in result.stdout.lower()
    assert "1 diary entry is for another operation or surgery date and is not in this summary." in result.stderr


def test_a_bad_format_is_a_usage_error(runner: CliRunner, diary: Path) -> None:
    """An unknown --format is refused with exit 2."""
    result = run_cli(runner, "summary", "-f", "pdf", "-o", "-", "--diary", str(diary), *PLAN)
    assert result.exit_code == 2


def test_typical_course_is_drawn_only_when_published() -> None:
    """The chart draws a typical course only from figures the knowledge base holds for that operation; else none."""
    kb = load_knowledge_base(resolve_kb_path())
    payload = {"answers": {"leg-pain": 4, "back-pain": 3}, "tier": "none", "red_flags": []}
    records = [DiaryRecord(1, SURGERY + dt.timedelta(days=40), "check-in", payload)]

    def summary_for(procedure: str) -> Any:
        timeline = build_timeline(
            kb, personalise(kb, procedure, PatientFactors()), PatientFactors(), SURGERY, dt.date(2024, 6, 20)
        )
        return build_summary(kb, timeline, records, None)

    # No published pain figures for a tubular discectomy: no typical line.
    plain = summary_for("tubular")
    assert plain.typical == () and "typical-mark" not in pain_svg(plain)
    # The endoscopic discectomy's published leg-pain figures (the knowledge base's check_in.typical_pain).
    published = summary_for("endoscopic")
    assert published.typical and all(f.question == "leg-pain" for f in published.typical)
    assert all("teld-5-year-cohort" in f.sources for f in published.typical)
    assert 'class="typical-mark"' in pain_svg(published)
    figure = TypicalPain("leg-pain", "6 weeks", 35, 49, 1.71, 7.64, 204, ("general-guidance",))
    drawn = pain_svg(plain._replace(typical=(figure,)))
    assert drawn.count('class="typical-mark"') == 2  # the figure and its legend
