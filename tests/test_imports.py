"""Start-up guard: importing the CLI stays light, so every command starts fast."""

import json
import os
import subprocess
import sys
from pathlib import Path


def _modules_after(statement: str) -> set[str]:
    code = f"import sys, json; {statement}; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout))


def test_importing_the_cli_loads_neither_rich_nor_yaml_nor_the_engine() -> None:
    """`import spinerecov.cli` in a fresh interpreter loads no rich, yaml, models or engine."""
    loaded = _modules_after("import spinerecov.cli")
    heavy = {
        "rich",
        "yaml",
        "spinerecov.knowledge.models",
        "spinerecov.knowledge.loader",
        "spinerecov.output.terminal.plan",
        "spinerecov.plan.timeline",
        "spinerecov.output.fhir_plan",
        "spinerecov.output.fhir_kb",
        "fhir",
    }
    assert not heavy & loaded, heavy & loaded


def test_importing_the_package_is_tiny() -> None:
    """`import spinerecov` loads nothing but itself."""
    loaded = _modules_after("import spinerecov")
    assert not {m for m in loaded if m.startswith(("typer", "pydantic", "rich", "yaml"))}


def test_can_i_runs_without_yaml_rich_or_protocol_models(tmp_path: Path) -> None:
    """A warm `can-i` (cached knowledge base, no profile) loads neither YAML, Rich nor the protocol models."""
    env = {**os.environ, "SPINERECOV_CACHE_DIR": str(tmp_path), "SPINERECOV_PROFILE": str(tmp_path / "none.toml")}
    env.pop("SPINERECOV_KB", None)
    env.pop("SPINERECOV_PROTOCOL", None)
    command = [sys.executable, "-X", "importtime", "-m", "spinerecov", "can-i", "lift", "--week", "4"]
    subprocess.run(command, capture_output=True, check=True, env=env)  # fills the cache
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    loaded = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert not {"yaml", "rich", "spinerecov.knowledge.protocol", "spinerecov.output.terminal.plan"} & loaded
