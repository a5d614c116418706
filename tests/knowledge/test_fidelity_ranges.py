"""Range and factor-rule checks of `kb check` that no built-in plan trips: each made to fire on purpose."""

import copy
from collections.abc import Callable
from typing import Any

from conftest import raw_knowledge_base
from spinerecov.knowledge.fidelity import fidelity_findings
from spinerecov.knowledge.loader import validate_knowledge_base

RAW = raw_knowledge_base()


def _findings(change: Callable[[dict[str, Any]], None]) -> list[tuple[str, str]]:
    """(path, message) of every fidelity finding in the built-in knowledge base changed by `change`."""
    data = copy.deepcopy(RAW)
    change(data)
    kb = validate_knowledge_base(data, lambda path: "here", "test")
    return [(".".join(map(str, f.path)), f.message) for f in fidelity_findings(kb)]


def _phase(data: dict[str, Any], procedure: str, phase: str, **fields: Any) -> None:
    """Give a procedure's phase new fields (a new mapping: YAML anchors share phases between procedures)."""
    phases = data["procedures"][procedure]["phases"]
    index = next(i for i, p in enumerate(phases) if p["id"] == phase)
    phases[index] = {**phases[index], **fields}


def test_a_cautious_end_outside_the_next_phases_range_is_an_error() -> None:
    """A cautious end on day 120 makes the next phase start on day 121, outside its sourced 42-112: reported there."""
    findings = _findings(lambda data: _phase(data, "endoscopic", "sport-return", cautious_end=120))
    assert (
        "procedures.endoscopic.phases.3",
        "start after cautious_end day 121 lies outside its sourced range 42-112",
    ) in findings


def test_a_cautious_end_on_the_last_phase_is_checked_without_a_next_phase() -> None:
    """The last phase may carry a cautious end: there is no next phase to check it against, and no crash."""
    findings = _findings(lambda data: _phase(data, "endoscopic", "maintenance", cautious_end=400))
    assert not any("cautious_end" in message for _path, message in findings), findings


def test_a_phase_starting_on_day_one_has_its_start_checked() -> None:
    """A second phase starting on day 1 lies outside its sourced start (day 7): reported at that phase."""

    def change(data: dict[str, Any]) -> None:
        _phase(data, "endoscopic", "first-week", end=0)
        _phase(data, "endoscopic", "building-up", start=1)

    findings = _findings(change)
    assert ("procedures.endoscopic.phases.1", "start day 1 lies outside its sourced range 7-7") in findings


def test_a_factor_rule_is_checked_only_for_the_procedures_it_names() -> None:
    """A delay rule for MIS fusion only that leaves running behind is reported for MIS fusion, not open fusion."""

    def change(data: dict[str, Any]) -> None:
        rule = next(r for r in data["factor_rules"] if r["id"] == "smoking-fusion-healing")
        rule["procedures"] = ["mis-fusion"]
        rule["targets"] = [t for t in rule["targets"] if t != "activity:run"]

    messages = [message for path, message in _findings(change) if path.startswith("factor_rules.")]
    assert any("'smoking-fusion-healing'" in m and "in 'mis-fusion'" in m and "'run'" in m for m in messages), messages
    assert not any("in 'open-fusion'" in m for m in messages), messages
