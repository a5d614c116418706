"""The fidelity rules of `kb check` at their edges: what each one reports, where, and what it leaves alone."""

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import ROOT, raw_knowledge_base, run_cli
from spinerecov.knowledge.fidelity import fidelity_findings, general_only_facts
from spinerecov.knowledge.loader import validate_knowledge_base

RAW = raw_knowledge_base()
Change = Callable[[dict[str, Any]], None]


def _findings(change: Change) -> list[tuple[str, str]]:
    """The fidelity findings of the built-in knowledge base changed by `change`: (dotted path, message)."""
    data = copy.deepcopy(RAW)
    change(data)
    kb = validate_knowledge_base(data, lambda path: "here", "test")
    return [(".".join(map(str, finding.path)), finding.message) for finding in fidelity_findings(kb)]


def test_a_misspelt_open_counterpart_is_an_error_at_its_line(tmp_path: Path, runner: CliRunner) -> None:
    """An `open_counterpart` naming no procedure fails `kb check` (exit 1) at its own line, not silently unchecked."""
    text = (ROOT / "data" / "procedures.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "procedures.yaml"
    broken.write_text(text.replace("open_counterpart: open-fusion", "open_counterpart: open-fusoin"), encoding="utf-8")
    line = broken.read_text(encoding="utf-8").splitlines().index("    open_counterpart: open-fusoin") + 1
    code, out, err = run_cli(runner, "kb", "check", str(broken))
    assert code == 1, out + err
    expected = (
        f"procedures.mis-fusion.open_counterpart ({broken}:{line}): "
        "names 'open-fusoin', which is not a procedure of this knowledge base"
    )
    assert expected in [row.strip() for row in (out + err).splitlines()]


def test_the_general_plan_is_compared_only_on_what_both_plans_name() -> None:
    """An MIS plan without contact sport keeps every rule: the general plan is compared on what both name."""

    def change(data: dict[str, Any]) -> None:
        del data["procedures"]["tubular"]["activities"]["contact-sport"]

    assert _findings(change) == []


def test_a_milestone_citing_only_general_guidance_is_counted() -> None:
    """A dated milestone whose only source is general-guidance is listed among the general-only facts."""
    data = copy.deepcopy(RAW)
    milestones = data["procedures"]["endoscopic"]["milestones"]
    milestones[1] = {**milestones[1], "sources": ["general-guidance"]}
    kb = validate_knowledge_base(data, lambda path: "here", "test")
    assert ("procedures", "endoscopic", "milestones", 1) in general_only_facts(kb)


def test_the_general_plan_is_held_to_the_fusion_pace_of_mis_plans_only() -> None:
    """Open-discectomy sport made later than the general plan's is no 'less cautious' finding on the general plan."""

    def change(data: dict[str, Any]) -> None:
        sport = copy.deepcopy(data["procedures"]["open-discectomy"]["activities"]["sport"])
        sport[2] = {**sport[2], "from_day": 200, "cautious_from_day": None}
        sport[2]["range"] = {**sport[2]["range"], "to_day": 200}
        data["procedures"]["open-discectomy"]["activities"]["sport"] = sport

    findings = _findings(change)
    assert any(path.startswith("procedures.open-discectomy") for path, _message in findings)
    assert not [message for path, message in findings if path.startswith("procedures.miss")]


def test_an_activity_moved_only_to_the_delayed_phases_last_day_is_an_error() -> None:
    """Tubular running fully open on day 111, the last day of the delayed rehabilitation, has not moved past it."""

    def change(data: dict[str, Any]) -> None:
        run = copy.deepcopy(data["procedures"]["tubular"]["activities"]["run"])
        run[1] = {**run[1], "cautious_from_day": 111}
        data["procedures"]["tubular"]["activities"]["run"] = run

    expected = (
        "'health-poor' moves the end of 'rehabilitation' in 'tubular' to day 111, but 'run' still opens fully on day 84"
    )
    assert expected in [message for _path, message in _findings(change)]


def test_a_general_plan_milestone_later_than_an_open_operations_is_an_error() -> None:
    """The general plan's wound check moved to day 20 is later than both open operations' (day 14): reported."""

    def change(data: dict[str, Any]) -> None:
        milestones = data["procedures"]["miss"]["milestones"]
        milestones[2] = {**milestones[2], "day": 20, "range": {**milestones[2]["range"], "to_day": 20}}

    later = "day 20 is later than the open operation '{other}' (day 14)"
    findings = [message for path, message in _findings(change) if path == "procedures.miss.milestones.2"]
    for other in ("open-fusion", "open-discectomy"):
        assert any(message.startswith(later.format(other=other)) for message in findings), findings
