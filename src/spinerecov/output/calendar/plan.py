"""Pure: a dated plan -> an RFC 5545 calendar (bytes), written as icalendar would (see `writer.py`).

Every milestone and every phase start is an all-day event whose description
says what it means and where that comes from. Visits get a reminder the day
before. UIDs come from the patient's identity and the event's id (never the
surgery date, see `knowledge/identity.py`), so importing an updated plan, even
after the surgery moved, replaces the patient's events instead of duplicating
them, and two patients never share one. SEQUENCE and DTSTAMP come from the
patient's revision (`store/calendar_revisions.py`: higher and later for every
changed plan, the same for an unchanged one); without one, from the day the
plan is made for. Visits say "about this date" (the clinic gives the exact
date), and the red flags are an event on the day of the export, where a
patient looking at today will see them.
"""

import datetime as dt
from typing import NamedTuple

from spinerecov import __version__
from spinerecov.i18n import _
from spinerecov.i18n.formats import prose_date
from spinerecov.knowledge.identity import stable_uuid
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.output.calendar.folding import calendar_bytes
from spinerecov.output.wording import (
    ACTION_WORDS,
    SHORT_DISCLAIMER,
    clinic_line,
    differ_line,
    range_sentence,
    source_titles,
)
from spinerecov.plan.timeline import PlannedMilestone, Timeline

REMINDED_KINDS = frozenset({"visit", "check-in", "questionnaire"})
APPROXIMATE_KINDS = frozenset({"visit", "check-in"})
"""Appointments whose date is the usual day, not a booking; a questionnaire's dates are its window."""
# 15 hours before an all-day event's midnight start is 09:00 the day before.
REMINDER_BEFORE = dt.timedelta(hours=15)


class Revision(NamedTuple):
    """A calendar's revision: the SEQUENCE and DTSTAMP its events carry (see `revision.py`)."""

    sequence: int
    stamp: dt.datetime
    """A UTC time."""


SEQUENCE_EPOCH = dt.date(2020, 1, 1)
"""SEQUENCE counts days from here to the day the plan is made for, so a later export carries a higher one."""


def event_uid(patient_id: str, kind: str, ident: str) -> str:
    """A UID unique to this patient and event, the same on every export of the patient's plan."""
    return f"{stable_uuid(patient_id, f'calendar-{kind}', ident)}@spinerecov"


def export_sequence(today: dt.date) -> int:
    """SEQUENCE for a plan made on `today`: days since 2020, so the same plan always gives the same file."""
    return max(0, (today - SEQUENCE_EPOCH).days)


def to_ics(t: Timeline, kb: KnowledgeBase, patient_id: str, revision: Revision | None = None) -> bytes:
    """The plan as an iCalendar file for the patient `patient_id`, at `revision` (else the plan day's)."""
    from spinerecov.output.calendar.writer import Alarm, Calendar, Event, vText

    calendar = Calendar()
    calendar.add("prodid", f"-//spinerecov//spinerecov {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # X- properties are not typed by icalendar: vText makes it escape them (newlines, commas).
    calendar.add("x-wr-calname", vText(_("Recovery plan: {procedure}").format(procedure=t.procedure.name)))
    calendar.add("x-wr-caldesc", vText(_red_flags_text(t) + "\n\n" + kb.disclaimer))
    # DTSTAMP must be a UTC time; without a revision, the plan's "today" keeps the file reproducible.
    stamp = revision.stamp if revision else dt.datetime.combine(t.today, dt.time(), tzinfo=dt.UTC)
    sequence = revision.sequence if revision else export_sequence(t.today)

    def add_event(kind: str, ident: str, summary: str, day: int, description: str) -> Event:
        event = Event()
        event.add("uid", event_uid(patient_id, kind, ident))
        event.add("dtstamp", stamp)
        event.add("sequence", sequence)
        event.add("summary", summary)
        event.add("dtstart", t.date_of(day))
        event.add("dtend", t.date_of(day + 1))
        event.add("transp", "TRANSPARENT")
        see = "" if ident == "red-flags" else " " + _("Red flags: see the 'Red flags' event.")
        event.add("description", f"{description}\n\n" + _(SHORT_DISCLAIMER) + see)
        calendar.add_component(event)
        return event

    for phase in t.phases:
        add_event(
            "phase",
            phase.id,
            _("Recovery phase starts: {phase}").format(phase=phase.name),
            phase.start_day,
            f"{phase.expect}\n\n"
            + _("Until {date}. Sources: {titles}").format(
                date=prose_date(t.date_of(phase.end_day)), titles=source_titles(phase.sources, kb.sources)
            ),
        )
    for milestone in t.milestones:
        event = add_event(
            "milestone", milestone.id, event_title(milestone), milestone.day, _milestone_text(t, kb, milestone)
        )
        if milestone.kind in REMINDED_KINDS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            if milestone.kind in APPROXIMATE_KINDS:
                reminder = _("About tomorrow: {milestone} (your clinic gives the exact date)")
            else:
                reminder = _("Tomorrow: {milestone}")
            alarm.add("description", reminder.format(milestone=milestone.name))
            alarm.add("trigger", -REMINDER_BEFORE)
            event.add_component(alarm)
    add_event("info", "red-flags", _("Red flags: when to get help"), t.day_today, _red_flags_text(t))
    # icalendar's own to_ical() folds lines one character at a time; this gives the same bytes.
    return calendar_bytes(calendar.content_lines())


def event_title(milestone: PlannedMilestone) -> str:
    """A milestone's event title; a visit's date is the usual day, not a booking, so its title says 'about'."""
    title = _("{milestone} (optional)").format(milestone=milestone.name) if milestone.optional else milestone.name
    if milestone.kind in APPROXIMATE_KINDS:
        title = _("{milestone} (about this date)").format(milestone=title)
    return title


def _milestone_text(t: Timeline, kb: KnowledgeBase, milestone: PlannedMilestone) -> str:
    """What a milestone means, its sourced range, any other view, the conditions that are not about time."""
    lines = [milestone.description, range_sentence(milestone.day, milestone.range)]
    if milestone.sources_differ:
        lines.append(differ_line(milestone.sources_differ, kb.sources))
    anchor = next((m.activity for m in t.procedure.milestones if m.id == milestone.id), None)
    if anchor is not None and anchor in kb.activities:
        lines += [_("Always: {condition}").format(condition=c.text) for c in kb.activities[anchor].conditions]
    return (
        "\n".join(lines) + "\n\n" + _("Sources: {titles}").format(titles=source_titles(milestone.sources, kb.sources))
    )


def _red_flags_text(t: Timeline) -> str:
    lines = [_("Red flags: when to get help")]
    contact = clinic_line(t.clinic)
    if contact:
        lines.append(contact)
    for action, words in ACTION_WORDS.items():
        flags = [f"- {flag.symptom}" for flag in t.red_flags if flag.action == action]
        if flags:
            lines += [_("{action} if you have:").format(action=_(words)), *flags]
    return "\n".join(lines)
