"""Start-up guard: importing the CLI stays light, so every command starts fast."""

import json
import subprocess
import sys


def _modules_after(statement: str) -> set[str]:
    code = f"import sys, json; {statement}; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout))


def test_importing_the_cli_loads_neither_rich_nor_yaml_nor_the_engine() -> None:
    """`import spinerecov.cli` in a fresh interpreter loads no rich, yaml, models or engine."""
    loaded = _modules_after("import spinerecov.cli")
    heavy = {"rich", "yaml", "spinerecov.models", "spinerecov.knowledge", "spinerecov.render", "spinerecov.timeline"}
    assert not heavy & loaded, heavy & loaded


def test_importing_the_package_is_tiny() -> None:
    """`import spinerecov` loads nothing but itself."""
    loaded = _modules_after("import spinerecov")
    assert not {m for m in loaded if m.startswith(("typer", "pydantic", "rich", "yaml"))}
