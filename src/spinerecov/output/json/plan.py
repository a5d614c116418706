"""The plan and a can-i answer as JSON documents (a documented contract: add keys, never rename them)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from spinerecov import __version__
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.output.json.encoding import (
    _iso,
    adjustment_to_dict,
    cited_to_dict,
    clinic_to_dict,
    differ_to_dict,
    limit_to_dict,
    range_to_dict,
    red_flag_to_dict,
    schema_name,
    step_to_dict,
    to_json,
)
from spinerecov.output.source_lists import ordered_sources
from spinerecov.output.wording import (
    red_flag_pointer,
)
from spinerecov.plan.answers import Answer
from spinerecov.plan.days import week_of
from spinerecov.plan.timeline import Timeline, steps_within

if TYPE_CHECKING:
    from spinerecov.output.json.plan_shapes import AnswerDoc, TimelineDoc

TIMELINE_SCHEMA = schema_name("timeline")


ANSWER_SCHEMA = schema_name("can-i")


def timeline_json(timeline: Timeline, kb: KnowledgeBase) -> str:
    """`to_json(timeline_to_dict(...))`: the plan as JSON text."""
    return to_json(timeline_to_dict(timeline, kb))


def timeline_to_dict(t: Timeline, kb: KnowledgeBase) -> TimelineDoc:
    """The whole plan as a JSON document (`timeline --json`, `export --format json`)."""
    return {
        "schema": "spinerecov/timeline/v1",
        "generator": f"spinerecov {__version__}",
        "procedure": t.procedure_id,
        "procedure_name": t.procedure.name,
        "category": t.procedure.category,
        "surgery_date": t.iso_date(0),
        "today": t.today.isoformat(),
        "day_today": t.day_today,
        "week_today": week_of(t.day_today) if t.day_today >= 0 else None,
        "factors": t.factors.model_dump(),
        "hospital_stay": cited_to_dict(t.procedure.hospital_stay.text, t.procedure.hospital_stay.sources),
        "full_recovery_date": t.iso_date(t.full_recovery.day),
        "phases": [
            {
                "id": p.id,
                "name": p.name,
                "start": t.iso_date(p.start_day),
                "end": t.iso_date(p.end_day),
                "start_day": p.start_day,
                "end_day": p.end_day,
                "weeks": [week_of(p.start_day), week_of(p.end_day)],
                "status": p.status,
                "expect": p.expect,
                "goals": list(p.goals),
                "limits": [
                    {"activity": a.id, "from_day": day, "verdict": step.verdict, "limit": limit_to_dict(step.limit)}
                    for a in t.activities
                    for day, step in steps_within(a.steps, p.start_day, p.end_day)
                ],
                "sources": list(p.sources),
                "start_range": range_to_dict(p.start_range),
            }
            for p in t.phases
        ],
        "milestones": [
            {
                "id": m.id,
                "name": m.name,
                "kind": m.kind,
                "date": t.iso_date(m.day),
                "day": m.day,
                "week": week_of(m.day),
                "status": m.status,
                "optional": m.optional,
                "description": m.description,
                "sources": list(m.sources),
                "range": range_to_dict(m.range),
                "sources_differ": differ_to_dict(m.sources_differ, kb),
            }
            for m in t.milestones
        ],
        "activities": [
            {
                "id": a.id,
                "name": a.name,
                "verdict_today": a.today.verdict,
                "limited_from_day": a.first_limited_day,
                "limited_from_date": t.iso_date(a.first_limited_day) if a.first_limited_day is not None else None,
                "allowed_from_day": a.first_yes_day,
                "allowed_from_date": t.iso_date(a.first_yes_day) if a.first_yes_day is not None else None,
                "conditions": [c.text for c in kb.activities[a.id].conditions],
                "schedule": [step_to_dict(s, t.iso_date(s.from_day), kb) for s in a.steps],
            }
            for a in t.activities
        ],
        "adjustments": [adjustment_to_dict(a, t.surgery_date) for a in t.adjustments],
        "red_flags": [red_flag_to_dict(f) for f in t.red_flags],
        "clinic": clinic_to_dict(t.clinic),
        "disclaimer": t.disclaimer,
        "sources": [
            {"id": s, "title": kb.sources[s].title, "kind": kb.sources[s].kind, "note": kb.sources[s].note}
            for s in ordered_sources(t.cited_sources(), kb)
        ],
    }


def answer_to_dict(a: Answer, surgery_date: dt.date | None, kb: KnowledgeBase) -> AnswerDoc:
    """A can-i answer as a JSON document."""

    def date_of(day: int | None) -> str | None:
        return _iso(surgery_date + dt.timedelta(days=day)) if surgery_date and day is not None else None

    return {
        "schema": "spinerecov/can-i/v1",
        "activity": a.activity_id,
        "activity_name": a.activity_name,
        "procedure": a.procedure_id,
        "procedure_name": a.procedure_name,
        "day": a.first_day,
        "last_day": a.last_day,
        "week": week_of(a.first_day),
        "date": date_of(a.first_day),
        "surgery_date": _iso(surgery_date),
        "verdict": a.verdict,
        "limit": limit_to_dict(a.step.limit) if a.verdict == "limited" or a.weight_kg is not None else None,
        "note": a.step.note,
        "weight_kg": round(a.weight_kg, 2) if a.weight_kg is not None else None,
        "allowed_from_day": a.allowed_from_day,
        "allowed_from_date": date_of(a.allowed_from_day),
        "allowed_from_range": range_to_dict(a.allowed_from_range),
        "unlimited_from_day": a.unlimited_from_day,
        "unlimited_from_date": date_of(a.unlimited_from_day),
        "unlimited_from_range": range_to_dict(a.unlimited_from_range),
        "changes": [
            {
                "day": c.day,
                "week": week_of(c.day),
                "date": date_of(c.day),
                "verdict": c.verdict,
                "limit": limit_to_dict(c.step.limit),
            }
            for c in a.changes
        ],
        "conditions": [{"text": c.text, "sources": list(c.sources)} for c in a.conditions],
        "sources": list(a.sources),
        "sources_differ": [differ_to_dict(d, kb) for d in a.sources_differ],
        "adjustments": [adjustment_to_dict(adj, surgery_date) for adj in a.adjustments],
        "red_flags": red_flag_pointer(kb.red_flags, kb.clinic),
        "disclaimer": kb.disclaimer,
    }
