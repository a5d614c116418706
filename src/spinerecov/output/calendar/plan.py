"""Pure: a dated plan -> an RFC 5545 calendar (bytes), written as icalendar would (see `ical_writer.py`).

Every milestone and every phase start is an all-day event whose description
says what it means and where that comes from. Visits get a reminder the day
before. UIDs come from the patient's identity and the event's id (never the
surgery date, see `knowledge/identity.py`), so importing an updated plan, even
after the surgery moved, replaces the patient's events instead of duplicating
them, and two patients never share one; SEQUENCE grows with the day the plan
is made for, so a later export of a changed event wins.
"""

import datetime as dt
import functools
import re
from typing import Any, NamedTuple

from spinerecov import __version__
from spinerecov.i18n import _
from spinerecov.knowledge.identity import stable_uuid
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.output.calendar.folding import calendar_bytes, fold_line
from spinerecov.output.calendar.writer import escape_text, property_line
from spinerecov.output.plan_template import (
    MARK,
    TEXT_MARKS,
    Immediate,
    Maker,
    Makers,
    Slots,
    Template,
    iso_date,
    make_template,
    render_repeated,
    split_marks,
)
from spinerecov.output.wording import (
    ACTION_WORDS,
    SHORT_DISCLAIMER,
    clinic_line,
    differ_line,
    range_sentence,
    source_titles,
)
from spinerecov.plan.timeline import PlannedMilestone, Timeline

REMINDED_KINDS = frozenset({"visit", "check-in"})
# 15 hours before an all-day event's midnight start is 09:00 the day before.
REMINDER_BEFORE = dt.timedelta(hours=15)


SEQUENCE_EPOCH = dt.date(2020, 1, 1)
"""SEQUENCE counts days from here to the day the plan is made for, so a later export carries a higher one."""


def event_uid(patient_id: str, kind: str, ident: str) -> str:
    """A UID unique to this patient and event, the same on every export of the patient's plan."""
    return f"{stable_uuid(patient_id, f'calendar-{kind}', ident)}@spinerecov"


def export_sequence(today: dt.date) -> int:
    """SEQUENCE for a plan made on `today`: days since 2020, so the same plan always gives the same file."""
    return max(0, (today - SEQUENCE_EPOCH).days)


class CalendarPlan(NamedTuple):
    """What a calendar's own pieces come from: the patient's dated plan and their id (for the UIDs)."""

    timeline: Timeline
    patient_id: str


def to_ics(timeline: Timeline, kb: KnowledgeBase, patient_id: str) -> bytes:
    """The plan as an iCalendar file for the patient `patient_id`."""
    return _calendar(timeline, kb, Immediate(CalendarPlan(timeline, patient_id))).encode("utf-8")


def repeated_ics(timeline: Timeline, kb: KnowledgeBase, patient_id: str) -> bytes:
    """`to_ics`, from the kept calendar of the plan's shape: for a batch's many plans of a few shapes."""
    return render_repeated(_calendar, cut_calendar, timeline, kb, CalendarPlan(timeline, patient_id))


def _calendar(t: Timeline, kb: KnowledgeBase, slots: Slots) -> str:
    """The calendar, folded, with every value that is the patient's own (ids, dates, today) asked of `slots`."""
    from spinerecov.output.calendar.writer import Alarm, Calendar, Event, vText

    calendar = Calendar()
    calendar.add("prodid", f"-//spinerecov//spinerecov {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # X- properties are not typed by icalendar: vText makes it escape them (newlines, commas).
    calendar.add("x-wr-calname", vText(_("Recovery plan: {procedure}").format(procedure=t.procedure.name)))
    calendar.add("x-wr-caldesc", vText(_red_flags_text(t) + "\n\n" + kb.disclaimer))

    def add_event(kind: str, ident: str, summary: str, day: int, description: str) -> Event:
        event = Event()
        event.add("uid", slots.piece(_uid, kind, ident))
        event.add("dtstamp", slots.piece(_stamp))
        event.add("sequence", slots.piece(_sequence))
        event.add("summary", summary)
        event.add("dtstart", slots.piece(_date, day))
        event.add("dtend", slots.piece(_date, day + 1))
        event.add("transp", "TRANSPARENT")
        see = _("Red flags: see the 'Red flags' event.")
        event.add("description", f"{description}\n\n" + _(SHORT_DISCLAIMER) + f" {see}")
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
                date=slots.piece(_iso_date, phase.end_day), titles=source_titles(phase.sources, kb.sources)
            ),
        )
    for milestone in t.milestones:
        optional = _("{milestone} (optional)") if milestone.optional else "{milestone}"
        event = add_event(
            "milestone",
            milestone.id,
            optional.format(milestone=milestone.name),
            milestone.day,
            _milestone_text(t, kb, milestone),
        )
        if milestone.kind in REMINDED_KINDS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", _("Tomorrow: {milestone}").format(milestone=milestone.name))
            alarm.add("trigger", -REMINDER_BEFORE)
            event.add_component(alarm)
    add_event("info", "red-flags", _("Red flags: when to get help"), 0, _red_flags_text(t))
    # icalendar's own to_ical() folds lines one character at a time; this gives the same bytes.
    return calendar_bytes(calendar.content_lines()).decode("utf-8")


def _uid(plan: CalendarPlan, kind: str, ident: str) -> str:
    return event_uid(plan.patient_id, kind, ident)


def _stamp(plan: CalendarPlan) -> dt.datetime:
    # DTSTAMP must be a UTC time; the plan's "today" keeps the file reproducible.
    return dt.datetime.combine(plan.timeline.today, dt.time(), tzinfo=dt.UTC)


def _sequence(plan: CalendarPlan) -> int:
    return export_sequence(plan.timeline.today)


def _date(plan: CalendarPlan, day: int) -> dt.date:
    return plan.timeline.date_of(day)


def _iso_date(plan: CalendarPlan, day: int) -> str:
    return iso_date(plan.timeline, day)


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


WHOLE_VALUE = re.compile(f"^([A-Z-]+):{MARK}(\\d+){MARK}$")
"""A content line whose whole value is a piece (UID, DTSTART, SEQUENCE...): its maker gives a typed value."""


def cut_calendar(text: str, makers: Makers) -> Template | None:
    """A recorded calendar cut into folded lines that are the same for every patient, and lines made for each.

    A line with a piece in it is folded only once it is whole: where it folds depends on what the piece holds.
    """
    # Folding is undone where it was done (a CRLF and a space): no content line starts with a space.
    unfolded = text.replace("\r\n ", "")
    if split_marks(unfolded, makers, TEXT_MARKS) is None:
        return None
    texts: list[str] = []
    pieces: Makers = []
    same: list[str] = []
    for line in unfolded.split("\r\n"):
        if MARK not in line:
            same.append(fold_line(line).decode("utf-8") + "\r\n" if line else "")
            continue
        whole = WHOLE_VALUE.match(line)
        if whole is not None:
            pieces.append((_property_piece, (whole[1], *makers[int(whole[2])])))
        else:
            cuts = TEXT_MARKS.split(line)
            pieces.append((_text_line_piece, (tuple(cuts[0::2]), tuple(makers[int(n)] for n in cuts[1::2]))))
        texts.append("".join(same))
        same = []
    texts.append("".join(same))
    return make_template(texts, pieces)


def _property_piece(plan: CalendarPlan, name: str, make: Maker, args: tuple[Any, ...]) -> str:
    """A property whose value is the patient's own, written and folded."""
    value = make(plan, *args)
    if isinstance(value, str):  # a UID: one patient's own
        return _folded_property(name, value)
    # Dates, the stamp and the sequence: a batch writes the same few hundred again and again.
    return _kept_property(name, value)


def _folded_property(name: str, value: object) -> str:
    return fold_line(property_line(name, value)).decode("utf-8") + "\r\n"


WRITTEN_PROPERTIES_KEPT = 100_000
"""Property lines kept once written (dates, stamps, sequences)."""
_kept_property = functools.lru_cache(maxsize=WRITTEN_PROPERTIES_KEPT)(_folded_property)


def _text_line_piece(plan: CalendarPlan, texts: tuple[str, ...], makers: tuple[tuple[Maker, Any], ...]) -> str:
    """A text property with the patient's pieces in it (a date in a description), filled in and folded."""
    parts = [texts[0]]
    for (make, args), text in zip(makers, texts[1:], strict=True):
        parts += [escape_text(make(plan, *args)), text]
    return fold_line("".join(parts)).decode("utf-8") + "\r\n"
