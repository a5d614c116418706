"""The interactive check-in: each question on the terminal, plain typed answers, a wrong answer asked again.

Questions and problems go to stderr, so standard output holds only the outcome (and `--json` stays
a clean document). A wrong answer gets one line saying what is wrong, then the question again;
end of input (Ctrl-D) or Ctrl-C stops the check-in without saving anything.
"""

import sys
from typing import TYPE_CHECKING

from spinerecov.errors import SpinerecovError
from spinerecov.i18n import _
from spinerecov.output.safe_text import terminal_safe

if TYPE_CHECKING:
    from spinerecov.knowledge.check_in_models import Question
    from spinerecov.knowledge.check_in_values import AnswerValue


class CheckInStopped(SpinerecovError):
    """The person stopped the interactive check-in (end of input or Ctrl-C): nothing was saved."""


def is_interactive() -> bool:
    """Whether a person is at the terminal: standard input and standard error are both terminals."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def ask_all(questions: "list[Question]") -> "dict[str, AnswerValue]":
    """Ask each question in turn; an optional one may be left empty (Enter)."""
    say(_("Check-in: answer each question and press Enter."))
    answers: dict[str, AnswerValue] = {}
    for question in questions:
        value = ask(question)
        if value is not None:
            answers[question.id] = value
    return answers


def ask(question: "Question") -> "AnswerValue | None":
    """One question until it has a usable answer (None: an optional question left empty)."""
    from spinerecov.knowledge.check_in_values import read_answer
    from spinerecov.knowledge.values import ValueProblem

    say(question.text)
    for number, answer in enumerate(question.answers, start=1):
        say(f"  {number}) {answer.label} [{answer.value}]")
    while True:
        line = _read_line(_hint(question))
        if not line.strip():
            if question.optional:
                return None
            say(_("Please answer this question."))
            continue
        try:
            return read_answer(question, line)
        except ValueProblem as problem:
            say(str(problem))


def _hint(question: "Question") -> str:
    if question.kind == "yes-no":
        return _("yes or no") + "> "
    if question.kind == "choice":
        return _("number or word") + "> "
    if question.kind == "number" and question.unit == "points":
        return "0-10> "
    if question.kind == "minutes":
        return _("minutes") + "> "
    return "> "


def _read_line(prompt: str) -> str:
    sys.stderr.write(prompt)
    sys.stderr.flush()
    try:
        line = sys.stdin.readline()
    except KeyboardInterrupt:
        line = ""
    if not line:
        sys.stderr.write("\n")
        raise CheckInStopped(_("Check-in stopped before the last question; nothing was saved."))
    return line.rstrip("\r\n")


def say(text: str) -> None:
    """A line of the conversation, on stderr, safe for a terminal."""
    sys.stderr.write(terminal_safe(text) + "\n")
    sys.stderr.flush()
