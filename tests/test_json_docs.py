"""Every JSON document names its schema, and every key it carries is described in the README's JSON section."""

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
PROTOCOL = str(ROOT / "examples" / "clinic-protocol.yaml")
PATIENTS = str(ROOT / "examples" / "patients.csv")
PLAN = ("-p", "tlif", "-d", "2024-05-01", "--today", "2024-06-01")
FACTORS = ("--smoker", "--age", "75", "--diabetes", "--bmi", "33", "--job", "heavy", "--nerve-damage")
MORE_FACTORS = ("--health", "poor", "--workers-comp", "--depression-anxiety", "--levels", "2")

# Each document's name (its schema is spinerecov/NAME/v1) and commands that print it, with inputs
# chosen to bring out the optional keys (factors, a clinic protocol, a load, before and after surgery).
DOCUMENTS: dict[str, list[tuple[str, ...]]] = {
    "timeline": [
        ("timeline", *PLAN, *FACTORS, *MORE_FACTORS, "--protocol", PROTOCOL, "--json"),
        ("export", *PLAN, "--format", "json", "--output", "-"),
    ],
    "can-i": [
        ("can-i", "lift", "--week", "4", "--weight", "10kg", *PLAN, *FACTORS, "--json"),
        ("can-i", "drive", "--day", "3", "-p", "endoscopic", "--protocol", PROTOCOL, "--json"),
    ],
    "status": [
        ("status", *PLAN, *FACTORS, "--protocol", PROTOCOL, "--json"),
        ("status", "-p", "tlif", "-d", "2024-05-01", "--today", "2024-04-20", "--json"),
    ],
    "compare": [("compare", "tlif", "endoscopic", "mis-fusion", *FACTORS, "--protocol", PROTOCOL, "--json")],
    "procedures": [("procedures", "--protocol", PROTOCOL, "--json")],
    "activities": [("activities", "--protocol", PROTOCOL, "--json")],
    "red-flags": [("red-flags", "-p", "tlif", "--protocol", PROTOCOL, "--json")],
    "kb-check": [("kb", "check", "--protocol", PROTOCOL, "--json")],
    "kb-sources": [("kb", "sources", "--protocol", PROTOCOL, "--json")],
    "profile": [("profile", "show", "--json")],
    "check-in": [
        ("check-in", *PLAN, "--leg-pain", "4", "--temperature", "38.3", "--wound", "red", "--note", "x", "--json"),
        ("check-in", "-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-05-20", "--leg-pain", "1", "--json"),
    ],
    "questionnaire": [
        ("questionnaire", *PLAN, "--json"),
        ("questionnaire", "back-pain", "--answer", "back-pain=2", *PLAN, "--no-save", "--json"),
    ],
    "diary": [
        ("diary", "--json", "--diary", str(ROOT / "tests" / "fixtures" / "diary" / "schema-1.sqlite3")),
        ("diary", "export", "--format", "json", "--output", "-", "--diary", str(ROOT / "examples" / "diary.sqlite3")),
    ],
    "due": [
        ("due", str(ROOT / "examples" / "patients.csv"), "--week-of", "2026-12-10", "--protocol", PROTOCOL, "--json")
    ],
}


def json_section() -> str:
    """The README's "JSON output" section, without its example blocks (an example shows keys, not what they mean)."""
    section = README.split("\n## JSON output\n", 1)[1].split("\n## ", 1)[0]
    return re.sub(r"```.*?```", "", section, flags=re.DOTALL)


def described_words() -> set[str]:
    """Every word written in code (`...`) in the README's JSON section."""
    spans = re.findall(r"`([^`]+)`", json_section())
    return {word for span in spans for word in re.findall(r"[A-Za-z_][\w-]*", span)}


def keys_of(document: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every (key, path to it) in a JSON document, nested objects and lists of them included."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield key, f"{path}.{key}"
            yield from keys_of(value, f"{path}.{key}")
    elif isinstance(document, list):
        for item in document:
            yield from keys_of(item, f"{path}[]")


def documents(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Any]]:
    """(name, document) for every JSON document the CLI prints, and a batch report."""
    monkeypatch.setenv("SPINERECOV_PROFILE", str(tmp_path / "profile.toml"))
    code, _, err = run_cli(runner, "profile", "set", *PLAN[:4], *FACTORS, "--protocol", PROTOCOL)
    assert code == 0, err
    for name, commands in DOCUMENTS.items():
        for command in commands:
            code, out, err = run_cli(runner, *command)
            assert code == 0, f"{command}: {err}"
            yield name, json.loads(out)
    patients = tmp_path / "patients.csv"
    patients.write_text("id,procedure,date\np1,tlif,2024-05-01\np2,nope,2024-05-01\n", encoding="utf-8")
    report = tmp_path / "report.json"
    run_cli(runner, "batch", str(patients), "-o", str(tmp_path / "plans"), "--report", str(report))
    yield "batch-report", json.loads(report.read_text(encoding="utf-8"))


def test_every_document_names_its_schema(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each document starts with "schema": "spinerecov/<document>/v1", and the README names that schema."""
    seen = set()
    for name, document in documents(runner, tmp_path, monkeypatch):
        assert next(iter(document.items())) == ("schema", f"spinerecov/{name}/v1"), name
        assert f"spinerecov/{name}/v1" in json_section(), name
        seen.add(name)
    assert seen == {*DOCUMENTS, "batch-report"}


def test_every_key_is_described_in_the_readme(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No document carries a key, however deep, that the README's JSON section does not name."""
    words = described_words()
    missing = {
        f"{name}: {path}"
        for name, document in documents(runner, tmp_path, monkeypatch)
        for key, path in keys_of(document)
        if key not in words
    }
    assert not missing, "keys not described in README 'JSON output':\n" + "\n".join(sorted(missing))


def test_key_walk_finds_nested_keys_and_the_check_can_fail() -> None:
    """The walker reaches keys inside lists of objects, and a made-up key is not 'described'."""
    found = {key for key, _ in keys_of({"a": [{"b": {"c": 1}}], "d": []})}
    assert found == {"a", "b", "c", "d"}
    assert "surely_not_a_documented_key" not in described_words()
    assert "verdict" in described_words()
