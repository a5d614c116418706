"""`kb fhir`: the knowledge base as R4 PlanDefinitions: valid, timed from surgery, cited, CPT codes only."""

from typing import Any

import pytest

from conftest import ROOT
from fhir_models import resources, validate_bundle
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.output.fhir.knowledge_base import SURGERY_ACTION, kb_bundle
from spinerecov.output.fhir.parts import CPT_SYSTEM

PROTOCOL = ROOT / "examples" / "clinic-protocol.yaml"


def _procedure(definition: dict[str, Any]) -> str:
    """The procedure a PlanDefinition is for: the last part of its canonical URL."""
    return str(definition["url"]).rsplit(":", 1)[1]


def _actions(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every action, nested ones too."""
    found = []
    for action in actions:
        found += [action, *_actions(action.get("action", []))]
    return found


@pytest.mark.parametrize("with_protocol", [False, True], ids=["built-in", "clinic-protocol"])
def test_one_valid_plan_definition_per_procedure(with_protocol: bool) -> None:
    """The bundle validates against the R4 models and holds one PlanDefinition per procedure."""
    kb = load_knowledge_base(resolve_kb_path(), PROTOCOL if with_protocol else None)
    bundle = kb_bundle(kb)
    validate_bundle(bundle)
    assert [_procedure(d) for d in resources(bundle, "PlanDefinition")] == list(kb.procedures)
    if with_protocol:
        assert {d["publisher"] for d in resources(bundle, "PlanDefinition")} == {"Example Spine Clinic"}


def test_procedure_codes_are_cpt_codes_only(kb: KnowledgeBase) -> None:
    """CPT codes go in with their system and code and nothing else (no descriptor text); none are invented."""
    for definition in resources(kb_bundle(kb), "PlanDefinition"):
        codes = kb.procedures[_procedure(definition)].codes
        contexts = definition.get("useContext", [])
        codings = [c for u in contexts for c in u["valueCodeableConcept"]["coding"]]
        assert codings == [{"system": CPT_SYSTEM, "code": code} for code in codes]
        assert all(set(u["valueCodeableConcept"]) == {"coding"} for u in contexts)
    fusion = next(d for d in resources(kb_bundle(kb), "PlanDefinition") if _procedure(d) == "mis-fusion")
    assert [c["code"] for c in fusion["useContext"][0]["valueCodeableConcept"]["coding"]] == ["22630", "22633"]


def test_actions_are_timed_from_surgery_and_cite_their_sources(kb: KnowledgeBase) -> None:
    """Phases span their days after surgery, relative to the surgery action; every citation is a known source."""
    definition = next(d for d in resources(kb_bundle(kb), "PlanDefinition") if _procedure(d) == "tubular")
    actions = {a["id"]: a for a in _actions(definition["action"])}
    assert len(actions) == len(_actions(definition["action"])), "action ids are unique"
    for phase in kb.procedures["tubular"].phases:
        action = actions[f"phase-{phase.id}"]
        assert (action["timingRange"]["low"]["value"], action["timingRange"]["high"]["value"]) == (
            phase.start,
            phase.end,
        )
        assert action["relatedAction"][0]["actionId"] == SURGERY_ACTION
        assert action["relatedAction"][0]["offsetDuration"]["value"] == phase.start
    timed = [a for a in actions.values() if "timingRange" in a]
    assert all(a["documentation"] for a in timed)
    labels = {c["label"] for a in actions.values() for c in a.get("documentation", [])}
    assert labels <= set(kb.sources) and labels
    lifting = [a for a in actions.values() if a["id"].startswith("lift-")]
    assert len(lifting) == len(kb.procedures["tubular"].activities["lift"])
    assert "high" not in lifting[-1]["timingRange"], "the last step has no end"
