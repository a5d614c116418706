"""Pure: the knowledge base (with a clinic's protocol) -> FHIR R4 PlanDefinitions, one per procedure, in a Bundle.

Each PlanDefinition is a canonical resource with a `url` and a `version` of
its publisher (see `canonical.py`). Each action is timed from the surgery: `timingRange` gives its days after
surgery, and `relatedAction` the same start as an offset after the root
"surgery" action, which is how CPG-on-FHIR engines chain actions. Sources go in
as RelatedArtifact citations (`relatedArtifact` on
the PlanDefinition, `documentation` on each action, as R4 names them). Procedure codes are CPT codes only: never
CPT's descriptor text (licensed by the AMA).
"""

from __future__ import annotations

import uuid
from typing import Any

from spinerecov.i18n import _
from spinerecov.knowledge.identity import NAMESPACE
from spinerecov.knowledge.models import KnowledgeBase, Procedure
from spinerecov.output.fhir.canonical import definition_id, definition_url, definition_version, origin
from spinerecov.output.fhir.parts import citations, collection, cpt_codes, days, entry
from spinerecov.output.fhir.plan import step_text
from spinerecov.output.wording import ACTION_WORDS, clinic_line, describe_range
from spinerecov.plan.schedule import schedule, step_range
from spinerecov.plan.timeline import milestone_day, milestone_range

SURGERY_ACTION = "surgery"
PLAN_TYPE = "http://terminology.hl7.org/CodeSystem/plan-definition-type"
USAGE_CONTEXT_TYPE = "http://terminology.hl7.org/CodeSystem/usage-context-type"


def kb_bundle(kb: KnowledgeBase, bundle_type: str = "collection") -> dict[str, Any]:
    """Every procedure as a PlanDefinition, in a Bundle (a `collection`, or a `transaction` to post)."""
    entries = [
        entry(plan_definition(kb, ident, procedure), f"urn:uuid:{definition_id(kb, ident)}")
        for ident, procedure in kb.procedures.items()
    ]
    return collection(str(uuid.uuid5(NAMESPACE, f"knowledge-base/{origin(kb)}")), entries, bundle_type)


def plan_definition(kb: KnowledgeBase, ident: str, procedure: Procedure) -> dict[str, Any]:
    """One procedure's recovery protocol as a PlanDefinition."""
    definition: dict[str, Any] = {
        "resourceType": "PlanDefinition",
        "id": definition_id(kb, ident),
        "url": definition_url(kb, ident),
        "version": definition_version(kb, ident),
        "name": "".join(part.capitalize() for part in ident.split("-")),
        "title": _("Recovery after {procedure}").format(procedure=procedure.name),
        "type": {"coding": [{"system": PLAN_TYPE, "code": "clinical-protocol"}]},
        "status": "active",
        "publisher": kb.clinic.name if kb.clinic else "spinerecov",
        "description": f"{procedure.description} "
        + _("Hospital stay: {stay}").format(stay=procedure.hospital_stay.text),
        "usage": kb.disclaimer,
    }
    if procedure.codes:
        focus = {"system": USAGE_CONTEXT_TYPE, "code": "focus"}
        definition["useContext"] = [{"code": focus, "valueCodeableConcept": cpt_codes(procedure.codes)}]
    definition["relatedArtifact"] = citations(procedure.sources, kb)
    definition["action"] = [_surgery(procedure), *_phases(kb, procedure), *_milestones(kb, procedure)]
    definition["action"] += [*_activities(kb, procedure), _red_flags(kb, procedure)]
    return definition


def _timed(action_id: str, first: int, last: int | None) -> dict[str, Any]:
    """An action's timing: days `first` to `last` after surgery (open-ended without `last`)."""
    timing = {"low": days(first)} if last is None else {"low": days(first), "high": days(last)}
    after = {"actionId": SURGERY_ACTION, "relationship": "after-start", "offsetDuration": days(first)}
    return {"id": action_id, "timingRange": timing, "relatedAction": [after]}


def _surgery(procedure: Procedure) -> dict[str, Any]:
    return {"id": SURGERY_ACTION, "title": procedure.name, "description": _("The operation: day 0 of the plan.")}


def _phases(kb: KnowledgeBase, procedure: Procedure) -> list[dict[str, Any]]:
    return [
        {
            **_timed(f"phase-{p.id}", p.start, p.end),
            "title": p.name,
            "description": p.expect
            + (" " + _("Starts: most people {range}.").format(range=describe_range(p.range)) if p.range else ""),
            "documentation": citations([*p.sources, *(p.range.sources if p.range else [])], kb),
        }
        for p in procedure.phases
    ]


def _milestones(kb: KnowledgeBase, procedure: Procedure) -> list[dict[str, Any]]:
    actions = []
    for m in procedure.milestones:
        day = milestone_day(procedure, m.id)
        sourced, _other = milestone_range(procedure, m, day)
        actions.append(
            {
                **_timed(f"milestone-{m.id}", day, day),
                "title": _("{milestone} (optional)").format(milestone=m.name) if m.optional else m.name,
                "description": f"{m.description} " + _("Most people: {range}.").format(range=describe_range(sourced)),
                "documentation": citations([*m.sources, *sourced.sources], kb),
            }
        )
    return actions


def _activities(kb: KnowledgeBase, procedure: Procedure) -> list[dict[str, Any]]:
    """One action per activity, with a timed sub-action per step of its schedule."""
    actions = []
    for ident, activity in kb.activities.items():
        steps = schedule(procedure, ident)
        children = [
            {
                **_timed(f"{ident}-{i + 1}", s.from_day, steps[i + 1].from_day - 1 if i + 1 < len(steps) else None),
                "description": step_text(activity.name, s, kb),
                "documentation": citations([*s.sources, *step_range(s).sources], kb),
            }
            for i, s in enumerate(steps)
        ]
        conditions = " ".join(_("Always: {condition}").format(condition=c.text) for c in activity.conditions)
        actions.append(
            {"id": ident, "title": activity.name, "description": f"{activity.description} {conditions}".strip()}
            | {"action": children}
        )
    return actions


def _red_flags(kb: KnowledgeBase, procedure: Procedure) -> dict[str, Any]:
    flags = [*kb.red_flags, *procedure.red_flags]
    contact = clinic_line(kb.clinic)
    return {
        "id": "red-flags",
        "title": _("Red flags: when to get help"),
        "description": contact or _("Contact your surgeon, or the emergency department."),
        "action": [
            {
                "id": f"red-flag-{flag.id}",
                "title": flag.symptom,
                "description": _(ACTION_WORDS[flag.action]) + ".",
                "documentation": citations(flag.sources, kb),
            }
            for flag in flags
        ],
    }
