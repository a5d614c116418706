"""Published JSON Schemas: generated from the code's types, shipped, printed by `spinerecov schema`, and obeyed."""

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pydantic
import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from conftest import ROOT, run_cli
from json_documents import SCHEMAS, DocumentError, validate_document, validated
from spinerecov.output.json.json_schemas import DOCUMENTS, schema_id

PROTOCOL = str(ROOT / "examples" / "clinic-protocol.yaml")
PLAN = ("-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-05-20")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("json_schemas_script", ROOT / "scripts" / "json_schemas.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pinned(package: str) -> str:
    """The version constraints.txt pins for `package`."""
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{package}=="):
            return line.split("==", 1)[1].split()[0]
    raise AssertionError(f"{package} is not pinned")


def test_the_committed_schemas_are_one_per_document() -> None:
    """src/spinerecov/schemas/ and docs/schemas/ hold exactly one file per document of the table."""
    for folder in _script().FOLDERS:
        assert sorted(p.name for p in folder.glob("*.schema.json")) == sorted(f"{n}.schema.json" for n in DOCUMENTS)


@pytest.mark.skipif(
    pydantic.VERSION != _pinned("pydantic"),
    reason="the shipped schemas are generated with the pinned pydantic; other releases word them differently",
)
def test_the_committed_schemas_are_what_the_types_generate() -> None:
    """The shipped schemas are what the documents' types generate (with the pydantic that wrote them)."""
    assert _script().stale() == []


def test_a_stale_schema_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check notices a schema edited by hand, a missing one and one for a document that is gone."""
    script = _script()
    folder = tmp_path / "schemas"
    monkeypatch.setattr(script, "FOLDERS", (folder,))
    script.write()
    assert script.stale() == []
    (folder / "timeline.schema.json").write_text("{}", encoding="utf-8")
    (folder / "can-i.schema.json").unlink()
    (folder / "gone.schema.json").write_text("{}", encoding="utf-8")
    assert {p.name for p in script.stale()} == {"timeline.schema.json", "can-i.schema.json", "gone.schema.json"}
    assert script.main(["check"]) == 1
    script.write()
    assert script.main(["check"]) == 0 and not (folder / "gone.schema.json").exists()


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_each_schema_is_draft_2020_12_and_names_its_document(name: str) -> None:
    """Every shipped schema is a valid 2020-12 schema with its own $id, refusing keys it does not declare."""
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == schema_id(name)
    # A command that prints one of two shapes (questionnaire: the list, or an answered one) has a variant each.
    variants = (
        [schema["$defs"][v["$ref"].rsplit("/", 1)[1]] for v in schema["anyOf"]] if "anyOf" in schema else [schema]
    )
    for variant in variants:
        assert variant["additionalProperties"] is False
        expected = {"const": f"spinerecov/{name}/v1", "title": "Schema", "type": "string"}
        assert variant["properties"]["schema"] == expected
        assert "schema" in variant["required"]


def test_schema_lists_and_prints_the_shipped_schemas(runner: CliRunner) -> None:
    """`schema` lists every document with its schema name; `schema NAME` prints the shipped file as it is."""
    code, out, err = run_cli(runner, "schema")
    assert code == 0, err
    assert out.splitlines() == [f"{name}\tspinerecov/{name}/v1" for name in sorted(DOCUMENTS)]
    for name in DOCUMENTS:
        code, out, _ = run_cli(runner, "schema", name)
        assert code == 0 and out == (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(("typed", "suggested"), [("timelin", "'timeline'"), ("can_i", "'can-i'"), ("x\x1b[2J", "")])
def test_an_unknown_schema_is_a_usage_error_with_suggestions(runner: CliRunner, typed: str, suggested: str) -> None:
    """An unknown document is one line with the closest names (exit 2), never a traceback or a control character."""
    code, out, err = run_cli(runner, "schema", typed)
    assert code == 2 and out == ""
    assert "Unknown JSON document" in err and suggested in err and "spinerecov schema" in err
    assert "\x1b" not in err and "Traceback" not in err


def test_the_validator_refuses_a_planted_error() -> None:
    """A document with an unknown key, a wrong type or a missing key fails its schema; an unnamed one is refused."""
    document = {"schema": "spinerecov/profile/v1", "path": "p.toml", "exists": False, "profile": None}
    assert validate_document(document) == "profile"
    for broken in (
        {**document, "extra": 1},
        {**document, "exists": "no"},
        {k: document[k] for k in list(document)[:3]},
    ):
        with pytest.raises(DocumentError):
            validate_document(broken)
    with pytest.raises(DocumentError):
        validate_document({"schema": "spinerecov/nothing/v1"})
    with pytest.raises(DocumentError):
        validate_document({"resourceType": "Bundle"})


def test_every_document_of_every_command_validates(runner: CliRunner, tmp_path: Path) -> None:
    """Each document, made by its command (also with a protocol, factors and Spanish), is valid."""
    before = len(validated)
    patients = tmp_path / "list.csv"
    patients.write_text("id,procedure,date,smoker\np1,endoscopic,2024-05-01,yes\np2,nope,2024-05-01,no\n")
    report = tmp_path / "report.json"
    commands = [
        ("timeline", *PLAN, "--json", "--protocol", PROTOCOL, "--smoker", "--age", "75", "--job", "manual"),
        ("--lang", "es", "timeline", *PLAN, "--json", "--diabetes"),
        ("can-i", "lift", *PLAN, "--json", "--weight", "10kg"),
        ("can-i", "drive", "-p", "tubular", "--week", "3", "--json"),
        ("status", *PLAN, "--json", "--protocol", PROTOCOL),
        ("compare", "tubular", "endoscopic", "--json", "--smoker"),
        ("procedures", "--json", "--protocol", PROTOCOL),
        ("activities", "--json"),
        ("red-flags", "--json", "--protocol", PROTOCOL),
        ("kb", "check", "--json", "--protocol", PROTOCOL),
        ("kb", "sources", "--json"),
        ("profile", "show", "--json"),
        ("export", *PLAN, "--format", "json", "--output", "-"),
        ("check-in", *PLAN, "--json", "--temperature", "38.4", "--wound", "oozing", "--leg-pain", "3", "--no-save"),
        ("--lang", "es", "check-in", *PLAN, "--json", "--leg-pain", "1", "--note", "bien", "--no-save"),
        ("questionnaire", *PLAN, "--json", "--protocol", PROTOCOL),
        ("questionnaire", "back-pain", "--answer", "back-pain=2", *PLAN, "--no-save", "--json"),
        ("diary", "--json", "--diary", str(ROOT / "examples" / "diary.sqlite3")),
        ("diary", "export", "--format", "json", "--output", "-", "--diary", str(ROOT / "examples" / "diary.sqlite3")),
        ("due", str(ROOT / "examples" / "patients.csv"), "--week-of", "2026-12-10", "--json", "--protocol", PROTOCOL),
    ]
    for args in commands:
        code, _, err = run_cli(runner, *args)
        assert code == 0, (args, err)
    assert run_cli(runner, "profile", "set", *PLAN[:4], "--smoker")[0] == 0
    assert run_cli(runner, "profile", "show", "--json")[0] == 0
    run_cli(runner, "batch", str(patients), "--out-dir", str(tmp_path / "plans"), "--report", str(report))
    assert validate_document(json.loads(report.read_text(encoding="utf-8"))) == "batch-report"
    assert set(validated[before:]) | {"batch-report"} == set(DOCUMENTS)
