"""The milestone order rules of `kb check`, each made to fire by moving one milestone."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import ROOT, dump_yaml, raw_knowledge_base, run_cli

Change = Callable[[dict[str, Any]], None]


def _replace_milestone(data: dict[str, Any], procedure: str, milestone: str, **fields: Any) -> None:
    """Give one procedure's milestone new fields (a new mapping: YAML anchors share milestones between procedures)."""
    milestones = data["procedures"][procedure]["milestones"]
    index = next(i for i, m in enumerate(milestones) if m["id"] == milestone)
    milestones[index] = {k: v for k, v in {**milestones[index], **fields}.items() if v is not None}


def _milestone_path(procedure: str, milestone: str) -> str:
    """How `kb check` names a milestone: its place in the procedure's list, which locates its own line."""
    data = raw_knowledge_base()
    index = next(i for i, m in enumerate(data["procedures"][procedure]["milestones"]) if m["id"] == milestone)
    return f"procedures.{procedure}.milestones[{index}]"


def _check(tmp_path: Path, runner: CliRunner, change: Change) -> tuple[list[str], list[str]]:
    """`kb check` on the built-in knowledge base changed by `change`: its problem lines, and the file's lines."""
    data = raw_knowledge_base()
    change(data)
    path = tmp_path / "procedures.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    code, out, err = run_cli(runner, "kb", "check", str(path))
    assert code == 1, out + err
    return (out + err).splitlines(), path.read_text(encoding="utf-8").splitlines()


def _located(problems: list[str], lines: list[str], place: str, message: str) -> None:
    """`message` is reported at `place`, with a line inside that procedure's block of the file."""
    pattern = re.compile(rf"^\s*{re.escape(place)} \(.*procedures\.yaml:(\d+)\): {re.escape(message)}$")
    found = [int(m.group(1)) for m in map(pattern.match, problems) if m]
    assert found, f"{place}: {message!r} not in {problems}"
    procedure = place.split(".")[1]
    start = lines.index(f"  {procedure}:") + 1
    end = next((i for i in range(start, len(lines)) if re.match(r"^  \S", lines[i])), len(lines))
    assert start <= found[0] <= end, (found, start, end)


def test_a_minimally_invasive_milestone_later_than_the_open_one_is_located(tmp_path: Path, runner: CliRunner) -> None:
    """Endoscopic full recovery on day 300 is later than open discectomy's (day 84, from its phase): located."""

    def change(data: dict[str, Any]) -> None:
        sourced = {"from_day": 300, "to_day": 300, "sources": ["myrecovery-schedule"]}
        _replace_milestone(
            data, "endoscopic", "full-recovery", phase=None, day=300, range=sourced, sources=["myrecovery-schedule"]
        )

    problems, lines = _check(tmp_path, runner, change)
    _located(
        problems,
        lines,
        _milestone_path("endoscopic", "full-recovery"),
        "day 300 is later than its open counterpart 'open-discectomy' (day 84)",
    )


def test_a_milestone_later_than_an_activity_dated_one_is_located(tmp_path: Path, runner: CliRunner) -> None:
    """Tubular driving on day 60 is later than open discectomy's (dated by its driving steps): located."""

    def change(data: dict[str, Any]) -> None:
        sourced = {"from_day": 60, "to_day": 60, "sources": ["myrecovery-schedule"]}
        _replace_milestone(
            data, "tubular", "driving", activity=None, day=60, range=sourced, sources=["myrecovery-schedule"]
        )

    problems, lines = _check(tmp_path, runner, change)
    messages = [p for p in problems if _milestone_path("tubular", "driving") in p]
    assert any(
        re.search(r"day 60 is later than its open counterpart 'open-discectomy' \(day \d+\)$", m) for m in messages
    )
    assert any(
        re.search(r"day 60 is later than a fusion of the same approach 'mis-fusion' \(day \d+\)$", m) for m in messages
    )
    assert all("procedures.yaml:" in m for m in messages)


def test_minimally_invasive_discharge_on_the_open_day_is_located(tmp_path: Path, runner: CliRunner) -> None:
    """Tubular discharge on day 2, the same day as open discectomy, breaks 'strictly earlier': located."""

    def change(data: dict[str, Any]) -> None:
        _replace_milestone(data, "tubular", "discharge", day=2, cautious_day=None)

    problems, lines = _check(tmp_path, runner, change)
    _located(
        problems,
        lines,
        "procedures.tubular",
        "milestone discharge: day 2 must be earlier than open 'open-discectomy' (day 2)",
    )


def test_a_discectomy_milestone_later_than_a_fusion_is_located(tmp_path: Path, runner: CliRunner) -> None:
    """Endoscopic full recovery on day 300 is later than MIS fusion's (day 182): located."""

    def change(data: dict[str, Any]) -> None:
        sourced = {"from_day": 300, "to_day": 300, "sources": ["myrecovery-schedule"]}
        _replace_milestone(
            data, "endoscopic", "full-recovery", phase=None, day=300, range=sourced, sources=["myrecovery-schedule"]
        )

    problems, lines = _check(tmp_path, runner, change)
    _located(
        problems,
        lines,
        _milestone_path("endoscopic", "full-recovery"),
        "day 300 is later than a fusion of the same approach 'mis-fusion' (day 182)",
    )


def test_the_built_in_milestones_keep_every_order_rule(tmp_path: Path, runner: CliRunner) -> None:
    """Unchanged, the built-in knowledge base has no milestone order problem (the rules do not fire on their own)."""
    code, out, err = run_cli(runner, "kb", "check", str(ROOT / "data" / "procedures.yaml"))
    assert code == 0, out + err
    assert "later than" not in out + err and "must be earlier" not in out + err
