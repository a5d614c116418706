"""Comparing procedures: the question the seeds keep asking (MISS against open surgery)."""

import json

from typer.testing import CliRunner

from conftest import run_cli
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.wording import compared_value
from spinerecov.plan.compare import compare_procedures


def test_endoscopic_against_open_discectomy(kb: KnowledgeBase) -> None:
    """Endoscopic surgery is never later than open discectomy, and some rows differ."""
    comparison = compare_procedures(kb, ["endoscopic", "open-discectomy"], PatientFactors())
    assert comparison.procedure_ids == ("endoscopic", "open-discectomy")
    differing = {row.key for row in (*comparison.milestones, *comparison.activities) if row.differs}
    assert {"discharge", "driving", "walk"} <= differing
    for row in (*comparison.milestones, *comparison.activities):
        mis, open_ = row.days
        if mis is not None and open_ is not None:
            assert mis <= open_, row.key


def test_factors_apply_to_every_procedure(kb: KnowledgeBase) -> None:
    """A smoker's fusions both heal at the slow end."""
    comparison = compare_procedures(kb, ["mis-fusion", "open-fusion"], PatientFactors(smoker=True))
    recovery = next(row for row in comparison.milestones if row.key == "full-recovery")
    assert recovery.days == (364, 364) and not recovery.differs


def test_compared_values_use_days_early_and_weeks_later() -> None:
    """Early values are days (weeks would hide a one-day difference), later ones weeks."""
    assert [compared_value(d) for d in (0, 13, 14, None)] == ["day 0", "day 13", "week 3", "ask surgeon"]


def test_compare_cli_table_json_and_markdown(runner: CliRunner) -> None:
    """The table marks differences; JSON and markdown carry the same rows."""
    code, out, _ = run_cli(runner, "compare", "endoscopic", "open-discectomy")
    assert code == 0 and "Full-endoscopic" in out and "Open lumbar" in out
    assert "* │ Home from hospital" in out
    assert "* │ Back to desk work" in out and "(days 2 to 14)" in out
    assert "Where sources differ" in out
    code, out, _ = run_cli(runner, "compare", "feld", "open", "--json")
    assert code == 2  # 'open' is not a procedure name
    code, out, _ = run_cli(runner, "compare", "feld", "open-discectomy", "--json")
    document = json.loads(out)
    assert document["procedures"] == ["endoscopic", "open-discectomy"]
    assert any(row["differs"] for row in document["milestones"])
    assert document["red_flags"].startswith("Red flags:") and document["disclaimer"]
    code, out, _ = run_cli(runner, "compare", "endoscopic", "tubular", "miss", "--format", "markdown")
    assert code == 0 and out.startswith("# Compared:") and "| Home from hospital |" in out
    assert "Red flags:" in out and "not medical advice" in out


def test_compare_errors(runner: CliRunner) -> None:
    """One procedure, the same one twice, or a typo are usage errors with a clear message."""
    code, _, err = run_cli(runner, "compare", "endoscopic")
    assert code == 2 and "at least two procedures" in err
    code, _, err = run_cli(runner, "compare", "tlif", "fusion")
    assert code == 2 and "name the same procedure (open-fusion)" in err
    code, _, err = run_cli(runner, "compare", "endoscpic", "tubular")
    assert code == 2 and "Did you mean 'endoscopic'?" in err
