"""An answered questionnaire, and the list of questionnaires, on the terminal."""

import textwrap

from rich.console import Console
from rich.text import Text

from spinerecov.i18n import _
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.output.questionnaire_wording import answer_words, comparison_parts, scale_line
from spinerecov.output.terminal.console import wrapped
from spinerecov.output.wording import differ_line, fmt_date
from spinerecov.plan.questionnaire_result import QuestionnaireResult
from spinerecov.plan.questionnaire_schedule import DueTimepoint, timepoint_differ


def render_result(
    console: Console, result: QuestionnaireResult, kb: KnowledgeBase, entry_id: int | None, *, save_failed: bool = False
) -> None:
    """The answers, the score, the change since the baseline and the published thresholds, and where it was saved."""
    q = result.questionnaire
    text = Text()
    text.append(wrapped(console, [q.name]) + "\n", style="bold")
    if result.day >= 0:
        when = _("{date}: day {day}, week {week} after surgery.").format(
            date=fmt_date(result.on), day=result.day, week=result.week
        )
    else:
        when = _("{date}: before surgery.").format(date=fmt_date(result.on))
    text.append(wrapped(console, [when]) + "\n")
    for item in q.items:
        text.append(wrapped(console, [item.text], indent="    ", bullet="  - ") + "\n")
        answered = _("Your answer: {answer}").format(answer=answer_words(item, result.answers[item.id]))
        text.append(wrapped(console, [answered], indent="      ", bullet="    ") + "\n", style="bold")
    score = _("Score: {score} ({scale})").format(score=_number(result.score), scale=scale_line(q))
    text.append(wrapped(console, [score]) + "\n", style="bold")
    head, verdicts = comparison_parts(result, kb.sources)
    for line in head:
        text.append(wrapped(console, [line], indent="  ", bullet="  ") + "\n")
    for line in verdicts:
        text.append(wrapped(console, [line], indent="      ", bullet="    - ") + "\n")
    if entry_id is not None:
        text.append(_("Saved in your diary (entry {entry}).").format(entry=entry_id) + "\n", style="dim")
    elif save_failed:
        text.append(_("Not saved: the diary could not be written (see below).") + "\n", style="bold")
    else:
        text.append(_("Not saved (--no-save).") + "\n", style="dim")
    console.print(text, end="", soft_wrap=True)


def _number(value: float) -> str:
    from spinerecov.i18n.formats import decimal

    return decimal(value)


def render_list(console: Console, kb: KnowledgeBase, due: DueTimepoint | None) -> None:
    """Each questionnaire with its licence, then the time point due now (or that none is)."""
    text = Text()
    text.append(_("Outcome questionnaires") + "\n", style="bold")
    for ident, q in kb.questionnaires.items():
        text.append(wrapped(console, [f"{ident}: {q.name}. {q.description}"], indent="      ", bullet="  ") + "\n")
        licence = _("Licence: {licence}").format(licence=q.licence)
        text.append(wrapped(console, [licence], indent="      ", bullet="      ") + "\n", style="dim")
    text.append("\n")
    if due is None:
        text.append(wrapped(console, [_("No questionnaire is due today.")]) + "\n")
    else:
        line = _("Due now: {questionnaires} (until {date}): {names}.").format(
            questionnaires=due.point.name, date=fmt_date(due.closes), names=", ".join(due.point.questionnaires)
        )
        # Ids are typed as they are: never broken at their hyphens.
        width = max(console.width - 1, 40)
        text.append(textwrap.fill(line, width=width, break_on_hyphens=False) + "\n", style="bold")
        differ = timepoint_differ(due.point)
        if differ is not None:
            text.append(wrapped(console, [differ_line(differ, kb.sources)], indent="  ", bullet="  ") + "\n")
    text.append(wrapped(console, [_("Answer one with: spinerecov questionnaire NAME")]) + "\n")
    console.print(text, end="", soft_wrap=True)
