"""The diary's FHIR bundle: valid R4, LOINC codes as LOINC names them, and the plan bundle's Patient and CarePlan."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from conftest import FIXTURES, SURGERY, make_timeline
from fhir_models import resources, validate_bundle
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.output.diary_entries import DiaryEntryOut, entry_out
from spinerecov.output.fhir.diary import LOINC, LOINC_SYSTEM, diary_bundle
from spinerecov.output.fhir.plan import plan_bundle

SAVED = dt.datetime(2024, 5, 20, 18, 0, tzinfo=dt.timezone.utc)  # noqa: UP017


def check_in(entry_id: int, day: int, answers: dict[str, Any]) -> DiaryEntryOut:
    """A check-in entry as the diary command hands it to the renderers."""
    payload = {"answers": answers, "tier": "none", "red_flags": [], "day": day, "week": day // 7 + 1}
    on = SURGERY + dt.timedelta(days=day)
    return entry_out(entry_id, "check-in", on, "endoscopic", SURGERY, SAVED, payload)


def questionnaire(entry_id: int, name: str, answers: dict[str, Any], score: float) -> DiaryEntryOut:
    """A questionnaire entry."""
    payload = {
        "questionnaire": name,
        "answers": answers,
        "score": score,
        "scale": {"min": 0, "max": 10, "better": "lower"},
        "timepoint": "3-months",
    }
    return entry_out(entry_id, "questionnaire", SURGERY + dt.timedelta(days=90), "endoscopic", SURGERY, SAVED, payload)


ENTRIES = [
    check_in(1, 3, {"leg-pain": 6, "back-pain": 4, "temperature": 38.2, "note": "tired", "walked": 15}),
    check_in(2, 10, {"leg-pain": 3, "pain-medicine": "none"}),
    questionnaire(3, "back-pain", {"back-pain": 2}, 2),
    questionnaire(4, "work", {"working": True, "hours": 20.5, "kind": "desk"}, 1),
    questionnaire(5, "back-pain", {"back-pain": 1}, 1),
]


def test_the_bundle_is_valid_fhir_r4() -> None:
    """The bundle and every resource in it validate against the R4 models."""
    validate_bundle(diary_bundle(ENTRIES, "MRN123"))


def test_the_validation_can_fail() -> None:
    """The same validation rejects a broken Observation (no status): it is not a rubber stamp."""
    bundle = diary_bundle(ENTRIES, "MRN123")
    del resources(bundle, "Observation")[0]["status"]
    with pytest.raises(ValidationError):
        validate_bundle(bundle)


def test_pain_and_temperature_are_observations_with_their_loinc_codes() -> None:
    """Each pain score is an Observation coded 72514-3 with its body site; a temperature is 8310-5 in Cel."""
    observations = resources(diary_bundle(ENTRIES, "MRN123"), "Observation")
    pain = [o for o in observations if o["code"]["coding"][0]["code"] == "72514-3"]
    assert [(o["code"]["text"], o["valueInteger"], o["effectiveDateTime"]) for o in pain] == [
        ("Leg pain", 6, "2024-05-04"),
        ("Back pain", 4, "2024-05-04"),
        ("Leg pain", 3, "2024-05-11"),
    ]
    assert {o["category"][0]["coding"][0]["code"] for o in pain} == {"survey"}
    (temperature,) = [o for o in observations if o["code"]["coding"][0]["code"] == "8310-5"]
    assert temperature["valueQuantity"] == {
        "value": 38.2,
        "unit": "°C",
        "system": "http://unitsofmeasure.org",
        "code": "Cel",
    }
    assert temperature["category"][0]["coding"][0]["code"] == "vital-signs"
    assert all(o["code"]["coding"][0]["system"] == LOINC_SYSTEM for o in observations)


def test_the_loinc_codes_are_as_loinc_names_them() -> None:
    """Every LOINC code used carries the display name its cited source quotes for it (tests/fixtures/loinc)."""
    quoted = {}
    for line in (FIXTURES / "loinc" / "quoted.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, display, source = line.split("\t")
            assert source
            quoted[code] = display
    assert dict(LOINC.values()) == {code: quoted[code] for code, _ in LOINC.values()}


def test_each_questionnaire_entry_is_a_response_to_its_questionnaire() -> None:
    """A QuestionnaireResponse per questionnaire entry, with its answers; each Questionnaire is in the bundle once."""
    bundle = diary_bundle(ENTRIES, "MRN123")
    responses = resources(bundle, "QuestionnaireResponse")
    assert [r["questionnaire"] for r in responses] == [
        "Questionnaire/back-pain",
        "Questionnaire/work",
        "Questionnaire/back-pain",
    ]
    assert responses[1]["item"] == [
        {"linkId": "working", "answer": [{"valueBoolean": True}]},
        {"linkId": "hours", "answer": [{"valueDecimal": 20.5}]},
        {"linkId": "kind", "answer": [{"valueString": "desk"}]},
    ]
    questionnaires = resources(bundle, "Questionnaire")
    assert [q["id"] for q in questionnaires] == ["back-pain", "work"]
    assert [i["type"] for i in questionnaires[1]["item"]] == ["boolean", "decimal", "string"]


def test_everything_is_about_the_plan_bundles_patient_and_care_plan(kb: KnowledgeBase) -> None:
    """Every Observation and QuestionnaireResponse refers to the Patient and CarePlan of the plan's own bundle."""
    plan = plan_bundle(make_timeline(kb), kb, "MRN123")
    patient_url = next(e["fullUrl"] for e in plan["entry"] if e["resource"]["resourceType"] == "Patient")
    care_plan_url = next(e["fullUrl"] for e in plan["entry"] if e["resource"]["resourceType"] == "CarePlan")
    bundle = diary_bundle(ENTRIES, "MRN123")
    assert resources(bundle, "Patient") == resources(plan, "Patient")
    for kind in ("Observation", "QuestionnaireResponse"):
        for resource in resources(bundle, kind):
            assert resource["subject"] == {"reference": patient_url}
            assert resource["basedOn"] == [{"reference": care_plan_url}]


def test_ids_are_stable_and_distinct() -> None:
    """Exporting again gives the same ids; no two resources share one; another patient gets other ids."""
    first, again, other = (diary_bundle(ENTRIES, p) for p in ("MRN123", "MRN123", "MRN999"))
    ids = [e["resource"]["id"] for e in first["entry"]]
    assert ids == [e["resource"]["id"] for e in again["entry"]]
    assert len(ids) == len(set(ids))
    assert not set(ids) & {e["resource"]["id"] for e in other["entry"]} - {"back-pain", "work"}


def test_an_odd_questionnaire_id_still_makes_a_valid_bundle(tmp_path: Path) -> None:
    """A questionnaire id FHIR would not take as an id (spaces, accents) gets a UUID; the bundle stays valid."""
    odd = questionnaire(9, "dolor de espalda ñ", {"ítem 1": 3}, 3)
    bundle = diary_bundle([odd], "MRN123")
    validate_bundle(bundle)
    (response,) = resources(bundle, "QuestionnaireResponse")
    (definition,) = resources(bundle, "Questionnaire")
    assert response["questionnaire"] == f"Questionnaire/{definition['id']}"
