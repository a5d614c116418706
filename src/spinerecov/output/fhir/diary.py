"""Pure: the diary -> one FHIR R4 Bundle (type `collection`) of the patient's reported outcomes.

- an Observation per pain score of a check-in (LOINC 72514-3, the 0-10 numeric
  rating, with the leg or the back as its body site in words) and per body
  temperature (LOINC 8310-5, in UCUM `Cel`);
- a QuestionnaireResponse per questionnaire entry, and the Questionnaire each
  one answers;
- all about the same Patient, and based on the same CarePlan, as the plan's
  own bundle (`export --format fhir`): their ids come from the same identity
  rule (`knowledge/identity.py`), so both exports name one patient and one plan.

Every resource id is a name-based UUID of the patient id and the entry id
(entry ids are never given twice), so exporting again updates the same records.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from spinerecov.i18n import N_, _
from spinerecov.knowledge.identity import stable_uuid
from spinerecov.output.diary_entries import BACK_PAIN, LEG_PAIN, TEMPERATURE, DiaryEntryOut, number
from spinerecov.output.fhir.parts import UCUM, collection, entry
from spinerecov.output.fhir.plan import _Ids as _Records  # the plan bundle's own ids: one patient, one plan
from spinerecov.output.fhir.plan import patient as patient_resource

LOINC_SYSTEM = "http://loinc.org"
LOINC = {
    "pain-severity-0-10": ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
    "body-temperature": ("8310-5", "Body temperature"),
}
"""The LOINC codes the diary uses, with LOINC's display names (tests check them against the quoted table)."""
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
PAIN_SITES = {LEG_PAIN: (N_("Leg pain"), N_("Leg or legs")), BACK_PAIN: (N_("Back pain"), N_("Back (spine)"))}
"""Each pain question: what the score is (the code's text) and where (the body site, in words only)."""
_FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")


def diary_bundle(entries: Sequence[DiaryEntryOut], patient_id: str) -> dict[str, Any]:
    """The diary as a FHIR R4 collection Bundle: the Patient, Observations, QuestionnaireResponses, Questionnaires."""
    records = _Records(patient_id)
    items = [entry(patient_resource(records), records.url("patient"))]
    questionnaires: dict[str, DiaryEntryOut] = {}
    for diary_entry in entries:
        if diary_entry.kind == "check-in":
            items += _observations(diary_entry, records)
        elif diary_entry.questionnaire is not None:
            ident = f"diary-{diary_entry.entry_id}"
            items.append(entry(_response(diary_entry, records), records.url("questionnaire-response", ident)))
            questionnaires.setdefault(diary_entry.questionnaire, diary_entry)
    for name, first in questionnaires.items():
        items.append(entry(_questionnaire(name, first), records.url("questionnaire", name)))
    return collection(records.id("diary-bundle"), items)


def _observations(diary_entry: DiaryEntryOut, records: _Records) -> list[dict[str, Any]]:
    found = []
    for question, (what, site) in PAIN_SITES.items():
        score = number(diary_entry, question)
        if score is not None:
            code = _code("pain-severity-0-10", _(what))
            resource = _observation(diary_entry, records, question, "survey", code)
            resource["valueInteger"] = int(score)
            resource["bodySite"] = {"text": _(site)}
            found.append(resource)
    temperature = number(diary_entry, TEMPERATURE)
    if temperature is not None:
        code = _code("body-temperature", _("Body temperature"))
        resource = _observation(diary_entry, records, TEMPERATURE, "vital-signs", code)
        resource["valueQuantity"] = {"value": temperature, "unit": "°C", "system": UCUM, "code": "Cel"}
        found.append(resource)
    return [entry(resource, f"urn:uuid:{resource['id']}") for resource in found]


def _observation(
    diary_entry: DiaryEntryOut, records: _Records, question: str, category: str, code: dict[str, Any]
) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": records.id("observation", f"diary-{diary_entry.entry_id}-{question}"),
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY_SYSTEM, "code": category}]}],
        "code": code,
        "subject": {"reference": records.url("patient")},
        "basedOn": [{"reference": records.url("careplan")}],
        "effectiveDateTime": diary_entry.date.isoformat(),
        "issued": diary_entry.saved_at.isoformat(),
    }


def _code(name: str, text: str) -> dict[str, Any]:
    code, display = LOINC[name]
    return {"coding": [{"system": LOINC_SYSTEM, "code": code, "display": display}], "text": text}


def questionnaire_id(name: str) -> str:
    """The Questionnaire's FHIR id: the questionnaire's own id when FHIR allows it, else a UUID of it."""
    return name if _FHIR_ID.fullmatch(name) else str(stable_uuid("", "questionnaire", name))


def _response(diary_entry: DiaryEntryOut, records: _Records) -> dict[str, Any]:
    assert diary_entry.questionnaire is not None  # noqa: S101 - only questionnaire entries come here
    return {
        "resourceType": "QuestionnaireResponse",
        "id": records.id("questionnaire-response", f"diary-{diary_entry.entry_id}"),
        "questionnaire": f"Questionnaire/{questionnaire_id(diary_entry.questionnaire)}",
        "status": "completed",
        "subject": {"reference": records.url("patient")},
        "basedOn": [{"reference": records.url("careplan")}],
        "authored": diary_entry.saved_at.isoformat(),
        "source": {"reference": records.url("patient")},
        "item": [
            {"linkId": link, "answer": [_answer(value)]}
            for link, value in diary_entry.answers.items()
            if value is not None
        ],
    }


def _answer(value: bool | int | float | str) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int):
        return {"valueInteger": value}
    if isinstance(value, float):
        return {"valueDecimal": value}
    return {"valueString": value}


def _questionnaire(name: str, first: DiaryEntryOut) -> dict[str, Any]:
    """The Questionnaire an entry answered: its items as answered (their types from the answers)."""
    return {
        "resourceType": "Questionnaire",
        "id": questionnaire_id(name),
        "name": re.sub(r"[^A-Za-z0-9]", "", name.title())[:64] or "Questionnaire",
        "title": name,
        "status": "active",
        "subjectType": ["Patient"],
        "item": [
            {"linkId": link, "text": link, "type": _item_type(value)}
            for link, value in first.answers.items()
            if value is not None
        ],
    }


def _item_type(value: bool | int | float | str | None) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return "decimal" if isinstance(value, float) else "string"
