"""FHIR a hospital can load: identifier systems, canonical PlanDefinitions, the CarePlan's narrative and period.

Also its status once the plan has ended, and transaction bundles.
"""

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import ROOT, SURGERY, make_timeline, run_cli
from fhir_models import SchemaError, discriminated, resources, schema_errors, validate_bundle, validate_with_schema
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.models import KnowledgeBase, RedFlag
from spinerecov.output.fhir.knowledge_base import kb_bundle
from spinerecov.output.fhir.narrative import narrative, plan_end
from spinerecov.output.fhir.plan import plan_bundle

PROTOCOL = ROOT / "examples" / "clinic-protocol.yaml"
MRN_SYSTEM = "http://hospital-a.example.org/mrn"
EXPORT = ("export", "-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-05-20", "-f", "fhir", "-o", "-")


def _ids(bundle: dict[str, Any]) -> set[str]:
    return {e["resource"]["id"] for e in bundle["entry"]} | {bundle["id"]}


def _dates(plan: dict[str, Any], bundle: dict[str, Any]) -> list[str]:
    """Every date a CarePlan's activities and its goals are scheduled on."""
    found = []
    for activity in plan["activity"]:
        found += activity["detail"]["scheduledPeriod"].values()
    return found + [g["target"][0]["dueDate"] for g in resources(bundle, "Goal")]


def test_the_identifier_system_is_written_and_changes_every_id(kb: KnowledgeBase) -> None:
    """With a system, Patient.identifier has it, and two hospitals' 'MRN-42' share no id; without, ids are as before."""
    timeline = make_timeline(kb)
    first = plan_bundle(timeline, kb, "MRN-42", MRN_SYSTEM)
    second = plan_bundle(timeline, kb, "MRN-42", "http://hospital-b.example.org/mrn")
    plain = plan_bundle(timeline, kb, "MRN-42")
    validate_bundle(first)
    assert resources(first, "Patient")[0]["identifier"] == [{"system": MRN_SYSTEM, "value": "MRN-42"}]
    assert not _ids(first) & _ids(second)
    assert not _ids(first) & _ids(plain)
    assert resources(plain, "Patient")[0]["identifier"] == [{"value": "MRN-42"}]
    assert _ids(plain) == _ids(plan_bundle(timeline, kb, "MRN-42"))


def test_the_protocols_identifier_system_is_used_unless_one_is_given() -> None:
    """A clinic protocol's clinic.identifier_system names the patient's identifier; --patient-id-system wins."""
    base = load_knowledge_base(resolve_kb_path())
    assert base.clinic is None
    clinic = load_knowledge_base(resolve_kb_path(), PROTOCOL)
    assert clinic.clinic is not None
    with_system = clinic.model_copy(
        update={"clinic": clinic.clinic.model_copy(update={"identifier_system": "urn:oid:1.2.36.1.2001.1003.0"})}
    )
    timeline = make_timeline(with_system)
    found = resources(plan_bundle(timeline, with_system, "MRN-42"), "Patient")[0]["identifier"]
    assert found == [{"system": "urn:oid:1.2.36.1.2001.1003.0", "value": "MRN-42"}]
    given_system = resources(plan_bundle(timeline, with_system, "MRN-42", MRN_SYSTEM), "Patient")[0]
    assert given_system["identifier"][0]["system"] == MRN_SYSTEM


def test_a_protocol_with_a_bad_identifier_system_is_a_located_error(runner: CliRunner, tmp_path: Path) -> None:
    """clinic.identifier_system that is not an absolute URI is one message with file:line, exit 1."""
    protocol = tmp_path / "clinic.yaml"
    text = PROTOCOL.read_text(encoding="utf-8")
    protocol.write_text(text.replace("  phone: 555-0100\n", "  phone: 555-0100\n  identifier_system: our mrn\n"))
    code, _, err = run_cli(runner, "kb", "check", "--protocol", str(protocol))
    assert code == 1
    assert f"clinic.identifier_system ({protocol}:" in err and "absolute URI" in err
    assert "Traceback" not in err


def test_plan_definitions_have_a_canonical_url_and_version_per_publisher(kb: KnowledgeBase) -> None:
    """Built-in and clinic PlanDefinitions differ in url, version and id; each has all three, and they are stable."""
    clinic = load_knowledge_base(resolve_kb_path(), PROTOCOL)
    built_in = resources(kb_bundle(kb), "PlanDefinition")
    protocol = resources(kb_bundle(clinic), "PlanDefinition")
    assert built_in[0]["url"] == "urn:spinerecov:plandefinition:spinerecov:miss"
    assert protocol[0]["url"] == "urn:spinerecov:plandefinition:example-spine-clinic:miss"
    for mine, theirs in zip(built_in, protocol, strict=False):  # the protocol adds a procedure
        assert mine["url"] != theirs["url"] and mine["id"] != theirs["id"]
        assert mine["version"] != theirs["version"]
    assert built_in == resources(kb_bundle(load_knowledge_base(resolve_kb_path())), "PlanDefinition")


def test_the_care_plan_instantiates_its_plan_definition(kb: KnowledgeBase) -> None:
    """CarePlan.instantiatesCanonical is 'url|version' of the PlanDefinition `kb fhir` publishes for that procedure."""
    for base in (kb, load_knowledge_base(resolve_kb_path(), PROTOCOL)):
        definitions = {f"{d['url']}|{d['version']}" for d in resources(kb_bundle(base), "PlanDefinition")}
        plan = resources(plan_bundle(make_timeline(base, "tubular"), base, "p1"), "CarePlan")[0]
        assert len(plan["instantiatesCanonical"]) == 1
        assert plan["instantiatesCanonical"][0] in definitions
        assert plan["instantiatesCanonical"][0].startswith("urn:spinerecov:plandefinition:")
        assert plan["instantiatesCanonical"][0].split("|")[0].endswith(":tubular")


def test_the_care_plan_has_a_narrative_and_the_us_core_category(kb: KnowledgeBase) -> None:
    """Text is a generated XHTML div with the title, dates, phases and red flags; category is assess-plan."""
    timeline = make_timeline(kb)
    plan = resources(plan_bundle(timeline, kb, "p1"), "CarePlan")[0]
    assert plan["text"]["status"] == "generated"
    div = plan["text"]["div"]
    assert div.startswith('<div xmlns="http://www.w3.org/1999/xhtml">') and div.endswith("</div>")
    assert plan["title"] in div and "Red flags: when to get help" in div
    assert all(phase.name in div for phase in timeline.phases)
    coding = plan["category"][0]["coding"][0]
    assert coding == {"system": "http://hl7.org/fhir/us/core/CodeSystem/careplan-category", "code": "assess-plan"}


def test_the_narrative_never_lets_text_become_markup(kb: KnowledgeBase) -> None:
    """A symptom holding tags and '&' is escaped in the narrative: no element from a file, the bundle stays valid."""
    timeline = make_timeline(kb)
    hostile = RedFlag(
        id="x", symptom='<script>alert("x")</script> & <b>', action="emergency", sources=["general-guidance"]
    )
    changed = timeline._replace(red_flags=(*timeline.red_flags, hostile))
    div = narrative(changed, "<i>title</i>", plan_end(changed))
    assert "<script>" not in div and "<i>" not in div and "<b>" not in div.replace("<p><b>", "")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in div
    validate_bundle(plan_bundle(changed, kb, "p1"))


@pytest.mark.parametrize("procedure", ["endoscopic", "tubular", "mis-fusion", "open-fusion"])
def test_the_period_covers_every_activity_and_goal(kb: KnowledgeBase, procedure: str) -> None:
    """CarePlan.period ends on the latest date of any activity or goal (the yearly review too), not before."""
    bundle = plan_bundle(make_timeline(kb, procedure), kb, "p1")
    plan = resources(bundle, "CarePlan")[0]
    dates = _dates(plan, bundle)
    assert plan["period"]["end"] == max(dates)
    assert plan["period"]["start"] == SURGERY.isoformat() <= min(dates)


@given(offset=st.integers(min_value=-30, max_value=900))
def test_a_finished_plan_is_completed_and_a_running_one_active(offset: int) -> None:
    """Past the period's end the CarePlan and goals are completed, activities unknown; until then active."""
    kb = load_knowledge_base(resolve_kb_path())
    timeline = make_timeline(kb)
    timeline = timeline._replace(today=plan_end(timeline) + dt.timedelta(days=offset))
    bundle = plan_bundle(timeline, kb, "p1")
    plan = resources(bundle, "CarePlan")[0]
    ended = offset > 0
    assert plan["status"] == ("completed" if ended else "active")
    assert {g["lifecycleStatus"] for g in resources(bundle, "Goal")} == {"completed" if ended else "active"}
    assert {a["detail"]["status"] for a in plan["activity"]} == {"unknown" if ended else "scheduled"}


def test_a_transaction_bundle_puts_every_resource_at_its_id(kb: KnowledgeBase) -> None:
    """Type transaction: each entry has request PUT Type/id, and the bundle passes both validators."""
    for bundle in (plan_bundle(make_timeline(kb), kb, "p1", MRN_SYSTEM, "transaction"), kb_bundle(kb, "transaction")):
        validate_bundle(bundle)
        assert bundle["type"] == "transaction"
        for item in bundle["entry"]:
            resource = item["resource"]
            assert item["request"] == {"method": "PUT", "url": f"{resource['resourceType']}/{resource['id']}"}
            assert item["fullUrl"] == f"urn:uuid:{resource['id']}"
    assert all("request" not in e for e in plan_bundle(make_timeline(kb), kb, "p1")["entry"])


def test_the_official_schema_catches_a_planted_error(kb: KnowledgeBase) -> None:
    """The R4 JSON schema validator is live: an unknown key or a wrongly typed date is rejected."""
    bundle = plan_bundle(make_timeline(kb), kb, "p1")
    plan = resources(bundle, "CarePlan")[0]
    with pytest.raises(SchemaError):
        validate_with_schema({**plan, "bogusKey": 1})
    with pytest.raises(SchemaError):
        validate_with_schema({**plan, "period": {"start": "1 May 2024"}})


def test_the_discriminator_shortcut_gives_the_official_schemas_verdict(kb: KnowledgeBase) -> None:
    """The fast 'any resource' check agrees with plain oneOf: a good bundle passes both, a bad entry fails both."""
    bundle = plan_bundle(make_timeline(kb), kb, "p1")
    plan = resources(bundle, "CarePlan")[0]
    assert len(discriminated()) == 146
    assert schema_errors(bundle) == [] == schema_errors(bundle, plain=True)
    bad_entry = {**bundle, "entry": [*bundle["entry"][:-1], {"resource": {**plan, "period": {"start": "May"}}}]}
    unknown = {**bundle, "entry": [{"resource": {"resourceType": "NoSuchResource", "id": "x"}}]}
    untyped = {**plan, "resourceType": 7}
    for wrong in (bad_entry, unknown, untyped, {**plan, "bogusKey": 1}):
        assert schema_errors(wrong), wrong
        assert schema_errors(wrong, plain=True), wrong


def test_export_takes_a_system_and_a_transaction(runner: CliRunner) -> None:
    """--patient-id-system and --fhir-bundle transaction reach the exported bundle, which validates."""
    code, out, err = run_cli(
        runner, *EXPORT, "--patient-id", "MRN-42", "--patient-id-system", MRN_SYSTEM, "--fhir-bundle", "transaction"
    )
    assert code == 0, err
    bundle = json.loads(out)
    validate_bundle(bundle)
    assert bundle["type"] == "transaction"
    assert resources(bundle, "Patient")[0]["identifier"] == [{"system": MRN_SYSTEM, "value": "MRN-42"}]
    code, out, err = run_cli(runner, "kb", "fhir", "--fhir-bundle", "transaction")
    assert code == 0 and json.loads(out)["type"] == "transaction"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--patient-id", "MRN-42", "--patient-id-system", "hospital a"), "not a usable identifier system"),
        (("--patient-id", "MRN-42", "--patient-id-system", "http://a b"), "not a usable identifier system"),
        (("--patient-id", "MRN-42", "--patient-id-system", "mrn\x1b[31m"), "not a usable identifier system"),
        (("--patient-id-system", MRN_SYSTEM), "give --patient-id too"),
        (("--patient-id", "MRN-42", "--fhir-bundle", "batch"), "not one of: collection, transaction"),
    ],
)
def test_bad_fhir_options_are_usage_errors(runner: CliRunner, args: tuple[str, ...], words: str) -> None:
    """A system that is not an absolute URI, a system without an id, an unknown bundle type: one message, exit 2."""
    code, out, err = run_cli(runner, *EXPORT, *args)
    assert code == 2 and out == ""
    assert words in err and "Traceback" not in err and "\x1b" not in err


def test_fhir_bundle_is_only_for_fhir(runner: CliRunner) -> None:
    """--fhir-bundle with another format is a usage error (exit 2), not silently ignored."""
    code, _, err = run_cli(runner, *EXPORT[:-4], "-f", "ics", "-o", "-", "--fhir-bundle", "transaction")
    assert code == 2 and "--fhir-bundle is for --format fhir" in err


def test_batch_takes_a_system_and_a_transaction(runner: CliRunner, tmp_path: Path) -> None:
    """`batch --format fhir` writes the system and a transaction; a changed system rewrites the plan and its ids."""
    patients = tmp_path / "list.csv"
    patients.write_text("id,procedure,date\nMRN-42,endoscopic,2024-05-01\n", encoding="utf-8")
    out_dir = tmp_path / "plans"
    batch = ("batch", str(patients), "--out-dir", str(out_dir), "-f", "fhir", "--today", "2024-05-20")
    code, _, err = run_cli(runner, *batch, "--patient-id-system", MRN_SYSTEM, "--fhir-bundle", "transaction")
    assert code == 0, err
    first = json.loads((out_dir / "MRN-42.fhir.json").read_text(encoding="utf-8"))
    validate_bundle(first)
    assert first["type"] == "transaction" and all(e["request"]["method"] == "PUT" for e in first["entry"])
    assert resources(first, "Patient")[0]["identifier"] == [{"system": MRN_SYSTEM, "value": "MRN-42"}]
    code, _, err = run_cli(runner, *batch, "--patient-id-system", "http://hospital-b.example.org/mrn")
    assert code == 0 and "Rewrote 1 plan" in err
    second = json.loads((out_dir / "MRN-42.fhir.json").read_text(encoding="utf-8"))
    assert second["type"] == "collection" and not _ids(first) & _ids(second)
    code, _, err = run_cli(runner, *batch, "--patient-id-system", "http://hospital-b.example.org/mrn")
    assert code == 0 and "Kept 1 plan" in err
    code, _, err = run_cli(runner, *batch[:-4], "-f", "ics", "--fhir-bundle", "transaction")
    assert code == 2 and "--fhir-bundle is for --format fhir" in err
