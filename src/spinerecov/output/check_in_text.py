"""A check-in's outcome as plain, wrapped text: the tier first, then each raised flag with its cause and sources."""

from __future__ import annotations

import datetime as dt
import textwrap

from spinerecov.i18n import N_, _
from spinerecov.i18n.formats import decimal
from spinerecov.knowledge.models import KnowledgeBase, RedFlag
from spinerecov.output.wording import ACTION_WORDS, red_flag_pointer, source_titles
from spinerecov.plan.pain_course import PainComparison
from spinerecov.plan.triage import Triage

NONE_WORDS = N_(
    "No warning sign was in today's answers. Keep to your plan, and check in again, or call your surgeon,"
    " if anything changes."
)
"""The outcome when no answer raised a red flag: never "you are fine"."""


def outcome_text(result: Triage, kb: KnowledgeBase, width: int = 100) -> str:
    """The outcome: what to do now (the most urgent tier), then each raised flag, why and from which sources."""
    if not result.raised:
        return wrap([_(NONE_WORDS)], width) + "\n"
    lines = [f"{_(ACTION_WORDS[result.tier]).upper()}.", _("Warning signs in today's answers:")]
    for raised in result.raised:
        lines.append(f"  - {raised.flag.symptom}")
        if raised.flag.action != result.tier:
            lines.append("    " + _("For this one: {action}.").format(action=_(ACTION_WORDS[raised.flag.action])))
        lines.append("    " + _("Because: {answers}.").format(answers="; ".join(raised.because)))
        lines.append("    " + _("Sources: {titles}").format(titles=source_titles(raised.flag.sources, kb.sources)))
    return wrap(lines, width) + "\n"


def day_line(on: dt.date, day: int, week: int) -> str:
    """Which day the answers are for, counted from the surgery."""
    return _("Check-in for {date}: day {day}, week {week} after your surgery.").format(
        date=on.isoformat(), day=day, week=week
    )


def pain_lines(comparisons: list[PainComparison], kb: KnowledgeBase, question_names: dict[str, str]) -> list[str]:
    """Where each pain score stands beside a published average for this operation and time, with its source."""
    lines = []
    for c in comparisons:
        standing = {
            "above": _("above"),
            "below": _("below"),
            "same": _("the same as"),
        }[c.standing]
        text = _(
            "Your {pain}, {score} out of 10, is {standing} the average of {mean} out of 10 that {people} people"
            " reported {time_point} after this operation ({before} before surgery): {source}."
            " An average is not a target; people recover at different rates."
        )
        lines.append(
            text.format(
                pain=question_names.get(c.figure.question, c.figure.question),
                score=decimal(c.score),
                standing=standing,
                mean=decimal(c.figure.mean),
                people=c.figure.people,
                time_point=c.figure.time_point,
                before=decimal(c.figure.before_surgery) if c.figure.before_surgery is not None else "?",
                source=source_titles(c.figure.sources, kb.sources),
            )
        )
    return lines


def closing_lines(kb: KnowledgeBase, red_flags: tuple[RedFlag, ...], width: int = 100) -> str:
    """The red-flag pointer and the disclaimer every plan output ends with."""
    return wrap([red_flag_pointer(red_flags, kb.clinic), kb.disclaimer], width)


def wrap(lines: list[str], width: int) -> str:
    """Each line wrapped to `width`, continuing under its own indent (a list item under its text)."""
    wrapped = []
    for line in lines:
        indent = " " * (len(line) - len(line.lstrip(" ")))
        hanging = indent + ("  " if line.lstrip().startswith("- ") else "")
        wrapped.append(textwrap.fill(line, width=max(width, 40), subsequent_indent=hanging, break_on_hyphens=False))
    return "\n".join(wrapped) + "\n"
