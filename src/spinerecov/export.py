"""Pure text builders: JSON documents and the markdown plan.

The JSON shapes are a documented contract (README "JSON output"); add keys,
never rename them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from spinerecov import __version__
from spinerecov.answers import Answer
from spinerecov.formatting import (
    ACTION_WORDS,
    LB_PER_KG,
    VERDICT_WORDS,
    WEEK_RULE,
    activity_differences,
    clinic_line,
    day_range,
    describe_factors,
    describe_group,
    describe_limit,
    describe_range,
    describe_step,
    differ_line,
    fmt_date,
    fmt_kg,
    group_adjustments,
    range_note,
    red_flag_pointer,
    source_titles,
    weeks_label,
    when,
)
from spinerecov.models import ActivityStep, Clinic, DayRange, KnowledgeBase, Limit, RedFlag, SourcesDiffer
from spinerecov.personalise import Adjustment
from spinerecov.timeline import Timeline, step_range, steps_within, week_of

TIMELINE_SCHEMA = "spinerecov.timeline/1"
ANSWER_SCHEMA = "spinerecov.can-i/1"


def to_json(document: Any) -> str:
    """Stable, readable JSON text with a final newline."""
    import json  # only JSON output needs it; keep it off the plain-text path

    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def limit_to_dict(limit: Limit | None) -> dict[str, Any] | None:
    """A limit as JSON: its full text and its numbers."""
    if limit is None:
        return None
    return {
        "text": describe_limit(limit),
        "max_kg": limit.max_kg,
        "max_lb": round(limit.max_kg * LB_PER_KG) if limit.max_kg is not None else None,
        "max_minutes": limit.max_minutes,
    }


def range_to_dict(sourced: DayRange | None) -> dict[str, Any] | None:
    """A sourced range as JSON: {"from_day", "to_day", "sources"}."""
    if sourced is None:
        return None
    return {"from_day": sourced.from_day, "to_day": sourced.to_day, "sources": list(sourced.sources)}


def differ_to_dict(differ: SourcesDiffer | None, kb: KnowledgeBase) -> dict[str, Any] | None:
    """Another view as JSON: its text, source ids, and the sentence shown to patients (with titles)."""
    if differ is None:
        return None
    return {"text": differ.text, "sources": list(differ.sources), "shown": differ_line(differ, kb.sources)}


def step_to_dict(step: ActivityStep, surgery_date: dt.date | None, kb: KnowledgeBase) -> dict[str, Any]:
    """One step of an activity schedule as JSON."""
    return {
        "from_day": step.from_day,
        "range": range_to_dict(step_range(step)),
        "from_week": week_of(step.from_day),
        "from_date": _iso(surgery_date + dt.timedelta(days=step.from_day)) if surgery_date else None,
        "verdict": step.verdict,
        "limit": limit_to_dict(step.limit),
        "note": step.note,
        "sources": list(step.sources),
        "sources_differ": differ_to_dict(step.sources_differ, kb),
    }


def adjustment_to_dict(adjustment: Adjustment, surgery_date: dt.date | None) -> dict[str, Any]:
    """One personalisation adjustment as JSON."""

    def date_of(day: int | None) -> str | None:
        return _iso(surgery_date + dt.timedelta(days=day)) if surgery_date and day is not None else None

    return {
        "rule": adjustment.rule_id,
        "effect": adjustment.effect,
        "factors": list(adjustment.factors),
        "target": adjustment.target,
        "target_name": adjustment.target_name,
        "from_day": adjustment.from_day,
        "to_day": adjustment.to_day,
        "from_date": date_of(adjustment.from_day),
        "to_date": date_of(adjustment.to_day),
        "reason": adjustment.text,
        "sources": list(adjustment.sources),
    }


def red_flag_to_dict(flag: RedFlag) -> dict[str, Any]:
    """One red flag as JSON."""
    return {
        "id": flag.id,
        "symptom": flag.symptom,
        "action": flag.action,
        "action_text": ACTION_WORDS[flag.action],
        "sources": list(flag.sources),
    }


def timeline_to_dict(timeline: Timeline, kb: KnowledgeBase) -> dict[str, Any]:
    """The whole plan as a JSON document (`timeline --json`, `export --format json`)."""
    t = timeline
    return {
        "schema": TIMELINE_SCHEMA,
        "generator": f"spinerecov {__version__}",
        "procedure": t.procedure_id,
        "procedure_name": t.procedure.name,
        "category": t.procedure.category,
        "surgery_date": t.surgery_date.isoformat(),
        "today": t.today.isoformat(),
        "day_today": t.day_today,
        "week_today": week_of(t.day_today) if t.day_today >= 0 else None,
        "factors": t.factors.model_dump(),
        "hospital_stay": t.procedure.hospital_stay.model_dump(),
        "full_recovery_date": t.full_recovery.date.isoformat(),
        "phases": [
            {
                "id": p.id,
                "name": p.name,
                "start": p.start_date.isoformat(),
                "end": p.end_date.isoformat(),
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
                "date": m.date.isoformat(),
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
                "limited_from_date": _iso(t.date_of(a.first_limited_day)) if a.first_limited_day is not None else None,
                "allowed_from_day": a.first_yes_day,
                "allowed_from_date": _iso(t.date_of(a.first_yes_day)) if a.first_yes_day is not None else None,
                "conditions": [c.text for c in kb.activities[a.id].conditions],
                "schedule": [step_to_dict(s, t.surgery_date, kb) for s in a.steps],
            }
            for a in t.activities
        ],
        "adjustments": [adjustment_to_dict(a, t.surgery_date) for a in t.adjustments],
        "red_flags": [red_flag_to_dict(f) for f in t.red_flags],
        "clinic": t.clinic.model_dump() if t.clinic else None,
        "disclaimer": t.disclaimer,
        "sources": [{"id": s, **kb.sources[s].model_dump()} for s in ordered_sources(t.cited_sources(), kb)],
    }


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


# --- markdown --------------------------------------------------------------


def ordered_sources(ids: list[str], kb: KnowledgeBase) -> list[str]:
    """Seed texts first (by file name), then the rest alphabetically, general guidance last."""
    rank = {"seed": 0, "general": 2}
    return sorted(ids, key=lambda s: (rank.get(kb.sources[s].kind, 1), s.lower()))


def cell_text(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _gantt_label(text: str) -> str:
    # Mermaid gantt task names cannot hold ':' or '#', and ';' ends a line.
    return text.replace(":", " -").replace("#", "").replace(";", ",")


def to_markdown(timeline: Timeline, kb: KnowledgeBase) -> str:
    """The plan as a markdown document a patient can keep or print."""
    t = timeline
    lines = [f"# Recovery plan: {t.procedure.name}", ""]
    lines += [f"> **{kb.disclaimer}**", ""]
    lines += _markdown_inputs(t)
    lines += ["## Phases", "", "| Phase | Dates | Weeks | What to expect | Key limits |", "|---|---|---|---|---|"]
    for p in t.phases:
        limits = "; ".join(f"{kb.activities[a].name}: {phase_limit_changes(t, steps)}" for a, steps in p.key_limits)
        lines.append(
            f"| {cell_text(p.name)} | {p.start_date.isoformat()} to {p.end_date.isoformat()} | "
            f"{weeks_label(p.start_day, p.end_day)} | {cell_text(p.expect)} | {cell_text(limits)} |"
        )
    lines += ["", "## Milestones", ""]
    for m in t.milestones:
        optional = " (optional)" if m.optional else ""
        lines.append(
            f"- [ ] {m.date.isoformat()} {m.name}{optional} (week {week_of(m.day)}; "
            f"{range_note(m.range).strip('()')}): {m.description}"
        )
        if m.sources_differ:
            lines.append(f"  {differ_line(m.sources_differ, kb.sources)}")
    lines += ["", "## When can I ...?", "", WEEK_RULE, ""]
    lines += ["| Activity | Allowed with limits from | Allowed without limits from |", "|---|---|---|"]
    for a in t.activities:
        lines.append(
            f"| {a.name} | {_first(t, a.first_limited_day, a.steps)} | {_first(t, a.first_yes_day, a.steps)} |"
        )
    differing = activity_differences(t, kb)
    if differing:
        lines += ["", "Where sources differ:", ""]
        lines += [f"- {name}: {line.removeprefix('Sources differ: ')}" for name, line in differing]
    lines += ["", "Conditions that are not about time:", ""]
    for activity in kb.activities.values():
        for condition in activity.conditions:
            lines.append(f"- {activity.name}: {condition.text}")
    lines += ["", *_markdown_gantt(t), ""]
    if t.adjustments:
        lines += ["## Adjustments for your factors", ""]
        lines += _markdown_adjustments(t, kb)
        lines.append("")
    lines += markdown_red_flags(t.red_flags, t.clinic)
    lines += ["## Sources", ""]
    lines += [f"- `{s}`: {kb.sources[s].title}" for s in ordered_sources(t.cited_sources(), kb)]
    lines += ["", f"_Made with spinerecov {__version__}. {kb.disclaimer}_", ""]
    return "\n".join(lines)


def _first(t: Timeline, day: int | None, steps: tuple[ActivityStep, ...] = ()) -> str:
    if day is None:
        return "ask your surgeon"
    opening = next((s for s in steps if s.from_day == day), None)
    shown = f"{t.date_of(day).isoformat()} (week {week_of(day)}"
    if opening is not None and day > 0:
        shown += f"; most people: {describe_range(step_range(opening))}"
    return shown + ")"


def phase_limit_changes(t: Timeline, steps: tuple[tuple[int, ActivityStep], ...]) -> str:
    """Every limit in force during a phase: 'Not yet; from 15 May: Up to 30 min at a time'."""
    parts = [describe_step(steps[0][1])]
    parts += [f"from {fmt_short(t, day)}: {describe_step(step)}" for day, step in steps[1:]]
    return "; ".join(parts)


def fmt_short(t: Timeline, day: int) -> str:
    """'15 May 2024 (week 3)'."""
    date = t.date_of(day)
    return f"{date.day} {date:%b %Y} (week {week_of(day)})"


def _markdown_inputs(t: Timeline) -> list[str]:
    factors = ", ".join(describe_factors(t.factors)) or "none given"
    return [
        "## Your details",
        "",
        f"- Procedure: {t.procedure.name} (`{t.procedure_id}`)",
        f"- Surgery date: {fmt_date(t.surgery_date)} ({t.surgery_date.isoformat()})",
        f"- Patient factors: {factors}",
        f"- Hospital stay: {t.procedure.hospital_stay.text}",
        f"- Full recovery expected: {fmt_date(t.full_recovery.date)} (week {week_of(t.full_recovery.day)})",
        "",
        t.procedure.description,
        "",
    ]


def _markdown_gantt(t: Timeline) -> list[str]:
    lines = [
        "## Chart",
        "",
        "```mermaid",
        "gantt",
        f"    title {_gantt_label(t.procedure.name)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %d %b",
        "    section Phases",
    ]
    for p in t.phases:
        length = p.end_day - p.start_day + 1
        lines.append(f"    {_gantt_label(p.name)} :{p.id}, {p.start_date.isoformat()}, {length}d")
    lines.append("    section Milestones")
    for m in t.milestones:
        lines.append(f"    {_gantt_label(m.name)} :milestone, {m.id}, {m.date.isoformat()}, 0d")
    lines.append("```")
    return lines


def _markdown_adjustments(t: Timeline, kb: KnowledgeBase) -> list[str]:
    lines: list[str] = []
    for group in group_adjustments(t.adjustments):
        headline, changes, why = describe_group(group, t.surgery_date)
        line = f"- **{', '.join(group[0].factors)}**: {headline.rstrip('.:')}."
        if why:
            line += f" Why: {why}"
        lines.append(f"{line} (sources: {source_titles(group[0].sources, kb.sources)})")
        lines += [f"  - {change}" for change in changes]
    return lines


def markdown_red_flags(red_flags: tuple[RedFlag, ...], clinic: Clinic | None = None) -> list[str]:
    """The red flags grouped by what to do (and the clinic to call), as markdown."""
    lines = ["## Red flags: when to get help", ""]
    contact = clinic_line(clinic)
    if contact:
        lines += [f"**{contact}**", ""]
    for action in ACTION_WORDS:
        flags = [f"- {flag.symptom}" for flag in red_flags if flag.action == action]
        if flags:
            lines += [f"**{ACTION_WORDS[action]} if you have:**", "", *flags, ""]
    return lines


def answer_text(a: Answer, surgery_date: dt.date | None, kb: KnowledgeBase, width: int = 100) -> str:
    """A can-i answer as plain text, wrapped to `width` with hanging indents."""
    activity = kb.activities[a.activity_id]
    lines = [f"Can I {activity.verb or activity.name.lower()} {day_range(a.first_day, a.last_day, surgery_date)}?"]
    verdict_line = describe_step(a.step, a.verdict)
    if a.weight_kg is not None:
        verdict_line = f"{VERDICT_WORDS[a.verdict]} for {fmt_kg(round(a.weight_kg, 1))}" + _weight_limit(a.step)
    lines.append(f"{verdict_line}.")
    if a.step.note:
        lines.append(f"  {a.step.note}")
    for change in a.changes:
        shown = describe_step(change.step, change.verdict)
        if a.weight_kg is not None:
            shown = VERDICT_WORDS[change.verdict] + _weight_limit(change.step)
        lines.append(f"From {when(change.day, surgery_date)}: {shown}.")
    if a.allowed_from_day is None:
        lines.append("Without limits: only when your surgeon says so.")
    elif a.allowed_from_day > a.first_day:
        lines.append(
            f"Without limits from {when(a.allowed_from_day, surgery_date)} {range_note(a.allowed_from_range)}.".replace(
                " .", "."
            )
        )
    for condition in activity.conditions:
        lines.append(f"Always: {condition.text}")
    for adjustment in a.adjustments:
        lines.append(f"For you ({', '.join(adjustment.factors)}): {adjustment.text}")
    for differ in a.sources_differ:
        lines.append(differ_line(differ, kb.sources))
    lines.append(f"Sources: {source_titles(a.sources, kb.sources)}")
    lines.append(f"Plan: {a.procedure_name}.")
    if a.is_default_procedure:
        lines[-1] += " For your operation, add --procedure NAME (list them with: spinerecov procedures)."
    lines.append(red_flag_pointer(kb.red_flags, kb.clinic))
    lines.append(kb.disclaimer)
    return _wrap_lines(lines, width)


def _wrap_lines(lines: list[str], width: int) -> str:
    """Wrap each line to `width`, continuation lines indented under the text."""
    import textwrap

    wrapped = []
    for line in lines:
        indent = " " * (len(line) - len(line.lstrip()) + 2)
        wrapped.append(textwrap.fill(line, width=max(width, 40), subsequent_indent=indent, break_on_hyphens=False))
    return "\n".join(wrapped) + "\n"


def _weight_limit(step: ActivityStep) -> str:
    if step.limit is not None and step.limit.max_kg is not None:
        return f" (the limit is {fmt_kg(step.limit.max_kg)})"
    return ""


PLAN_FORMATS = ("markdown", "json", "ics")


def render_plan(timeline: Timeline, kb: KnowledgeBase, plan_format: str) -> str | bytes:
    """The plan in one of PLAN_FORMATS: markdown text, JSON text, or iCalendar bytes."""
    if plan_format == "json":
        return to_json(timeline_to_dict(timeline, kb))
    if plan_format == "ics":
        from spinerecov.ics import to_ics

        return to_ics(timeline, kb)
    return to_markdown(timeline, kb)
