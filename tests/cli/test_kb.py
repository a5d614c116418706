"""`kb check`, `kb schema` and `kb sources`: tooling for whoever edits a knowledge base or a protocol."""

import json

import jsonschema
from typer.testing import CliRunner

from conftest import FIXTURES, ROOT, run_cli
from spinerecov.knowledge.loader import parse_for_check, resolve_kb_path
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.quality import warnings
from spinerecov.knowledge.yaml_reader import parse_yaml

EXAMPLE = ROOT / "examples" / "clinic-protocol.yaml"


def test_check_summarises_a_valid_knowledge_base(runner: CliRunner) -> None:
    """Kb check on the built-in knowledge base: valid, with counts, exit 0."""
    code, out, _ = run_cli(runner, "kb", "check")
    assert code == 0
    assert out.startswith("Valid: ")
    assert "6 procedures: miss, endoscopic, tubular, open-discectomy, mis-fusion, open-fusion" in out
    assert "18 activities" in out and "5 seed" in out


def test_check_reports_every_error_with_file_and_line(runner: CliRunner) -> None:
    """A broken file: every problem with its path and file:line, exit 1."""
    broken = FIXTURES / "kb" / "broken" / "unknown-activity.yaml"
    code, out, err = run_cli(runner, "kb", "check", str(broken))
    assert code == 1 and out == ""
    assert "2 problems" in err
    assert f"procedures.demo.activities.drve ({broken}:111)" in err


def test_check_warns_about_quality_problems(runner: CliRunner) -> None:
    """Warnings: silent activities, general-guidance-only facts, a protocol slower than the published order."""
    code, out, _ = run_cli(runner, "kb", "check", "--protocol", str(EXAMPLE), "--json")
    assert code == 0
    document = json.loads(out)
    assert document["valid"] and document["summary"]["clinic"] == "Example Spine Clinic"
    messages = [(w["path"], w["where"], w["message"]) for w in document["warnings"]]
    assert not [m for m in messages if "less cautious than the built-in plan" in m[2]]
    # The clinic's own procedure limits lifting more than the general plan: with a protocol that is a warning.
    assert any(
        p == "procedures.miss.activities.lift"
        and "less cautious than 'mis-decompression'" in m
        and "your protocol" in m
        for p, _, m in messages
    )
    assert any(p == "procedures.mis-decompression.activities" and "'gardening'" in m for p, _, m in messages)
    assert any("cites only general-guidance" in m for _, _, m in messages)
    assert not any("is not cited by any fact" in m for _, _, m in messages)


def test_schedule_that_tightens_again_is_warned(kb: KnowledgeBase) -> None:
    """A step stricter than the one before it is flagged (it can be right, but is worth a look)."""
    path = resolve_kb_path()
    base, _, where = parse_for_check(path, None)
    tubular = base.procedures["tubular"]
    lift = list(tubular.activities["lift"])
    lift[2] = lift[2].model_copy(update={"verdict": "not-yet"})
    changed = base.model_copy(
        update={
            "procedures": {
                **base.procedures,
                "tubular": tubular.model_copy(update={"activities": {**tubular.activities, "lift": lift}}),
            }
        }
    )
    found = [w for w in warnings(changed, None, where) if "stricter" in w.message]
    assert [w.path for w in found] == ["procedures.tubular.activities.lift[2]"]
    assert warnings(base, None, where) and not [w for w in warnings(base, None, where) if "stricter" in w.message]


def test_schema_validates_the_files_it_describes(runner: CliRunner) -> None:
    """The printed JSON Schemas accept the built-in knowledge base and the example protocol."""
    code, out, _ = run_cli(runner, "kb", "schema")
    assert code == 0
    kb_schema = json.loads(out)
    assert kb_schema["title"] == "spinerecov knowledge base"
    data = parse_yaml((ROOT / "data" / "procedures.yaml").read_text(), "procedures.yaml")
    jsonschema.validate(data, kb_schema)
    code, out, _ = run_cli(runner, "kb", "schema", "protocol")
    protocol_schema = json.loads(out)
    jsonschema.validate(parse_yaml(EXAMPLE.read_text(), "p.yaml"), protocol_schema)
    bad = {"clinic": {"name": "x"}, "source": {"title": "t"}, "procedures": {"x": {"colour": "blue"}}}
    try:
        jsonschema.validate(bad, protocol_schema)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("an unknown key must fail the schema")


def test_sources_lists_each_source_with_its_citations(runner: CliRunner, kb: KnowledgeBase) -> None:
    """Kb sources: every source in the catalogue, each with the facts that cite it."""
    code, out, _ = run_cli(runner, "kb", "sources", "--json")
    assert code == 0
    index = {s["id"]: s for s in json.loads(out)["sources"]}
    assert set(index) == set(kb.sources)
    assert "procedures.endoscopic.phases[0]" in index["004_2ab9a157ae61ec81.txt"]["cited_by"]
    assert all(s["cited_by"] for s in index.values()), "every catalogued source is cited somewhere"
    code, out, _ = run_cli(runner, "kb", "sources", "--protocol", str(EXAMPLE))
    assert "example-spine-clinic (protocol, cited by" in out
