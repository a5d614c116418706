"""A small iCalendar writer: the content lines the icalendar library would give, without its component tree.

`to_ics` builds a calendar through `add` and `add_component`, the calls it
made on icalendar's classes; these stand-ins write each property's content
line at once, as text. Building icalendar's components (typed values,
parameters, case-insensitive dictionaries) cost about 4 ms a calendar, most
of a batch of ICS plans. Only the value types a plan uses are supported:
text, integers, dates, UTC date-times and durations. Properties come out in
icalendar's order (its canonical order for the component, then the rest
alphabetically), so `tests/output/test_fast_encoders.py` can check every plan
byte for byte against the library, which stays the test-side parser.
"""

from __future__ import annotations

import datetime as dt

CANONICAL_ORDER: dict[str, tuple[str, ...]] = {
    "VCALENDAR": (
        "VERSION",
        "PRODID",
        "CALSCALE",
        "METHOD",
        "DESCRIPTION",
        "X-WR-CALDESC",
        "NAME",
        "X-WR-CALNAME",
    ),
    "VEVENT": (
        "SUMMARY",
        "DTSTART",
        "DTEND",
        "DURATION",
        "DTSTAMP",
        "UID",
        "RECURRENCE-ID",
        "SEQUENCE",
        "RRULE",
        "RDATE",
        "EXDATE",
    ),
}
"""icalendar 7's `canonical_order` of the components a plan uses (VALARM has none: alphabetical)."""


class vText(str):  # noqa: N801 - the name of the icalendar class it stands in for
    """A text value; every text value is escaped as TEXT (RFC 5545 3.3.11), as icalendar does."""


def escape_text(text: str) -> str:
    """`text` escaped as an iCalendar TEXT value, in the order icalendar's own escaping uses."""
    return (
        text.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def property_line(name: str, value: object) -> str:
    """One property's content line, unfolded: `NAME[;PARAMS]:VALUE`."""
    if isinstance(value, str):
        return f"{name}:{escape_text(value)}"
    if isinstance(value, bool):
        raise TypeError(f"{name}: boolean values are not supported")
    if isinstance(value, int):
        return f"{name}:{value}"
    if isinstance(value, dt.datetime):
        if value.utcoffset() != dt.timedelta(0):
            raise TypeError(f"{name}: only UTC date-times are supported")
        return f"{name}:{value.year:04d}{value:%m%dT%H%M%S}Z"
    if isinstance(value, dt.date):
        return f"{name};VALUE=DATE:{value.year:04d}{value:%m%d}"
    if isinstance(value, dt.timedelta):
        return f"{name}:{duration_text(value)}"
    raise TypeError(f"{name}: {type(value).__name__} values are not supported")


def duration_text(duration: dt.timedelta) -> str:
    """A DURATION value as icalendar writes it: `-PT15H`, `P2D`, `P1DT2H30M`."""
    sign = ""
    if duration.days < 0:
        sign, duration = "-", -duration
    time = ""
    if duration.seconds:
        hours, minutes, seconds = duration.seconds // 3600, duration.seconds % 3600 // 60, duration.seconds % 60
        time = "T" + (f"{hours}H" if hours else "")
        time += f"{minutes}M" if minutes or (hours and seconds) else ""
        time += f"{seconds}S" if seconds else ""
    if duration.days == 0 and time:
        return f"{sign}P{time}"
    return f"{sign}P{duration.days}D{time}"


class Component:
    """A component (VCALENDAR, VEVENT, VALARM) whose properties are kept as ready content lines."""

    name = ""

    def __init__(self) -> None:
        """An empty component."""
        self.lines: dict[str, str] = {}
        self.subcomponents: list[Component] = []

    def add(self, name: str, value: object) -> None:
        """Set property `name` (one value per property: all a plan needs)."""
        key = name.upper()
        if key in self.lines:
            raise ValueError(f"{key} is already set")
        self.lines[key] = property_line(key, value)

    def add_component(self, component: Component) -> None:
        """Nest `component` inside this one."""
        self.subcomponents.append(component)

    def content_lines(self) -> list[str]:
        """Every content line, unfolded, in icalendar's order, with the final empty line its `to_ical` expects."""
        return [*self._lines(), ""]

    def _lines(self) -> list[str]:
        order = CANONICAL_ORDER.get(self.name, ())
        head = [key for key in order if key in self.lines]
        tail = sorted(key for key in self.lines if key not in order)
        lines = [f"BEGIN:{self.name}", *(self.lines[key] for key in head + tail)]
        for component in self.subcomponents:
            lines += component._lines()
        lines.append(f"END:{self.name}")
        return lines


class Calendar(Component):
    """A VCALENDAR."""

    name = "VCALENDAR"


class Event(Component):
    """A VEVENT."""

    name = "VEVENT"


class Alarm(Component):
    """A VALARM."""

    name = "VALARM"
