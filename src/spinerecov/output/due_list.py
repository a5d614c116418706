"""Who is due in a week, as text for the terminal (grouped by day) and as CSV (one row per patient and event).

Plain functions of a `plan.due.DueWeek`; the text is aligned by hand rather than
drawn by Rich, so a clinic's list of a hundred thousand patients prints in the
time it takes to write it.
"""

import csv
import io

from spinerecov.i18n import N_, _, current_language, ngettext
from spinerecov.i18n.formats import decimal, weekday_date
from spinerecov.output.day_words import describe_range
from spinerecov.plan.days import week_of
from spinerecov.plan.due import DueEvent, DueWeek

KIND_WORDS = {
    "visit": N_("visit"),
    "check-in": N_("check-in"),
    "questionnaire": N_("questionnaire"),
    "activity": N_("activity"),
    "event": N_("milestone"),
}
"""Each milestone kind as the list names it; a kind not in here is shown by its id."""
CSV_COLUMNS = ("date", "id", "kind", "milestone", "what", "day", "week", "earliest", "latest", "sources", "line")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell that starts with one of these as a formula."""


def kind_word(kind: str) -> str:
    """The milestone kind in the current language ('visit', 'visita')."""
    word = KIND_WORDS.get(kind)
    return _(word) if word is not None else kind


def due_headline(due: DueWeek) -> str:
    """'Week of Mon 7 Dec 2026 to Sun 13 Dec 2026: 3 patients with 4 things due.'."""
    week = _("Week of {monday} to {sunday}").format(
        monday=weekday_date(due.week.monday), sunday=weekday_date(due.week.sunday)
    )
    if not due.patients_due:
        return _("{week}: nothing due.").format(week=week)
    patients = ngettext("{count} patient", "{count} patients", due.patients_due).format(count=_whole(due.patients_due))
    events = ngettext("{count} thing due", "{count} things due", due.events).format(count=_whole(due.events))
    return _("{week}: {patients} with {events}.").format(week=week, patients=patients, events=events)


def due_to_text(due: DueWeek) -> str:
    """The week by day: each day's heading, then one aligned line per patient and event."""
    lines = [due_headline(due), ""]
    cells = [[_cells(event) for event in day] for day in due.by_day]
    widths = [max((len(row[i]) for day in cells for row in day), default=0) for i in range(3)]
    nothing = _("nothing due")
    for date, day in zip(due.week.days(), cells, strict=True):
        lines.append(weekday_date(date))
        if not day:
            lines.append(f"  ({nothing})")
        for row in day:
            padded = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
            lines.append("  " + "  ".join([*padded, row[3]]).rstrip())
    return "\n".join(lines) + "\n"


def _cells(event: DueEvent) -> list[str]:
    milestone = event.due.milestone
    when = _("day {day}, week {week}; most people: {range}").format(
        day=milestone.day, week=week_of(milestone.day), range=describe_range(milestone.range)
    )
    name = milestone.name + (" " + _("(optional)") if milestone.optional else "")
    return [event.patient_id, kind_word(milestone.kind), name, when]


def due_to_csv(due: DueWeek) -> str:
    """RFC 4180 CSV (CRLF line ends), a header and one row per patient and event, in date then list order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for day in due.by_day:
        for event in day:
            milestone = event.due.milestone
            surgery = event.due.date.toordinal() - milestone.day
            writer.writerow(
                (
                    event.due.date.isoformat(),
                    event.patient_id,
                    milestone.kind,
                    milestone.id,
                    _cell(milestone.name),
                    milestone.day,
                    week_of(milestone.day),
                    _iso(surgery + milestone.range.from_day),
                    _iso(surgery + milestone.range.to_day),
                    " ".join(milestone.range.sources),
                    event.line,
                )
            )
    return buffer.getvalue()


def _cell(text: str) -> str:
    """Text a spreadsheet shows as text: one that would start a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _whole(count: int) -> str:
    """A count as people read it: '12,345' / '12.345'."""
    return f"{count:,}" if current_language() == "en" else decimal(count)


def _iso(ordinal: int) -> str:
    import datetime as dt

    return dt.date.fromordinal(ordinal).isoformat()
