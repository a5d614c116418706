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
from collections.abc import Callable
from typing import Any, NamedTuple, cast

from spinerecov.i18n import current_language
from spinerecov.knowledge.models import KnowledgeBase, Procedure
from spinerecov.plan.timeline import Timeline

MARK = "\x00"
"""Around a piece's number in a recorded text. The knowledge base and every patient value refuse control characters."""

Maker = Callable[..., Any]
"""(subject, *args) -> a patient's piece of the plan; the subject is the timeline unless a format needs more."""


class Slots:
    """Where a renderer asks for the pieces of a plan that are the patient's own."""

    def piece(self, make: Maker, *args: Any) -> Any:
        """`make(timeline, *args)`, or a mark where it will go."""
        raise NotImplementedError

    def iso(self, day: int) -> str:
        """The date of day `day` after surgery, '2024-05-15'."""
        return cast(str, self.piece(iso_date, day))


def iso_date(timeline: Timeline, day: int) -> str:
    """'2024-05-15': the date of day `day` after the patient's surgery."""
    ordinal = timeline.surgery_date.toordinal() + day
    text = _iso_dates.get(ordinal)
    if text is None:
        if len(_iso_dates) >= ISO_DATES_KEPT:
            _iso_dates.clear()
        text = _iso_dates[ordinal] = dt.date.fromordinal(ordinal).isoformat()
    return text


_iso_dates: dict[int, str] = {}
"""Dates already written, by ordinal: a batch writes the same few hundred dates again and again."""
ISO_DATES_KEPT = 100_000


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
    """A plan's text between its pieces (one more than the pieces), and how to make each piece."""

    texts: tuple[str, ...]
    makers: tuple[tuple[Maker, tuple[Any, ...]], ...]


def fill(template: Template, subject: object) -> str:
    """The template's text with each of the patient's pieces, made from `subject`, in its place."""
    texts = template.texts
    parts = [texts[0]]
    for (make, args), text in zip(template.makers, texts[1:], strict=True):
        parts.append(make(subject, *args))
        parts.append(text)
    return "".join(parts)


Makers = list[tuple[Maker, tuple[Any, ...]]]
Cut = Callable[[str, Makers], "Template | None"]
"""(recorded text, its makers) -> the template, or None when the text cannot be one."""
TEXT_MARKS = re.compile(f"{MARK}(\\d+){MARK}")


def cut_text(text: str, makers: Makers) -> Template | None:
    """A recorded plain text (markdown) cut at its marks (see `split_marks`)."""
    return split_marks(text, makers, TEXT_MARKS)


def split_marks(text: str, makers: Makers, marks: re.Pattern[str]) -> Template | None:
    """The recorded `text` cut at its marks; None unless it holds each piece's mark once, and no other mark.

    `marks` finds a mark as the format writes it, its number in group 1. The
    marks may come in any order (a calendar sorts its properties by name).
    """
    cuts = marks.split(text)
    texts, numbers = cuts[0::2], [int(n) for n in cuts[1::2]]
    if sorted(numbers) != list(range(len(makers))) or any(MARK in part for part in texts):
        return None
    return Template(tuple(texts), tuple(makers[n] for n in numbers))


class _Unknown:
    """Stands for a patient's value while a template is recorded: any use of it is a renderer's mistake."""

    def __getattr__(self, name: str) -> Any:
        raise TemplateLeak(name)

    def __bool__(self) -> bool:
        raise TemplateLeak("truth")

    def __iter__(self) -> Any:
        raise TemplateLeak("items")


class TemplateLeak(LookupError):
    """A renderer read a patient's value directly instead of asking `Slots` for it."""


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
) -> str:
    """`record`'s plan of `timeline`, from the template of its shape (made the first time the shape is seen).

    Only for timelines as `build_timeline` makes them, whose shape is their
    knowledge base and personalised procedure: a batch's. The pieces are made
    from `subject` (the timeline itself unless given; a calendar's also needs
    the patient's id).
    """
    key = (record, id(kb), id(timeline.procedure), timeline.procedure_id, current_language())
    kept = _templates.get(key)
    # The objects are kept with their template, so their ids cannot be reused while it is here.
    if kept is None or kept[0] is not kb or kept[1] is not timeline.procedure:
        kept = (kb, timeline.procedure, _record(record, cut, timeline, kb))
        _keep(key, kept)
    template = kept[2]
    if template is None:
        return record(timeline, kb, Immediate(timeline if subject is None else subject))
    return fill(template, timeline if subject is None else subject)


def _record(record: Record, cut: Cut, timeline: Timeline, kb: KnowledgeBase) -> Template | None:
    slots = Recording()
    return cut(record(shape_of(timeline), kb, slots), slots.makers)


_templates: dict[tuple[object, ...], tuple[KnowledgeBase, Procedure, Template | None]] = {}
"""Templates by (renderer, knowledge base, procedure, procedure id, language)."""
_kept_characters = 0
TEMPLATE_CHARACTERS_KEPT = 40_000_000
"""Kept text at most (40-80 MB; a JSON plan is ~94,000 characters, a markdown one ~23,000), then all are made again."""


def _keep(key: tuple[object, ...], kept: tuple[KnowledgeBase, Procedure, Template | None]) -> None:
    global _kept_characters
    size = sum(map(len, kept[2].texts)) if kept[2] is not None else 0
    if _kept_characters + size > TEMPLATE_CHARACTERS_KEPT:
        _templates.clear()
        _kept_characters = 0
    _templates[key] = kept
    _kept_characters += size
