"""The fidelity rules of `kb check` at their edges: what each one reports, where, and what it leaves alone."""

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from conftest import ROOT, run_cli
from spinerecov.knowledge.fidelity import fidelity_findings
from spinerecov.knowledge.loader import validate_knowledge_base

RAW = yaml.safe_load((ROOT / "data" / "procedures.yaml").read_text(encoding="utf-8"))
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
