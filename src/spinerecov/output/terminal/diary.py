"""The diary on a terminal: the entries as a table, then leg and back pain week by week as bars.

A row is an entry: its number, date, day and week after surgery, and either a
check-in's outcome (its red-flag tier), leg and back pain, pain medicine,
walking and note, or a questionnaire and its score.

Plain text (the command makes it safe for the terminal as it prints it): a
five-year diary is 1,825 rows, which a fixed-column table draws in
milliseconds. Notes are shown on one line, cut to the width.
"""

from __future__ import annotations

from collections.abc import Sequence

from spinerecov.i18n import _, ngettext
from spinerecov.i18n.formats import decimal
from spinerecov.output.diary_entries import (
    BACK_PAIN,
    KIND_WORDS,
    LEG_PAIN,
    MEDICINE,
    NOTE,
    WALKED,
    DiaryEntryOut,
    WeekPain,
    medicine_words,
    score_words,
    tier_words,
    weekly_pain,
)

BAR_CELLS = 10
"""One cell per point of a 0-10 pain score."""
MAX_CHART_WEEKS = 26
"""The trend shows at most this many weeks (the latest); --since or --json reach the others."""
GAP = "  "
NOTE_INDENT = "    "


def render_diary(entries: Sequence[DiaryEntryOut], width: int) -> str:
    """The table of entries and the pain trend, or a line saying the diary is empty."""
    if not entries:
        return _("No entries in your diary yet: 'spinerecov check-in' and 'spinerecov questionnaire' add them.") + "\n"
    parts = [_table(entries, width), _trend(weekly_pain(entries))]
    return "\n".join(part for part in parts if part)


def _table(entries: Sequence[DiaryEntryOut], width: int) -> str:
    headers = ["#", _("Date"), _("Day/wk"), _("Outcome"), _("Leg"), _("Back")]
    headers += [_("Medicine"), _("Walked"), _("Note")]
    rows = [_row(entry) for entry in entries]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers[:-1])]
    lines = [*_line(headers, widths, width), *_line(["-" * len(h) for h in headers], widths, width)]
    for row in rows:
        lines += _line(row, widths, width)
    count = ngettext("{count} entry.", "{count} entries.", len(entries)).format(count=len(entries))
    return "\n".join([*lines, count]) + "\n"


def _row(entry: DiaryEntryOut) -> list[str]:
    """A check-in's outcome and answers, or a questionnaire's score (its answers are not the check-in's)."""
    cells = [str(entry.entry_id), entry.date.isoformat(), f"{entry.day}/{entry.week}"]
    if entry.kind == "questionnaire":
        kind = KIND_WORDS["questionnaire"]  # by variable: an older extractor takes a literal in _() for a message
        return [*cells, _(kind), "", "", "", "", score_words(entry)]
    answers = entry.answers
    walked = answers.get(WALKED)
    note = answers.get(NOTE)
    return [
        *cells,
        tier_words(entry.tier),
        _answer(answers.get(LEG_PAIN)),
        _answer(answers.get(BACK_PAIN)),
        medicine_words(answers.get(MEDICINE)),
        _("{minutes} min").format(minutes=walked) if isinstance(walked, int) and not isinstance(walked, bool) else "",
        " ".join(note.split()) if isinstance(note, str) else "",
    ]


def _answer(value: object) -> str:
    if value is None or isinstance(value, bool):
        return ""
    return decimal(value) if isinstance(value, float) else str(value)


def _line(cells: list[str], widths: list[int], width: int) -> list[str]:
    """One row; a last cell (a note) that does not fit goes on the lines below it, wrapped and indented."""
    head = GAP.join(cell.ljust(size) for cell, size in zip(cells, widths, strict=False))
    whole = (head + GAP + cells[-1]).rstrip()
    if len(whole) <= width or not cells[-1]:
        return [whole]
    import textwrap

    return [
        head.rstrip(),
        *textwrap.wrap(cells[-1], max(width, 20), initial_indent=NOTE_INDENT, subsequent_indent=NOTE_INDENT),
    ]


def _trend(weeks: list[WeekPain]) -> str:
    if not weeks:
        return ""
    shown = weeks[-MAX_CHART_WEEKS:]
    lines = [
        _("Pain by week after surgery (mean of your check-ins, 0 = none, 10 = worst)"),
        _("{leg} leg pain, {back} back pain").format(leg="#" * 3, back="=" * 3),
    ]
    if len(weeks) > len(shown):
        left = len(weeks) - len(shown)
        lines.append(
            ngettext(
                "({count} earlier week not shown: use --since DATE or --json.)",
                "({count} earlier weeks not shown: use --since DATE or --json.)",
                left,
            ).format(count=left)
        )
    label = _("week {week}")
    size = max(len(label.format(week=w.week)) for w in shown)
    for week in shown:
        lines.append(label.format(week=week.week).ljust(size) + GAP + _bar(week.leg, "#") + GAP + _bar(week.back, "="))
    return "\n".join(lines) + "\n"


def _bar(value: float | None, mark: str) -> str:
    """Ten cells and the number: '######     6'; '-' when that pain was not asked that week."""
    if value is None:
        return " " * BAR_CELLS + "  " + "-".rjust(4)
    cells = round(min(max(value, 0), BAR_CELLS))
    return (mark * cells).ljust(BAR_CELLS, ".") + "  " + decimal(value).rjust(4)
