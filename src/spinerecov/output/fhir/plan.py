"""Pure: a dated plan -> one FHIR R4 Bundle (type `collection`) with the Patient, the CarePlan and its Goals.

Ids come from the patient identity rule (`knowledge/identity.py`), never from
the surgery date, so re-importing an updated plan updates the same records.
Every activity is `scheduled` and every goal `active`: spinerecov monitors no
one, so whether a patient has done something is for the care team to record.
"""

from __future__ import annotations

from typing import Any

from spinerecov.i18n import _
from spinerecov.knowledge.identity import is_random_id, stable_uuid
from spinerecov.knowledge.models import ActivityStep, KnowledgeBase
from spinerecov.output.fhir.parts import collection, entry, red_flags_text, sources_text
from spinerecov.output.source_lists import ordered_sources
from spinerecov.output.wording import (
    describe_factors,
    describe_group,
    describe_range,
    describe_step,
    differ_line,
    fmt_date,
    group_adjustments,
    range_sentence,
    source_titles,
    weeks_label,
)
from spinerecov.plan.days import week_of
from spinerecov.plan.schedule import step_range
from spinerecov.plan.timeline import ActivityOutlook, PlannedMilestone, PlannedPhase, Timeline

APPOINTMENT_KINDS = frozenset({"visit", "check-in"})
TASK_KINDS = frozenset({"questionnaire"})
"""Milestones the patient does at home within a window (outcome questionnaires): CarePlan tasks, not goals."""
"""Milestones that are appointments (CarePlan activities); every other milestone is a Goal."""


class _Ids:
    """The ids and URLs of one patient's records."""

    def __init__(self, patient_id: str) -> None:
        self.patient_id = patient_id

    def id(self, kind: str, ident: str = "") -> str:
        return str(stable_uuid(self.patient_id, kind, ident))

    def url(self, kind: str, ident: str = "") -> str:
        return f"urn:uuid:{self.id(kind, ident)}"


def plan_bundle(timeline: Timeline, kb: KnowledgeBase, patient_id: str) -> dict[str, Any]:
    """The plan as a FHIR R4 collection Bundle: Patient, CarePlan, and a Goal per milestone that is not a visit."""
    ids = _Ids(patient_id)
    goals = [m for m in timeline.milestones if m.kind not in APPOINTMENT_KINDS | TASK_KINDS]
    entries = [
        entry(patient(ids), ids.url("patient")),
        entry(care_plan(timeline, kb, ids, goals), ids.url("careplan")),
        *(entry(goal(timeline, kb, ids, m), ids.url("goal", m.id)) for m in goals),
    ]
    return collection(ids.id("bundle"), entries)


def patient(ids: _Ids) -> dict[str, Any]:
    """The minimal Patient: only the identifier we were given (or made up), never demographics."""
    identifier: dict[str, str] = {"value": ids.patient_id}
    if is_random_id(ids.patient_id):  # a 'urn:uuid:' URI
        identifier = {"system": "urn:ietf:rfc:3986", "value": ids.patient_id}
    return {"resourceType": "Patient", "id": ids.id("patient"), "identifier": [identifier]}


def care_plan(t: Timeline, kb: KnowledgeBase, ids: _Ids, goals: list[PlannedMilestone]) -> dict[str, Any]:
    """The CarePlan: a period from surgery to full recovery, an activity per phase, step and visit, and notes."""
    plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": ids.id("careplan"),
        "status": "active",
        "intent": "plan",
        "title": _("Recovery plan: {procedure}").format(procedure=t.procedure.name),
        "description": _description(t),
        "subject": {"reference": ids.url("patient")},
        "period": {"start": t.surgery_date.isoformat(), "end": t.full_recovery.date.isoformat()},
    }
    if t.clinic is not None:
        plan["author"] = {"display": t.clinic.name}
    plan["goal"] = [{"reference": ids.url("goal", m.id)} for m in goals]
    plan["activity"] = [
        *(_phase_activity(t, p) for p in t.phases),
        *(_step_activity(t, kb, a, i) for a in t.activities for i in range(len(a.steps))),
        *(_visit_activity(kb, m) for m in t.milestones if m.kind in APPOINTMENT_KINDS),
        *(_task_activity(t, kb, m) for m in t.milestones if m.kind in TASK_KINDS),
    ]
    plan["note"] = [{"text": text} for text in _notes(t, kb)]
    return plan


def _description(t: Timeline) -> str:
    factors = ", ".join(describe_factors(t.factors)) or _("none given")
    summary = _(
        "Surgery on {surgery_date}; full recovery expected {recovery_date} (week {week})."
        " Hospital stay: {stay} Patient factors: {factors}."
    ).format(
        surgery_date=fmt_date(t.surgery_date),
        recovery_date=fmt_date(t.full_recovery.date),
        week=week_of(t.full_recovery.day),
        stay=t.procedure.hospital_stay.text,
        factors=factors,
    )
    return f"{t.procedure.description} {summary}"


def _detail(kind: str, description: str, start: str, end: str | None) -> dict[str, Any]:
    period = {"start": start} if end is None else {"start": start, "end": end}
    return {"detail": {"kind": kind, "status": "scheduled", "description": description, "scheduledPeriod": period}}


def _phase_activity(t: Timeline, p: PlannedPhase) -> dict[str, Any]:
    weeks = weeks_label(p.start_day, p.end_day)
    heading = (
        _("Recovery phase: {phase} (weeks {weeks}).") if "-" in weeks else _("Recovery phase: {phase} (week {weeks}).")
    )
    text = f"{heading.format(phase=p.name, weeks=weeks)} {p.expect}"
    if p.goals:
        goals = " ".join(g if g.endswith(".") else f"{g}." for g in p.goals)
        text += " " + _("Goals: {goals}").format(goals=goals)
    return _detail("Task", text, p.start_date.isoformat(), p.end_date.isoformat())


def _step_activity(t: Timeline, kb: KnowledgeBase, outlook: ActivityOutlook, index: int) -> dict[str, Any]:
    step = outlook.steps[index]
    following = outlook.steps[index + 1] if index + 1 < len(outlook.steps) else None
    end = t.date_of(following.from_day - 1).isoformat() if following else None
    return _detail("Task", step_text(outlook.name, step, kb), t.date_of(step.from_day).isoformat(), end)


def step_text(name: str, step: ActivityStep, kb: KnowledgeBase) -> str:
    """'Lifting from week 3: Limited (no more than 4.5 kg (10 lb): ...). Most people: 2 to 4 weeks.'."""
    text = _("{activity} from week {week}: {limit}.").format(
        activity=name, week=week_of(step.from_day), limit=describe_step(step)
    )
    if step.note:
        text += f" {step.note}"
    if step.from_day > 0:
        text += " " + _("Most people: {range}.").format(range=describe_range(step_range(step)))
    if step.sources_differ:
        text += f" {differ_line(step.sources_differ, kb.sources)}"
    return text + " " + _("Sources: {titles}.").format(titles=source_titles(step.sources, kb.sources))


def _visit_activity(kb: KnowledgeBase, m: PlannedMilestone) -> dict[str, Any]:
    name = _("{milestone} (optional)").format(milestone=m.name) if m.optional else m.name
    text = f"{name}: {m.description} " + range_sentence(m.day, m.range)
    text += " " + _("Sources: {titles}.").format(titles=source_titles(m.sources, kb.sources))
    return _detail("Appointment", text, m.date.isoformat(), m.date.isoformat())


def _task_activity(t: Timeline, kb: KnowledgeBase, m: PlannedMilestone) -> dict[str, Any]:
    text = f"{m.name}: {m.description} " + range_sentence(m.day, m.range)
    if m.sources_differ:
        text += f" {differ_line(m.sources_differ, kb.sources)}"
    text += " " + _("Sources: {titles}.").format(titles=source_titles(m.sources, kb.sources))
    return _detail("Task", text, t.iso_date(m.range.from_day), t.iso_date(m.range.to_day))


def goal(t: Timeline, kb: KnowledgeBase, ids: _Ids, m: PlannedMilestone) -> dict[str, Any]:
    """A milestone as a Goal, due on its date, with what it means and where that comes from."""
    name = _("{milestone} (optional)").format(milestone=m.name) if m.optional else m.name
    note = f"{m.description} " + range_sentence(m.day, m.range)
    if m.sources_differ:
        note += f" {differ_line(m.sources_differ, kb.sources)}"
    note += " " + _("Sources: {titles}.").format(titles=source_titles(m.sources, kb.sources))
    return {
        "resourceType": "Goal",
        "id": ids.id("goal", m.id),
        "lifecycleStatus": "active",
        "description": {"text": name},
        "subject": {"reference": ids.url("patient")},
        "startDate": t.surgery_date.isoformat(),
        "target": [{"dueDate": m.date.isoformat()}],
        "note": [{"text": note}],
    }


def _notes(t: Timeline, kb: KnowledgeBase) -> list[str]:
    """The disclaimer, the red flags, any adjustments for the patient's factors, and the sources."""
    notes = [t.disclaimer, red_flags_text(t.red_flags, kb)]
    if t.adjustments:
        lines = [_("Adjustments for the patient's factors:")]
        for group in group_adjustments(t.adjustments):
            headline, changes, why = describe_group(group, t.surgery_date)
            line = f"- {', '.join(group[0].factors)}: {headline.rstrip('.:')}."
            lines.append(line + (" " + _("Why: {reason}").format(reason=why) if why else ""))
            lines += [f"  - {change}" for change in changes]
        notes.append("\n".join(lines))
    notes.append(sources_text(ordered_sources(t.cited_sources(), kb), kb))
    return notes
