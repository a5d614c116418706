"""A can-i answer as plain, wrapped text (no Rich: the can-i path stays light)."""

from __future__ import annotations

import datetime as dt

from spinerecov.i18n import _
from spinerecov.knowledge.models import ActivityStep, KnowledgeBase
from spinerecov.output.wording import (
    day_range,
    describe_step,
    differ_line,
    fmt_kg,
    range_note,
    red_flag_pointer,
    source_titles,
    verdict_word,
    when,
)
from spinerecov.plan.answers import Answer


def answer_text(a: Answer, surgery_date: dt.date | None, kb: KnowledgeBase, width: int = 100) -> str:
    """A can-i answer as plain text, wrapped to `width` with hanging indents."""
    activity = kb.activities[a.activity_id]
    verb = activity.verb or activity.name.lower()
    lines = [_("Can I {activity} {when}?").format(activity=verb, when=day_range(a.first_day, a.last_day, surgery_date))]
    verdict_line = describe_step(a.step, a.verdict)
    if a.weight_kg is not None:
        weight = fmt_kg(round(a.weight_kg, 1))
        verdict_line = _("{verdict} for {weight}").format(verdict=verdict_word(a.verdict), weight=weight)
        if a.step.limit is not None and a.step.limit.max_kg is not None:
            # One sentence, so that a language can say it without brackets inside brackets.
            verdict_line = _("{verdict} for {weight} (the limit is {limit})").format(
                verdict=verdict_word(a.verdict), weight=weight, limit=fmt_kg(a.step.limit.max_kg)
            )
    lines.append(f"{verdict_line}.")
    if a.step.note:
        lines.append(f"  {a.step.note}")
    for change in a.changes:
        shown = describe_step(change.step, change.verdict)
        if a.weight_kg is not None:
            shown = verdict_word(change.verdict) + _weight_limit(change.step)
        lines.append(_("From {when}: {verdict}.").format(when=when(change.day, surgery_date), verdict=shown))
    if a.weight_kg is not None:
        lines += _load_lines(a, surgery_date)
    lines += _unlimited_lines(a, surgery_date)
    for condition in activity.conditions:
        lines.append(_("Always: {condition}").format(condition=condition.text))
    for adjustment in a.adjustments:
        lines.append(
            _("For you ({factors}): {advice}").format(factors=", ".join(adjustment.factors), advice=adjustment.text)
        )
    for differ in a.sources_differ:
        lines.append(differ_line(differ, kb.sources))
    lines.append(_("Sources: {sources}").format(sources=source_titles(a.sources, kb.sources)))
    lines.append(_("Plan: {procedure}.").format(procedure=a.procedure_name))
    if a.is_default_procedure:
        lines[-1] += " " + _("For your operation, add --procedure NAME (list them with: spinerecov procedures).")
    lines.append(red_flag_pointer(kb.red_flags, kb.clinic))
    lines.append(kb.disclaimer)
    return _wrap_lines(lines, width)


def _load_lines(a: Answer, surgery_date: dt.date | None) -> list[str]:
    """When the load asked about is within the limit: never "without limits", which keeps its own meaning."""
    weight = fmt_kg(round(a.weight_kg or 0.0, 1))
    if a.allowed_from_day is None:
        return [_("{weight}: only when your surgeon says so.").format(weight=weight)]
    if a.allowed_from_day <= a.first_day:
        return []
    if a.allowed_from_day == a.unlimited_from_day:
        # Heavier than every limit the plan sets: no source says when such a load is safe, only when limits end.
        return [
            _(
                "{weight} is more than any limit in your plan: not before lifting has no limit (below),"
                " and ask your surgeon before you lift that much."
            ).format(weight=weight)
        ]
    line = _("{weight} is allowed from {when} {range}.").format(
        weight=weight, when=when(a.allowed_from_day, surgery_date), range=range_note(a.allowed_from_range)
    )
    return [line.replace(" .", ".")]


def _unlimited_lines(a: Answer, surgery_date: dt.date | None) -> list[str]:
    """When the activity has no limit at all (whatever the load asked about)."""
    if a.unlimited_from_day is None:
        return [_("Without limits: only when your surgeon says so.")]
    if a.unlimited_from_day <= a.first_day:
        return []
    line = _("Without limits from {when} {range}.").format(
        when=when(a.unlimited_from_day, surgery_date), range=range_note(a.unlimited_from_range)
    )
    return [line.replace(" .", ".")]


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
        return " " + _("(the limit is {weight})").format(weight=fmt_kg(step.limit.max_kg))
    return ""
