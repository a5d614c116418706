"""Plain-text building blocks shared by every renderer: dates, weeks, weights, limits, verdicts.

Pure and light: no Rich, no YAML, so the fast `can-i` path can use it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from spinerecov.i18n import N_, _, current_language, ngettext
from spinerecov.i18n.formats import decimal
from spinerecov.knowledge.factors import FACTORS, Factor
from spinerecov.knowledge.models import (
    ActivityStep,
    Clinic,
    DayRange,
    KnowledgeBase,
    Limit,
    RedFlag,
    Source,
    SourcesDiffer,
    Verdict,
)
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.day_words import day_range as day_range
from spinerecov.output.day_words import describe_range as describe_range
from spinerecov.output.day_words import fmt_date as fmt_date
from spinerecov.output.day_words import fmt_short_date as fmt_short_date
from spinerecov.output.day_words import range_note as range_note
from spinerecov.output.day_words import range_sentence as range_sentence
from spinerecov.output.day_words import week_and_range as week_and_range
from spinerecov.output.day_words import weeks_label as weeks_label
from spinerecov.output.day_words import when as when
from spinerecov.plan.coherence import OPENS_AFTER_RULE
from spinerecov.plan.days import week_of
from spinerecov.plan.personalise import Adjustment
from spinerecov.plan.schedule import step_range
from spinerecov.plan.timeline import Timeline

if TYPE_CHECKING:
    from spinerecov.plan.compare import Comparison

LB_PER_KG = 2.2046226218
# The word tables below are English, marked for the catalog: show them through `_` (or the helpers).
VERDICT_WORDS: dict[str, str] = {"yes": N_("Yes"), "limited": N_("Limited"), "not-yet": N_("Not yet")}
ACTION_WORDS: dict[str, str] = {
    "emergency": N_("Go to the emergency department now, or call emergency services"),
    "call-surgeon": N_("Call your surgeon now; if you cannot reach them, go to the emergency department"),
    "call-within-24h": N_("Call your surgeon's office within 24 hours"),
}
SHORT_DISCLAIMER = N_("Not medical advice; your surgeon's instructions come first.")
WEEK_RULE = N_("Day 0 is the surgery day; week N is days 7(N-1) to 7N-1, so week 1 is the first seven days.")


def verdict_word(verdict: str) -> str:
    """'Yes', 'Limited' or 'Not yet' in the current language."""
    return _(VERDICT_WORDS[verdict])


def action_words(action: str) -> str:
    """What to do for a red flag of this action, in the current language."""
    return _(ACTION_WORDS[action])


def fmt_kg(kg: float) -> str:
    """'4.5 kg (10 lb)' / '4,5 kg (10 lb)': stored in kg, shown in both units."""
    pounds = round(kg * LB_PER_KG)
    return f"{decimal(kg)} kg ({f'{pounds:,}' if current_language() == 'en' else decimal(pounds)} lb)"


def describe_limit(limit: Limit) -> str:
    """'no more than 4.5 kg (10 lb): about a gallon of milk'."""
    parts = []
    if limit.max_kg is not None:
        parts.append(_("no more than {weight}").format(weight=fmt_kg(limit.max_kg)))
    if limit.max_minutes is not None:
        parts.append(
            ngettext(
                "no more than {minutes} minute at a time", "no more than {minutes} minutes at a time", limit.max_minutes
            ).format(minutes=limit.max_minutes)
        )
    head = ", ".join(parts)
    if limit.text and head:
        return f"{head}: {limit.text}"
    return head or (limit.text or "")


def describe_step(step: ActivityStep, verdict: Verdict | None = None) -> str:
    """'Limited (no more than ...)' / 'Yes' / 'Not yet', optionally for another verdict (a load)."""
    shown = verdict or step.verdict
    if shown == "limited" and step.limit is not None:
        return _("Limited ({limit})").format(limit=describe_limit(step.limit))
    return verdict_word(shown)


def brief_step(step: ActivityStep) -> str:
    """A table-cell summary: 'Yes', 'Not yet', 'Up to 2.3 kg (5 lb)', 'Up to 20 min at a time'."""
    if step.verdict != "limited" or step.limit is None:
        return verdict_word(step.verdict)
    limit = step.limit
    if limit.max_kg is not None:
        return _("Up to {weight}").format(weight=fmt_kg(limit.max_kg))
    if limit.max_minutes is not None:
        return _("Up to {minutes} min at a time").format(minutes=limit.max_minutes)
    first_clause = (limit.text or "").split(";")[0].strip()
    return _("Limited: {limit}").format(limit=first_clause) if first_clause else verdict_word("limited")


def short_title(source: Source | None, ident: str) -> str:
    """A source's title up to its first colon ('Carragee et al., Spine 1996 and 1999'); the id if unknown."""
    if source is None:
        return ident
    return source.title.split(": ", 1)[0]


def source_titles(ids: tuple[str, ...] | list[str], sources: dict[str, Source]) -> str:
    """Readable titles of the sources `ids`, separated by semicolons."""
    return "; ".join(short_title(sources.get(ident), ident) for ident in ids)


def differ_detail(differ: SourcesDiffer, sources: dict[str, Source]) -> str:
    """The other view with readable source titles, never raw ids: 'text (titles).'."""
    return f"{differ.text.rstrip('.')} ({source_titles(differ.sources, sources)})."


def differ_line(differ: SourcesDiffer, sources: dict[str, Source]) -> str:
    """'Sources differ: ' and the other view in words, with readable source titles, never raw ids."""
    return _("Sources differ: {detail}").format(detail=differ_detail(differ, sources))


def group_adjustments(adjustments: tuple[Adjustment, ...]) -> list[list[Adjustment]]:
    """Adjustments grouped by the rule that made them, in order: one reason, several changes."""
    groups: list[list[Adjustment]] = []
    for adjustment in adjustments:
        if groups and groups[-1][0].rule_id == adjustment.rule_id:
            groups[-1].append(adjustment)
        else:
            groups.append([adjustment])
    return groups


def describe_group(group: list[Adjustment], surgery_date: dt.date) -> tuple[str, list[str], str | None]:
    """One rule's adjustments in words: a headline, one line per change, and why (if not the headline)."""

    def on(day: int | None) -> str:
        return fmt_date(surgery_date + dt.timedelta(days=day or 0))

    first = group[0]
    if first.rule_id == OPENS_AFTER_RULE:  # not a factor's range: it waits for another activity's limits to end
        changes = [f"{a.target_name}: {on(a.from_day)} -> {on(a.to_day)}" for a in group]
        return _("later, once what it needs has no limit:"), changes, first.text
    if first.effect == "delay":
        changes = [f"{a.target_name}: {on(a.from_day)} -> {on(a.to_day)}" for a in group]
        return _("later, at the slow end of the usual range:"), changes, first.text
    if first.effect == "check-in":
        return _("check-in added: {name}, {date}").format(name=first.target_name, date=on(first.to_day)), [], first.text
    if first.effect == "limit":
        return f"{first.target_name}: {first.text}", [], None
    return first.text, [], None


def describe_factors(factors: PatientFactors) -> list[str]:
    """Each given patient factor in words, in the table's order, e.g. ['age 72', 'smoker', 'manual job']."""
    words = (describe_factor(factor, getattr(factors, factor.name)) for factor in FACTORS)
    return [word for word in words if word]


def describe_factor(factor: Factor, value: object) -> str:
    """One factor's value in the row's words ('smoker', 'BMI 31.5', '2 levels operated on'); '' when not given or no."""
    if value is None or value is False:
        return ""
    if factor.kind == "choice":
        return _(factor.choices[str(value)])
    if factor.kind == "yes-no":
        return _(str(factor.said))
    assert isinstance(value, int | float)  # noqa: S101 - a number factor's value
    shown = decimal(value) if factor.kind == "decimal" else str(value)
    if isinstance(factor.said, tuple):
        return ngettext(*factor.said, int(value)).format(value=shown)
    return _(factor.said).format(value=shown)


def clinic_line(clinic: Clinic | None) -> str | None:
    """'Call Example Spine Clinic: 555-0100' (and the clinic's note), or None without a clinic."""
    if clinic is None:
        return None
    if clinic.phone:
        line = _("Call {clinic}: {phone}").format(clinic=clinic.name, phone=clinic.phone)
    else:
        line = _("Contact {clinic}").format(clinic=clinic.name)
    return f"{line}. {clinic.note}" if clinic.note else f"{line}."


def red_flag_pointer(red_flags: tuple[RedFlag, ...] | list[RedFlag], clinic: Clinic | None = None) -> str:
    """One line that names the emergencies and points to the full list (and the clinic's number)."""
    emergencies = [f.short or f.symptom for f in red_flags if f.action == "emergency"]
    # The tier's own words, calling first: for chest pain the full list says not to drive yourself.
    line = _(
        "Red flags: {emergencies}: call emergency services or go to the emergency department now."
        " All warning signs: spinerecov red-flags"
    ).format(emergencies="; ".join(emergencies))
    contact = clinic_line(clinic)
    return f"{line}. {contact}" if contact else line


def activity_differences(t: Timeline, kb: KnowledgeBase, prefixed: bool = True) -> list[tuple[str, str]]:
    """(activity name, 'Sources differ: ...') for every activity whose plan has another view, once each.

    `prefixed=False`: the other view alone, without 'Sources differ: ' (see `differ_detail`).
    """
    describe = differ_line if prefixed else differ_detail
    found: list[tuple[str, str]] = []
    for outlook in t.activities:
        seen: set[str] = set()
        for step in outlook.steps:
            if step.sources_differ is not None:
                line = describe(step.sources_differ, kb.sources)
                if line not in seen:
                    seen.add(line)
                    found.append((outlook.name, line))
    return found


def compared_value(day: int | None, sourced: DayRange | None = None) -> str:
    """'day 2' in the first two weeks (where weeks hide differences), then 'week 7'; None is 'ask surgeon'.

    With a sourced range, said in the same unit: 'week 7 (weeks 7 to 9)', 'day 2 (days 0 to 3)'.
    """
    if day is None:
        return _("ask surgeon")
    in_days = day < 14
    value = _("day {day}").format(day=day) if in_days else _("week {week}").format(week=week_of(day))
    if sourced is None or sourced.to_day <= 0:
        return value
    # The range in the value's own unit: 'day 2 (days 0 to 3)', 'week 7 (weeks 3 to 7)'.
    return f"{value} ({describe_range(sourced, in_days=in_days)})"


def compared_differences(comparison: Comparison, sources: dict[str, Source]) -> list[str]:
    """'Desk work (endoscopic, tubular): <other view> (titles).' once per row and view.

    The procedures are named by the ids an English reader types; in another language by their names
    in that language (an id such as `open-discectomy` is English words).
    """
    found: dict[tuple[str, str], list[str]] = {}
    named = comparison.procedure_ids if current_language() == "en" else comparison.names
    for row in (*comparison.milestones, *comparison.limited, *comparison.activities):
        for ident, differ in zip(named, row.sources_differ, strict=True):
            if differ is not None:
                text = differ_detail(differ, sources)
                names = found.setdefault((row.label, text), [])
                if ident not in names:
                    names.append(ident)
    joiner = ", " if current_language() == "en" else "; "
    return [f"{label} ({joiner.join(names)}): {text}" for (label, text), names in found.items()]


def opening_range(steps: tuple[ActivityStep, ...] | list[ActivityStep], day: int | None) -> DayRange | None:
    """The sourced range of the step that opens on `day` (None on day 0 or when no step starts then)."""
    if day is None or day <= 0:
        return None
    opening = next((s for s in steps if s.from_day == day), None)
    return step_range(opening) if opening is not None else None
