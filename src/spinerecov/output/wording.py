"""Plain-text building blocks shared by every renderer: dates, weeks, weights, limits, verdicts.

Pure and light: no Rich, no YAML, so the fast `can-i` path can use it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

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
from spinerecov.plan.days import step_range, week_of
from spinerecov.plan.personalise import Adjustment
from spinerecov.plan.timeline import Timeline

if TYPE_CHECKING:
    from spinerecov.plan.compare import Comparison

LB_PER_KG = 2.2046226218
VERDICT_WORDS: dict[str, str] = {"yes": "Yes", "limited": "Limited", "not-yet": "Not yet"}
ACTION_WORDS: dict[str, str] = {
    "emergency": "Go to the emergency department now, or call emergency services",
    "call-surgeon": "Call your surgeon now; if you cannot reach them, go to the emergency department",
    "call-within-24h": "Call your surgeon's office within 24 hours",
}
SHORT_DISCLAIMER = "Not medical advice; your surgeon's instructions come first."
WEEK_RULE = "Day 0 is the surgery day; week N is days 7(N-1) to 7N-1, so week 1 is the first seven days."


def fmt_date(date: dt.date) -> str:
    """'Wed 15 May 2024'."""
    return f"{date:%a} {date.day} {date:%b %Y}"


def fmt_kg(kg: float) -> str:
    """'4.5 kg (10 lb)': stored in kg, shown in both units."""
    return f"{kg:g} kg ({round(kg * LB_PER_KG):d} lb)"


def describe_limit(limit: Limit) -> str:
    """'no more than 4.5 kg (10 lb): about a gallon of milk'."""
    parts = []
    if limit.max_kg is not None:
        parts.append(f"no more than {fmt_kg(limit.max_kg)}")
    if limit.max_minutes is not None:
        parts.append(f"no more than {limit.max_minutes} minutes at a time")
    head = ", ".join(parts)
    if limit.text and head:
        return f"{head}: {limit.text}"
    return head or (limit.text or "")


def describe_step(step: ActivityStep, verdict: Verdict | None = None) -> str:
    """'Limited (no more than ...)' / 'Yes' / 'Not yet', optionally for another verdict (a load)."""
    shown = verdict or step.verdict
    if shown == "limited" and step.limit is not None:
        return f"Limited ({describe_limit(step.limit)})"
    return VERDICT_WORDS[shown]


def brief_step(step: ActivityStep) -> str:
    """A table-cell summary: 'Yes', 'Not yet', 'Up to 2.3 kg (5 lb)', 'Up to 20 min at a time'."""
    if step.verdict != "limited" or step.limit is None:
        return VERDICT_WORDS[step.verdict]
    limit = step.limit
    if limit.max_kg is not None:
        return f"Up to {fmt_kg(limit.max_kg)}"
    if limit.max_minutes is not None:
        return f"Up to {limit.max_minutes} min at a time"
    first_clause = (limit.text or "").split(";")[0].strip()
    return f"Limited: {first_clause}" if first_clause else "Limited"


def span_words(day: int, months: bool = False) -> str:
    """A day count in the unit a patient would use: 'the same day', '5 days', '6 weeks', '6 months', '1 year'."""
    if day == 0:
        return "the same day"
    if day < 7:
        return "1 day" if day == 1 else f"{day} days"
    if day < 120 and not months:
        weeks = round(day / 7)
        return "1 week" if weeks == 1 else f"{weeks} weeks"
    count = round(day / 30.44)
    return "1 year" if count >= 12 else f"{count} months"


def describe_range(sourced: DayRange) -> str:
    """The sourced range in words: '1 to 2 weeks', 'the same day to 3 days', '6 weeks to 6 months'."""
    if (sourced.from_day, sourced.to_day) == (0, 1):
        return "the same day or the next"
    months = sourced.to_day >= 120 and sourced.from_day >= 84
    low, high = span_words(sourced.from_day, months), span_words(sourced.to_day, months)
    if low == high:
        return low
    low_number, _, low_unit = low.partition(" ")
    high_unit = high.partition(" ")[2]
    if low_number.isdigit() and low_unit.rstrip("s") == high_unit.rstrip("s"):
        return f"{low_number} to {high}"
    return f"{low} to {high}"


def range_note(sourced: DayRange | None) -> str:
    """'(most people: 1 to 2 weeks)', or '' when there is no range to show."""
    return f"(most people: {describe_range(sourced)})" if sourced is not None else ""


def short_title(source: Source | None, ident: str) -> str:
    """A source's title up to its first colon ('Carragee et al., Spine 1996 and 1999'); the id if unknown."""
    if source is None:
        return ident
    return source.title.split(": ", 1)[0]


def source_titles(ids: tuple[str, ...] | list[str], sources: dict[str, Source]) -> str:
    """Readable titles of the sources `ids`, separated by semicolons."""
    return "; ".join(short_title(sources.get(ident), ident) for ident in ids)


def differ_line(differ: SourcesDiffer, sources: dict[str, Source]) -> str:
    """The other view in words, with readable source titles, never raw ids."""
    text = differ.text.rstrip(".")
    return f"Sources differ: {text} ({source_titles(differ.sources, sources)})."


def fmt_short_date(date: dt.date) -> str:
    """'15 May' (for table cells where the year is clear from context)."""
    return f"{date.day} {date:%b}"


def when(day: int, surgery_date: dt.date | None) -> str:
    """'week 7 (day 42, Wed 12 Jun 2024)', or without a date 'week 7 (day 42)'."""
    if surgery_date is None:
        return f"week {week_of(day)} (day {day})"
    return f"week {week_of(day)} (day {day}, {fmt_date(surgery_date + dt.timedelta(days=day))})"


def day_range(first: int, last: int, surgery_date: dt.date | None) -> str:
    """'in week 4 (days 21-27, Wed 22 May 2024 - Tue 28 May 2024)' or 'on day 10 (...)'."""
    if first == last:
        label = f"on day {first}"
        dates = fmt_date(surgery_date + dt.timedelta(days=first)) if surgery_date else ""
    else:
        label = f"in week {week_of(first)} (days {first}-{last}"
        dates = ""
        if surgery_date:
            start, end = (surgery_date + dt.timedelta(days=d) for d in (first, last))
            dates = f"{fmt_date(start)} - {fmt_date(end)}"
        return f"{label}, {dates})" if dates else f"{label})"
    return f"{label} ({dates})" if dates else label


def weeks_label(start_day: int, end_day: int) -> str:
    """'1' for a phase inside week 1, '2-6' for one spanning weeks 2 to 6."""
    first, last = week_of(start_day), week_of(end_day)
    return str(first) if first == last else f"{first}-{last}"


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
    if first.effect == "delay":
        changes = [f"{a.target_name}: {on(a.from_day)} -> {on(a.to_day)}" for a in group]
        return "later, at the slow end of the usual range:", changes, first.text
    if first.effect == "check-in":
        return f"check-in added: {first.target_name}, {on(first.to_day)}", [], first.text
    if first.effect == "limit":
        return f"{first.target_name}: {first.text}", [], None
    return first.text, [], None


FACTOR_WORDS: tuple[tuple[str, str], ...] = (
    ("age", "age {}"),
    ("smoker", "smoker"),
    ("diabetes", "diabetes"),
    ("bmi", "BMI {:g}"),
    ("job", "{} job"),
    ("nerve_damage", "nerve damage before surgery"),
    ("health", "{} overall health"),
    ("workers_comp", "workers' compensation claim"),
    ("depression_anxiety", "depression and anxiety"),
    ("levels", "{} levels fused"),
)
"""Each patient factor in words, in the order they are listed."""


def describe_factors(factors: PatientFactors) -> list[str]:
    """Each given patient factor in words, e.g. ['age 72', 'smoker', 'manual job']."""
    words = []
    for name, template in FACTOR_WORDS:
        value = getattr(factors, name)
        if value is not None and value is not False:
            words.append(template.format(value))
    return [w.replace("1 levels fused", "1 level fused") for w in words]


def clinic_line(clinic: Clinic | None) -> str | None:
    """'Call Example Spine Clinic: 555-0100' (and the clinic's note), or None without a clinic."""
    if clinic is None:
        return None
    line = f"Call {clinic.name}: {clinic.phone}" if clinic.phone else f"Contact {clinic.name}"
    return f"{line}. {clinic.note}" if clinic.note else f"{line}."


def red_flag_pointer(red_flags: tuple[RedFlag, ...] | list[RedFlag], clinic: Clinic | None = None) -> str:
    """One line that names the emergencies and points to the full list (and the clinic's number)."""
    emergencies = [f.short or f.symptom for f in red_flags if f.action == "emergency"]
    line = f"Red flags: {'; '.join(emergencies)}: emergency department now. All warning signs: spinerecov red-flags"
    contact = clinic_line(clinic)
    return f"{line}. {contact}" if contact else line


def activity_differences(t: Timeline, kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(activity name, 'Sources differ: ...') for every activity whose plan has another view, once each."""
    found: list[tuple[str, str]] = []
    for outlook in t.activities:
        seen: set[str] = set()
        for step in outlook.steps:
            if step.sources_differ is not None:
                line = differ_line(step.sources_differ, kb.sources)
                if line not in seen:
                    seen.add(line)
                    found.append((outlook.name, line))
    return found


def compared_value(day: int | None, sourced: DayRange | None = None) -> str:
    """'day 2' in the first two weeks (where weeks hide differences), then 'week 7'; None is 'ask surgeon'.

    With a sourced range: 'week 7 (6 to 8 weeks)'.
    """
    if day is None:
        return "ask surgeon"
    value = f"day {day}" if day < 14 else f"week {week_of(day)}"
    return f"{value} ({describe_range(sourced)})" if sourced is not None and sourced.to_day > 0 else value


def compared_differences(comparison: Comparison, sources: dict[str, Source]) -> list[str]:
    """'Desk work (endoscopic, tubular): <other view> (titles).' once per row and view."""
    found: dict[tuple[str, str], list[str]] = {}
    for row in (*comparison.milestones, *comparison.limited, *comparison.activities):
        for ident, differ in zip(comparison.procedure_ids, row.sources_differ, strict=True):
            if differ is not None:
                text = differ_line(differ, sources).removeprefix("Sources differ: ")
                names = found.setdefault((row.label, text), [])
                if ident not in names:
                    names.append(ident)
    return [f"{label} ({', '.join(names)}): {text}" for (label, text), names in found.items()]


def opening_range(steps: tuple[ActivityStep, ...] | list[ActivityStep], day: int | None) -> DayRange | None:
    """The sourced range of the step that opens on `day` (None on day 0 or when no step starts then)."""
    if day is None or day <= 0:
        return None
    opening = next((s for s in steps if s.from_day == day), None)
    return step_range(opening) if opening is not None else None
