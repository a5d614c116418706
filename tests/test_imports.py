"""Start-up guard: importing the CLI stays light, so every command starts fast."""

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


@functools.cache
def _modules_after(statement: str) -> frozenset[str]:
    """The modules a fresh interpreter has loaded after `statement` (each statement run once per test process)."""
    code = f"import sys, json; {statement}; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return frozenset(json.loads(done.stdout))


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
        "spinerecov.output.fhir.plan",
        "spinerecov.output.fhir.knowledge_base",
        "fhir",
    }
    assert not heavy & loaded, heavy & loaded


def test_importing_the_package_is_tiny() -> None:
    """`import spinerecov` loads nothing but itself."""
    loaded = _modules_after("import spinerecov")
    assert not {m for m in loaded if m.startswith(("typer", "pydantic", "rich", "yaml"))}


@pytest.fixture(scope="module")
def warm_can_i(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The modules a warm English `can-i lift --week 4` imports (run once for the tests of this file)."""
    return _warm_can_i(tmp_path_factory.mktemp("warm-can-i"))


def test_can_i_runs_without_yaml_rich_or_protocol_models(warm_can_i: set[str]) -> None:
    """A warm `can-i` (cached knowledge base, no profile) loads neither YAML, Rich nor the protocol models."""
    loaded = warm_can_i
    assert not {"yaml", "rich", "spinerecov.knowledge.protocol", "spinerecov.output.terminal.plan"} & loaded


def _warm_can_i(tmp_path: Path, *extra: str, lang_env: dict[str, str] | None = None, filled: bool = False) -> set[str]:
    """The modules a second, warm `can-i lift --week 4` imports (the first one fills the cache, unless `filled`)."""
    env = {**os.environ, "SPINERECOV_CACHE_DIR": str(tmp_path), "SPINERECOV_PROFILE": str(tmp_path / "none.toml")}
    for name in ("SPINERECOV_KB", "SPINERECOV_PROTOCOL", "SPINERECOV_LANG", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    env["LANG"] = "C.UTF-8"
    env.update(lang_env or {})
    command = [sys.executable, "-X", "importtime", "-m", "spinerecov", "can-i", "lift", "--week", "4", *extra]
    if not filled:
        subprocess.run(command, capture_output=True, check=True, env=env)  # fills the cache
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


def test_english_never_loads_a_catalog_or_locale_data(warm_can_i: set[str]) -> None:
    """English start-up pays nothing for Spanish: no Babel, no translation models (Typer imports gettext itself)."""
    loaded = warm_can_i
    assert not {"babel", "babel.dates", "babel.numbers", "spinerecov.knowledge.translation"} & loaded


def test_spanish_loads_the_catalog_and_babel(tmp_path: Path) -> None:
    """Spanish (from --lang or the locale) loads the gettext catalog and Babel's CLDR data, from the cache."""
    for extra, lang_env, filled in ((("--lang", "es"), None, False), ((), {"LANG": "es_ES.UTF-8"}, True)):
        loaded = _warm_can_i(tmp_path, *extra, lang_env=lang_env, filled=filled)  # one Spanish cache for both
        assert {"babel.numbers"} <= loaded
        assert "yaml" not in loaded


def test_sqlite_is_loaded_only_by_the_diary(warm_can_i: set[str]) -> None:
    """Neither importing the CLI nor a warm `can-i` loads sqlite3 or the diary's store; only the diary needs them."""
    assert not {"sqlite3", "spinerecov.store.diary_file"} & _modules_after("import spinerecov.cli")
    assert "sqlite3" not in warm_can_i
