"""The FHIR plan bundle: valid R4 for every plan, dates that agree with the other exports, stable per-patient ids."""

import datetime as dt
import re
from typing import Any

import pytest
from icalendar import Calendar
from pydantic import ValidationError

from conftest import ROOT, SURGERY, TODAY, make_timeline
from fhir_models import resources, validate_bundle, validate_resource
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.calendar.plan import to_ics
from spinerecov.output.fhir.plan import APPOINTMENT_KINDS, TASK_KINDS, plan_bundle
from spinerecov.output.markdown.plan import to_markdown
from spinerecov.plan.personalise import personalise
from spinerecov.plan.timeline import build_timeline

PROTOCOL = ROOT / "examples" / "clinic-protocol.yaml"
MANY_FACTORS = PatientFactors(
    age=72, smoker=True, diabetes=True, bmi=36, job="heavy", nerve_damage=True, health="poor", levels=2
)


def _bundle(kb: KnowledgeBase, procedure: str, factors: PatientFactors, patient: str = "p001") -> dict[str, Any]:
    timeline = build_timeline(kb, personalise(kb, procedure, factors), factors, SURGERY, TODAY)
    return plan_bundle(timeline, kb, patient)


@pytest.mark.parametrize("with_protocol", [False, True], ids=["built-in", "clinic-protocol"])
@pytest.mark.parametrize("factors", [PatientFactors(), MANY_FACTORS], ids=["no-factors", "many-factors"])
def test_every_plan_is_valid_fhir_r4(with_protocol: bool, factors: PatientFactors) -> None:
    """Every procedure's bundle, and each resource in it, validates against the R4 models."""
    kb = load_knowledge_base(resolve_kb_path(), PROTOCOL if with_protocol else None)
    for procedure in kb.procedures:
        bundle = _bundle(kb, procedure, factors)
        validate_bundle(bundle)
        assert bundle["type"] == "collection"
        assert [len(resources(bundle, kind)) for kind in ("Patient", "CarePlan")] == [1, 1]


def test_the_validation_can_fail(kb: KnowledgeBase) -> None:
    """A CarePlan without its required status, or with an unknown key, is rejected (the check is not vacuous)."""
    care_plan = resources(_bundle(kb, "endoscopic", PatientFactors()), "CarePlan")[0]
    with pytest.raises(ValidationError):
        validate_resource({k: v for k, v in care_plan.items() if k != "status"})
    with pytest.raises(ValidationError):
        validate_resource({**care_plan, "surgeon": "Dr Who"})


def test_care_plan_says_what_the_plan_says(kb: KnowledgeBase) -> None:
    """Period from surgery to full recovery, an activity per phase, step and visit, Goals linked, notes."""
    timeline = make_timeline(kb, "tubular", PatientFactors(smoker=True))
    bundle = plan_bundle(timeline, kb, "p001")
    plan = resources(bundle, "CarePlan")[0]
    assert (plan["status"], plan["intent"]) == ("active", "plan")
    assert plan["period"] == {"start": "2024-05-01", "end": timeline.full_recovery.date.isoformat()}
    assert "addresses" not in plan and "basedOn" not in plan
    kinds = [a["detail"]["kind"] for a in plan["activity"]]
    steps = sum(len(a.steps) for a in timeline.activities)
    visits = [m for m in timeline.milestones if m.kind in APPOINTMENT_KINDS]
    questionnaires = [m for m in timeline.milestones if m.kind in TASK_KINDS]
    assert kinds.count("Appointment") == len(visits) > 0
    assert kinds.count("Task") == len(timeline.phases) + steps + len(questionnaires)
    goal_urls = {e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Goal"}
    assert {g["reference"] for g in plan["goal"]} == goal_urls
    assert len(goal_urls) == len(timeline.milestones) - len(visits) - len(questionnaires)
    notes = [n["text"] for n in plan["note"]]
    assert notes[0] == kb.disclaimer
    assert notes[1].startswith("Red flags") and "emergency department" in notes[1]
    assert any(n.startswith("Adjustments for the patient's factors") and "smoker" in n for n in notes)
    assert notes[-1].startswith("Sources:")
    lift = [a["detail"]["description"] for a in plan["activity"] if a["detail"]["description"].startswith("Lifting")]
    assert any("no more than" in text and "kg" in text for text in lift)


def test_the_patient_carries_only_the_identifier(kb: KnowledgeBase) -> None:
    """The Patient has an id and the identifier given, nothing else; a made-up id is marked as a URI."""
    given = resources(_bundle(kb, "endoscopic", MANY_FACTORS, "MRN-42"), "Patient")[0]
    assert set(given) == {"resourceType", "id", "identifier"}
    assert given["identifier"] == [{"value": "MRN-42"}]
    made_up = "urn:uuid:0b8f9d2e-4a8d-4a47-9a39-5f6c0c0e9a11"
    random = resources(_bundle(kb, "endoscopic", PatientFactors(), made_up), "Patient")[0]
    assert random["identifier"] == [{"system": "urn:ietf:rfc:3986", "value": made_up}]


def _ids(bundle: dict[str, Any]) -> set[str]:
    found = {bundle["id"]} | {e["fullUrl"] for e in bundle["entry"]}
    return found | {e["resource"]["id"] for e in bundle["entry"]}


def _goal_id(bundle: dict[str, Any], name: str) -> str:
    return next(str(g["id"]) for g in resources(bundle, "Goal") if g["description"]["text"] == name)


def test_ids_follow_the_patient_not_the_date(kb: KnowledgeBase) -> None:
    """Two patients with the same plan share no id; one patient's ids survive a new date and procedure."""
    first = _bundle(kb, "endoscopic", PatientFactors(), "p001")
    second = _bundle(kb, "endoscopic", PatientFactors(), "p002")
    assert not _ids(first) & _ids(second)
    none = PatientFactors()
    later = build_timeline(kb, personalise(kb, "endoscopic", none), none, dt.date(2025, 3, 3), TODAY)
    assert _ids(plan_bundle(later, kb, "p001")) == _ids(first)
    other_operation = build_timeline(kb, personalise(kb, "tubular", none), none, dt.date(2025, 3, 3), TODAY)
    changed = plan_bundle(other_operation, kb, "p001")
    for kind in ("Patient", "CarePlan"):
        assert resources(changed, kind)[0]["id"] == resources(first, kind)[0]["id"]
    assert _goal_id(changed, "Full recovery expected") == _goal_id(first, "Full recovery expected")
    assert first == _bundle(kb, "endoscopic", PatientFactors(), "p001")


def _markdown_dates(markdown: str) -> set[tuple[str, str]]:
    milestones = re.findall(r"^- \[ \] (\d{4}-\d\d-\d\d) (.+?) \(week \d+;", markdown, re.MULTILINE)
    phases = re.findall(r"^\| ([^|]+?) \| (\d{4}-\d\d-\d\d) to \d{4}-\d\d-\d\d \|", markdown, re.MULTILINE)
    return {(name, date) for date, name in milestones} | {(f"phase {name}", date) for name, date in phases}


def _calendar_dates(data: bytes) -> set[tuple[str, str]]:
    found = set()
    for event in Calendar.from_ical(data).walk("VEVENT"):
        summary, date = str(event["summary"]), event.decoded("dtstart").isoformat()
        if summary.startswith("Recovery phase starts: "):
            found.add((f"phase {summary.removeprefix('Recovery phase starts: ')}", date))
        elif not summary.startswith("Red flags"):
            found.add((summary, date))
    return found


def _fhir_dates(bundle: dict[str, Any], task_names: set[str]) -> set[tuple[str, str]]:
    found = {(g["description"]["text"], g["target"][0]["dueDate"]) for g in resources(bundle, "Goal")}
    for activity in resources(bundle, "CarePlan")[0]["activity"]:
        detail = activity["detail"]
        start = detail["scheduledPeriod"]["start"]
        if detail["kind"] == "Appointment":
            assert detail["scheduledPeriod"]["end"] == start
            found.add((detail["description"].split(": ", 1)[0], start))
        elif detail["description"].startswith("Recovery phase: "):
            found.add((f"phase {detail['description'].removeprefix('Recovery phase: ').split(' (week')[0]}", start))
        elif detail["description"].split(": ", 1)[0] in task_names:  # a questionnaire: its window opens on its day
            found.add((detail["description"].split(": ", 1)[0], start))
    return found


@pytest.mark.parametrize("procedure", ["endoscopic", "tubular", "mis-fusion", "open-fusion"])
def test_fhir_markdown_and_calendar_agree_on_every_date(kb: KnowledgeBase, procedure: str) -> None:
    """Every milestone and phase falls on the same date in the FHIR bundle, the markdown and the calendar."""
    timeline = make_timeline(kb, procedure, MANY_FACTORS)
    tasks = {m.name for m in timeline.milestones if m.kind in TASK_KINDS}
    fhir = _fhir_dates(plan_bundle(timeline, kb, "p001"), tasks)
    markdown = _markdown_dates(to_markdown(timeline, kb))
    calendar = _calendar_dates(to_ics(timeline, kb, "p001"))
    assert len(fhir) == len(timeline.milestones) + len(timeline.phases)
    assert fhir == markdown == calendar
