"""The catalogues, the status screen and comparisons as JSON documents (`--json`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spinerecov.knowledge.check import CheckResult
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.output.json.encoding import (
    cited_to_dict,
    clinic_to_dict,
    differ_to_dict,
    limit_to_dict,
    range_to_dict,
    red_flag_to_dict,
)
from spinerecov.output.wording import red_flag_pointer
from spinerecov.plan.compare import ComparedRow, Comparison
from spinerecov.plan.days import week_of
from spinerecov.plan.status import Status, TodayActivity
from spinerecov.plan.timeline import Timeline, milestone_day

if TYPE_CHECKING:
    from spinerecov.output.json.catalogue_shapes import ActivitiesDoc, KbCheckDoc, ProceduresDoc
    from spinerecov.output.json.screen_shapes import CompareDoc, ComparedRowDoc, StatusDoc, TodayActivityDoc
    from spinerecov.output.json.shapes import Verdict


def procedures_to_dict(kb: KnowledgeBase) -> ProceduresDoc:
    """The procedures of the knowledge base as JSON (`procedures --json`)."""
    return {
        "schema": "spinerecov/procedures/v1",
        "default": kb.default_procedure,
        "procedures": [
            {
                "id": ident,
                "name": p.name,
                "category": p.category,
                "aliases": list(p.aliases),
                "codes": list(p.codes),
                "description": p.description,
                "hospital_stay": cited_to_dict(p.hospital_stay.text, p.hospital_stay.sources),
                "full_recovery_day": milestone_day(p, "full-recovery"),
                "phases": [{"id": ph.id, "name": ph.name, "start_day": ph.start, "end_day": ph.end} for ph in p.phases],
                "sources": list(p.sources),
            }
            for ident, p in kb.procedures.items()
        ],
    }


def activities_to_dict(kb: KnowledgeBase) -> ActivitiesDoc:
    """The activity catalogue as JSON (`activities --json`)."""
    return {
        "schema": "spinerecov/activities/v1",
        "activities": [
            {
                "id": ident,
                "name": a.name,
                "aliases": list(a.aliases),
                "description": a.description,
                "conditions": [cited_to_dict(c.text, c.sources) for c in a.conditions],
            }
            for ident, a in kb.activities.items()
        ],
    }


def status_to_dict(status: Status, t: Timeline, kb: KnowledgeBase) -> StatusDoc:
    """The status screen as JSON (`status --json`)."""
    return {
        "schema": "spinerecov/status/v1",
        "procedure": t.procedure_id,
        "procedure_name": t.procedure.name,
        "surgery_date": t.surgery_date.isoformat(),
        "today": t.today.isoformat(),
        "day": status.day,
        "week": week_of(status.day) if status.day >= 0 else None,
        "days_to_surgery": -status.day if status.day < 0 else 0,
        "phase": None
        if status.phase is None
        else {
            "id": status.phase.id,
            "name": status.phase.name,
            "start": status.phase.start_date.isoformat(),
            "end": status.phase.end_date.isoformat(),
            "expect": status.phase.expect,
        },
        "progress": round(status.progress, 4),
        "full_recovery_date": t.full_recovery.date.isoformat(),
        "next_milestones": [
            {
                "id": m.id,
                "name": m.name,
                "date": m.date.isoformat(),
                "day": m.day,
                "in_days": m.day - status.day,
                "range": range_to_dict(m.range),
                "sources_differ": differ_to_dict(m.sources_differ, kb),
            }
            for m in status.next_milestones
        ],
        "today_activities": _today_activities(status, kb),
        "red_flags": [red_flag_to_dict(f) for f in t.red_flags],
        "clinic": clinic_to_dict(t.clinic),
        "disclaimer": t.disclaimer,
    }


def _today_activities(status: Status, kb: KnowledgeBase) -> dict[Verdict, list[TodayActivityDoc]]:
    """Today's activities by verdict: allowed, limited, not yet."""

    def listed(items: tuple[TodayActivity, ...]) -> list[TodayActivityDoc]:
        return [
            {
                "id": a.id,
                "name": a.name,
                "limit": limit_to_dict(a.step.limit),
                "next_change_day": a.next_change_day,
                "next_change_range": range_to_dict(a.next_change_range),
                "sources_differ": differ_to_dict(a.sources_differ, kb),
            }
            for a in items
        ]

    return {"yes": listed(status.allowed), "limited": listed(status.limited), "not-yet": listed(status.not_yet)}


def comparison_to_dict(comparison: Comparison, kb: KnowledgeBase) -> CompareDoc:
    """A comparison of procedures as JSON (`compare --json`)."""

    def rows(items: tuple[ComparedRow, ...]) -> list[ComparedRowDoc]:
        return [
            {
                "id": row.key,
                "label": row.label,
                "days": list(row.days),
                "weeks": [week_of(d) if d is not None else None for d in row.days],
                "differs": row.differs,
                "ranges": [range_to_dict(r) for r in row.ranges],
                "sources_differ": [differ_to_dict(d, kb) for d in row.sources_differ],
            }
            for row in items
        ]

    return {
        "schema": "spinerecov/compare/v1",
        "procedures": list(comparison.procedure_ids),
        "names": list(comparison.names),
        "hospital_stay": list(comparison.stays),
        "factors": comparison.factors.model_dump(),
        "milestones": rows(comparison.milestones),
        "activities_allowed_from": rows(comparison.activities),
        "activities_limited_from": rows(comparison.limited),
        "red_flags": red_flag_pointer(kb.red_flags, kb.clinic),
        "disclaimer": kb.disclaimer,
    }


def kb_check_to_dict(result: CheckResult) -> KbCheckDoc:
    """`kb check`'s findings as JSON (`kb check --json`)."""
    return {
        "schema": "spinerecov/kb-check/v1",
        "file": str(result.path),
        "protocol": result.protocol,
        "valid": not result.errors,
        "summary": {
            "procedures": result.summary["procedures"],
            "phases": result.summary["phases"],
            "milestones": result.summary["milestones"],
            "activities": result.summary["activities"],
            "sources": result.summary["sources"],
            "red_flags": result.summary["red_flags"],
            "factor_rules": result.summary["factor_rules"],
            "clinic": result.summary["clinic"],
        },
        "errors": [{"path": f.path, "where": f.where, "message": f.message} for f in result.errors],
        "warnings": [{"path": f.path, "where": f.where, "message": f.message} for f in result.warnings],
    }
