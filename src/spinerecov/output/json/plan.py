"""The plan and a can-i answer as JSON documents (a documented contract: add keys, never rename them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from spinerecov import __version__
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.output.json.encoding import (
    _iso,
    adjustment_to_dict,
    cut_json,
    differ_to_dict,
    limit_to_dict,
    range_to_dict,
    red_flag_to_dict,
    schema_name,
    step_to_dict,
    to_json,
)
from spinerecov.output.kept_values import KeptValues
from spinerecov.output.plan_template import Immediate, Slots, render_repeated
from spinerecov.output.source_lists import SOURCE_LISTS_KEPT, kept_source_list, shape_sources
from spinerecov.output.wording import (
    red_flag_pointer,
)
from spinerecov.plan.answers import Answer
from spinerecov.plan.days import week_of
from spinerecov.plan.timeline import Timeline, steps_within

TIMELINE_SCHEMA = schema_name("timeline")


ANSWER_SCHEMA = schema_name("can-i")


def timeline_to_dict(timeline: Timeline, kb: KnowledgeBase) -> dict[str, Any]:
    """The whole plan as a JSON document (`timeline --json`, `export --format json`)."""
    return _document(timeline, kb, Immediate(timeline))


def timeline_json(timeline: Timeline, kb: KnowledgeBase) -> str:
    """`to_json(timeline_to_dict(...))`: the plan as JSON text."""
    return _json_text(timeline, kb, Immediate(timeline))


def repeated_timeline_json(timeline: Timeline, kb: KnowledgeBase) -> bytes:
    """`timeline_json`, from the kept text of the plan's shape: for a batch's many plans of a few shapes."""
    return render_repeated(_json_text, cut_json, timeline, kb)


def _json_text(t: Timeline, kb: KnowledgeBase, slots: Slots) -> str:
    return to_json(_document(t, kb, slots))


def _document(t: Timeline, kb: KnowledgeBase, slots: Slots) -> dict[str, Any]:
    """The document, with every value that is the patient's own (dates above all) asked of `slots`."""
    return {
        "schema": TIMELINE_SCHEMA,
        "generator": f"spinerecov {__version__}",
        "procedure": t.procedure_id,
        "procedure_name": t.procedure.name,
        "category": t.procedure.category,
        "surgery_date": slots.iso(0),
        "today": slots.piece(_today),
        "day_today": slots.piece(_day_today),
        "week_today": slots.piece(_week_today),
        "factors": slots.piece(_factors),
        "hospital_stay": t.procedure.hospital_stay.model_dump(),
        "full_recovery_date": slots.iso(t.full_recovery.day),
        "phases": [
            {
                "id": p.id,
                "name": p.name,
                "start": slots.iso(p.start_day),
                "end": slots.iso(p.end_day),
                "start_day": p.start_day,
                "end_day": p.end_day,
                "weeks": [week_of(p.start_day), week_of(p.end_day)],
                "status": slots.piece(_phase_status, index),
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
            for index, p in enumerate(t.phases)
        ],
        "milestones": [
            {
                "id": m.id,
                "name": m.name,
                "kind": m.kind,
                "date": slots.iso(m.day),
                "day": m.day,
                "week": week_of(m.day),
                "status": slots.piece(_milestone_status, index),
                "optional": m.optional,
                "description": m.description,
                "sources": list(m.sources),
                "range": range_to_dict(m.range),
                "sources_differ": differ_to_dict(m.sources_differ, kb),
            }
            for index, m in enumerate(t.milestones)
        ],
        "activities": [
            {
                "id": a.id,
                "name": a.name,
                "verdict_today": slots.piece(_verdict_today, index),
                "limited_from_day": a.first_limited_day,
                "limited_from_date": slots.iso(a.first_limited_day) if a.first_limited_day is not None else None,
                "allowed_from_day": a.first_yes_day,
                "allowed_from_date": slots.iso(a.first_yes_day) if a.first_yes_day is not None else None,
                "conditions": [c.text for c in kb.activities[a.id].conditions],
                "schedule": [step_to_dict(s, slots.iso(s.from_day), kb) for s in a.steps],
            }
            for index, a in enumerate(t.activities)
        ],
        "adjustments": slots.piece(_adjustments),
        "red_flags": [red_flag_to_dict(f) for f in t.red_flags],
        "clinic": t.clinic.model_dump() if t.clinic else None,
        "disclaimer": t.disclaimer,
        "sources": slots.piece(_sources, kb, shape_sources(t)),
    }


def _today(t: Timeline) -> str:
    return t.today.isoformat()


def _day_today(t: Timeline) -> int:
    return t.day_today


def _week_today(t: Timeline) -> int | None:
    return week_of(t.day_today) if t.day_today >= 0 else None


def _factors(t: Timeline) -> dict[str, Any]:
    return t.factors.model_dump()


def _phase_status(t: Timeline, index: int) -> str:
    return t.phases[index].status


def _milestone_status(t: Timeline, index: int) -> str:
    return t.milestones[index].status


def _verdict_today(t: Timeline, index: int) -> str:
    return t.activities[index].today.verdict


def _adjustments(t: Timeline) -> list[dict[str, Any]]:
    return [adjustment_to_dict(a, t.surgery_date) for a in t.adjustments]


def _sources(t: Timeline, kb: KnowledgeBase, shared: frozenset[str]) -> list[dict[str, Any]]:
    """Every source the plan cites, with its details."""

    def details(ids: list[str]) -> list[dict[str, Any]]:
        return [{"id": s, **kb.sources[s].model_dump()} for s in ids]

    return kept_source_list(_source_lists, t, kb, shared, details)


_source_lists: KeptValues[tuple[KnowledgeBase, list[dict[str, Any]]]] = KeptValues(SOURCE_LISTS_KEPT)


def answer_to_dict(a: Answer, surgery_date: dt.date | None, kb: KnowledgeBase) -> dict[str, Any]:
    """A can-i answer as a JSON document."""

    def date_of(day: int | None) -> str | None:
        return _iso(surgery_date + dt.timedelta(days=day)) if surgery_date and day is not None else None

    return {
        "schema": ANSWER_SCHEMA,
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
