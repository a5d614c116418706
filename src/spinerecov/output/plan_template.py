"""A plan's text made once per shape and filled in for each patient: how a batch writes thousands of plans quickly.

Most of a plan depends only on its shape: the knowledge base, the procedure as
personalised, and the language. What is the patient's own is a few dozen
pieces: dates, where today falls, the factors and what they changed. A renderer
asks for each such piece through `Slots`. `Immediate` makes it at once (one
plan); `Recording` leaves a numbered mark in its place and keeps how to make
it. The text around the marks is kept per shape, so a later plan of the same
shape is that text with its own pieces put in: the same bytes as rendering it
whole, for a fraction of the work.

The shape a template is recorded from has no patient in it (`shape_of`): a
renderer that reads a patient's value without asking for a piece fails while the
template is made, so no patient's date can end up in another's plan.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, cast

from spinerecov.i18n import current_language
from spinerecov.knowledge.models import KnowledgeBase, Procedure
from spinerecov.output.kept_values import KeptValues
from spinerecov.plan.timeline import Timeline

MARK = "\x00"
"""Around a piece's number in a recorded text. The knowledge base and every patient value refuse control characters."""

Maker = Callable[..., Any]
"""(subject, *args) -> a patient's piece of the plan; the subject is the timeline unless a format needs more."""
Piece = tuple[Maker, tuple[Any, ...]]
"""A maker and the arguments it is called with after the subject."""
Makers = list[Piece]


class Slots:
    """Where a renderer asks for the pieces of a plan that are the patient's own."""

    def piece(self, make: Maker, *args: Any) -> Any:
        """`make(subject, *args)`, or a mark where it will go."""
        raise NotImplementedError

    def iso(self, day: int) -> str:
        """The date of day `day` after surgery, '2024-05-15'."""
        return cast(str, self.piece(iso_date, day))


def iso_date(timeline: Timeline, day: int) -> str:
    """'2024-05-15': the date of day `day` after the patient's surgery (a template writes these itself)."""
    return timeline.date_of(day).isoformat()


class Immediate(Slots):
    """Every piece made at once from `subject` (the timeline, or what else the pieces need): one plan, whole."""

    def __init__(self, subject: object) -> None:
        self.subject = subject

    def piece(self, make: Maker, *args: Any) -> Any:
        """The piece itself."""
        return make(self.subject, *args)


class Recording(Slots):
    """Every piece left as a numbered mark, with how to make it kept in order."""

    def __init__(self) -> None:
        self.makers: Makers = []

    def piece(self, make: Maker, *args: Any) -> Any:
        """A mark where the piece goes; the maker is kept, numbered in order."""
        self.makers.append((make, args))
        return f"{MARK}{len(self.makers) - 1}{MARK}"


class Template(NamedTuple):
    """A plan as UTF-8 pieces of text, with empty places for the patient's own pieces, and how to fill each place."""

    parts: tuple[bytes, ...]
    dates: tuple[tuple[int, int], ...]
    """(place, day) of each date: the commonest piece by far, filled without a call."""
    others: tuple[tuple[int, Maker, tuple[Any, ...]], ...]
    """(place, maker, arguments) of every other piece; its maker gives text."""
    quoted: bool
    """Dates are written in quotes (JSON)."""


def make_template(texts: Sequence[str], makers: Sequence[Piece], quoted: bool = False) -> Template:
    """The template of a text cut at its pieces: `texts` around them (one more than `makers`), in order."""
    parts: list[bytes] = []
    dates: list[tuple[int, int]] = []
    others: list[tuple[int, Maker, tuple[Any, ...]]] = []
    # `texts` has one more item than `makers`: the last text follows the last piece.
    for text, (make, args) in zip(texts, makers, strict=False):
        parts += [text.encode("utf-8"), b""]
        if make is iso_date:
            dates.append((len(parts) - 1, args[0]))
        else:
            others.append((len(parts) - 1, make, args))
    parts.append(texts[-1].encode("utf-8"))
    return Template(tuple(parts), tuple(dates), tuple(others), quoted)


def fill(template: Template, subject: object, surgery_date: dt.date) -> bytes:
    """The plan: the template with each of the patient's pieces, made from `subject`, in its place."""
    parts = list(template.parts)
    base = surgery_date.toordinal()
    written = _quoted_dates if template.quoted else _dates
    for place, day in template.dates:
        date = written.get(base + day)
        parts[place] = date if date is not None else _write_date(base + day, template.quoted)
    for place, make, args in template.others:
        parts[place] = make(subject, *args).encode("utf-8")
    return b"".join(parts)


def _write_date(ordinal: int, quoted: bool) -> bytes:
    written = _quoted_dates if quoted else _dates
    if len(written) >= ISO_DATES_KEPT:
        written.clear()
    text = dt.date.fromordinal(ordinal).isoformat().encode("ascii")
    written[ordinal] = date = b'"' + text + b'"' if quoted else text
    return date


_dates: dict[int, bytes] = {}
_quoted_dates: dict[int, bytes] = {}
"""Dates already written into templates (bare, and in quotes), by ordinal."""
ISO_DATES_KEPT = 100_000
"""Dates kept written: a batch writes the same few hundred again and again."""


Cut = Callable[[str, Makers], "Template | None"]
"""(recorded text, its makers) -> the template, or None when the text cannot be one."""
TEXT_MARKS = re.compile(f"{MARK}(\\d+){MARK}")


def cut_text(text: str, makers: Makers) -> Template | None:
    """A recorded plain text (markdown) cut at its marks (see `split_marks`)."""
    cut = split_marks(text, makers, TEXT_MARKS)
    return make_template(*cut) if cut is not None else None


def split_marks(text: str, makers: Makers, marks: re.Pattern[str]) -> tuple[list[str], Makers] | None:
    """The recorded `text` cut at its marks, and the makers in the order of their marks.

    None unless the text holds each piece's mark once, and no other mark.
    `marks` finds a mark as the format writes it, its number in group 1. The
    marks may come in any order (a calendar sorts its properties by name).
    """
    cuts = marks.split(text)
    texts, numbers = cuts[0::2], [int(n) for n in cuts[1::2]]
    if sorted(numbers) != list(range(len(makers))) or any(MARK in part for part in texts):
        return None
    return texts, [makers[n] for n in numbers]


class TemplateLeak(RuntimeError):
    """A renderer read a patient's value directly instead of asking `Slots` for it (a mistake in the code)."""


def _leak(self: object, *args: object) -> Any:
    raise TemplateLeak("a patient's value was read while a template was recorded")


class _Unknown:
    """Stands for a patient's value while a template is recorded: any use of it is a renderer's mistake."""

    __getattr__ = __bool__ = __iter__ = __len__ = __contains__ = __index__ = __int__ = __float__ = _leak
    __str__ = __repr__ = __format__ = __hash__ = __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _leak
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __neg__ = __getitem__ = _leak


def shape_of(timeline: Timeline) -> Timeline:
    """`timeline` without its patient: dates, today, factors, statuses and adjustments unknown."""
    unknown = cast(Any, _Unknown())
    return timeline._replace(
        surgery_date=unknown,
        today=unknown,
        factors=unknown,
        adjustments=unknown,
        phases=tuple(p._replace(start_date=unknown, end_date=unknown, status=unknown) for p in timeline.phases),
        milestones=tuple(m._replace(date=unknown, status=unknown) for m in timeline.milestones),
        activities=tuple(a._replace(today=unknown) for a in timeline.activities),
    )


Record = Callable[[Timeline, KnowledgeBase, Slots], str]
"""A renderer written through `Slots`: (timeline, knowledge base, slots) -> the plan's text."""


def render_repeated(
    record: Record, cut: Cut, timeline: Timeline, kb: KnowledgeBase, subject: object | None = None
) -> bytes:
    """`record`'s plan of `timeline` as UTF-8, from the template of its shape (made the first time it is seen).

    Only for timelines as `build_timeline` makes them, whose shape is their
    knowledge base and personalised procedure: a batch's. The pieces are made
    from `subject` (the timeline itself unless given; a calendar's also needs
    the patient's id). A shape that cannot be a template is rendered whole.
    """
    key = (record, id(kb), id(timeline.procedure), timeline.procedure_id, current_language())
    kept = _templates.get(key)
    # The objects are kept with their template, so their ids cannot be reused while it is here.
    if kept is None or kept[0] is not kb or kept[1] is not timeline.procedure:
        template = _record(record, cut, timeline, kb)
        kept = (kb, timeline.procedure, template)
        _templates.put(key, kept, _size(template))
    subject = timeline if subject is None else subject
    template = kept[2]
    if template is None:
        return record(timeline, kb, Immediate(subject)).encode("utf-8")
    return fill(template, subject, timeline.surgery_date)


def _record(record: Record, cut: Cut, timeline: Timeline, kb: KnowledgeBase) -> Template | None:
    """The template of the timeline's shape; None when its text holds marks of its own, or the renderer leaks.

    A leak is a mistake in a renderer: the plan is still right, rendered whole (the tests check that every
    built-in plan makes a template).
    """
    slots = Recording()
    try:
        text = record(shape_of(timeline), kb, slots)
    except TemplateLeak:
        return None
    return cut(text, slots.makers)


def _size(template: Template | None) -> int:
    """About the memory a template takes: its text and the cost of each piece's place."""
    if template is None:
        return PIECE_SIZE
    return sum(map(len, template.parts)) + PIECE_SIZE * len(template.parts)


PIECE_SIZE = 150
"""Bytes a template spends on each piece's place besides its text (tuples, the maker's arguments)."""
TEMPLATE_BYTES_KEPT = 64_000_000
"""Templates kept, by their size: a batch's every shape in one language and JSON (~35 MB), or markdown in both."""
_templates: KeptValues[tuple[KnowledgeBase, Procedure, Template | None]] = KeptValues(TEMPLATE_BYTES_KEPT)
"""Templates by (renderer, knowledge base, procedure, procedure id, language); the least recently used go first."""
