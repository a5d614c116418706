"""A can-i answer as plain, wrapped text (no Rich: the can-i path stays light)."""

from __future__ import annotations

import datetime as dt

from spinerecov.knowledge.models import ActivityStep, KnowledgeBase
from spinerecov.output.wording import (
    VERDICT_WORDS,
    day_range,
    describe_step,
    differ_line,
    fmt_kg,
    range_note,
    red_flag_pointer,
    source_titles,
    when,
)
from spinerecov.plan.answers import Answer


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
