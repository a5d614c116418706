"""A check-in's answers: from the options (each read against its question in the knowledge base), or asked.

A clinic protocol may add questions (answered with --answer ID=VALUE) or change a question's
answers, so every value is read against the knowledge base in use, not against a fixed list.
"""

from typing import TYPE_CHECKING, NamedTuple

from spinerecov.errors import UsageError, clip, either, suggest
from spinerecov.i18n import _

if TYPE_CHECKING:
    from spinerecov.knowledge.check_in_models import Question
    from spinerecov.knowledge.check_in_values import AnswerValue
    from spinerecov.knowledge.models import KnowledgeBase
    from spinerecov.plan.timeline import Timeline


class Given(NamedTuple):
    """What the command line gave: texts by question id, yes/no flags by question id, and --answer ID=VALUE."""

    texts: dict[str, str | None]
    flags: dict[str, bool | None]
    answers: list[str]


def gather_answers(kb: "KnowledgeBase", built: "Timeline", given: Given, example: str) -> "dict[str, AnswerValue]":
    """The answers, by question id in the questions' order: read from the options, or asked on a terminal.

    Raises:
        UsageError: An unknown question, a question this plan does not ask, a value it does not accept,
            or no answers at all where nobody is at a terminal to ask.
    """
    from spinerecov.cli.check_in_prompt import ask_all, is_interactive
    from spinerecov.plan.triage import questions_for

    asked = questions_for(kb.check_in.questions, built.red_flags)
    raw = _raw_answers(given)
    if not raw:
        if not is_interactive():
            raise UsageError(
                _(
                    "No answers given, and no terminal to ask them on: give them as options, e.g. {example}"
                    " (see spinerecov check-in --help)."
                ).format(example=example)
            )
        return ask_all(asked)
    return _read_all(kb.check_in.questions, asked, raw, built.procedure_id)


def _raw_answers(given: Given) -> "dict[str, tuple[str, str | bool]]":
    """Question id -> (where it was given, the text or yes/no), refusing a question answered twice."""
    raw: dict[str, tuple[str, str | bool]] = {}
    for ident, text in given.texts.items():
        if text is not None:
            raw[ident] = (f"--{ident}", text)
    for ident, flag in given.flags.items():
        if flag is not None:
            raw[ident] = (f"--{ident}" if flag else f"--no-{ident}", flag)
    for item in given.answers:
        ident, sep, value = item.partition("=")
        ident = ident.strip().casefold()
        if not sep or not ident:
            raise UsageError(
                _("--answer takes ID=VALUE, e.g. --answer calf=no (not '{item}').").format(item=clip(item))
            )
        if ident in raw:
            raise UsageError(
                _("'{id}' is answered twice ({first} and --answer).").format(id=ident, first=raw[ident][0])
            )
        raw[ident] = ("--answer " + clip(ident, 60), value)
    return raw


def _read_all(
    questions: "list[Question]", asked: "list[Question]", raw: "dict[str, tuple[str, str | bool]]", procedure: str
) -> "dict[str, AnswerValue]":
    from spinerecov.knowledge.check_in_values import read_answer
    from spinerecov.knowledge.values import ValueProblem

    known = {q.id: q for q in questions}
    asked_ids = {q.id for q in asked}
    for ident, (where, _value) in raw.items():
        if ident not in known:
            close = suggest(ident, known)
            message = _("{where}: there is no check-in question '{id}'").format(where=where, id=clip(ident, 60))
            if close:
                message += " " + _("(did you mean {names}?)").format(names=either(repr(c) for c in close))
            raise UsageError(message + ".")
        if ident not in asked_ids:
            raise UsageError(
                _(
                    "{where}: '{id}' is not asked after this operation ({procedure}):"
                    " its warning signs are not in your plan."
                ).format(where=where, id=ident, procedure=procedure)
            )
    answers: dict[str, AnswerValue] = {}
    for question in asked:
        if question.id not in raw:
            continue
        where, value = raw[question.id]
        if isinstance(value, bool):
            if question.kind != "yes-no":
                raise UsageError(_("{where}: '{id}' is not a yes-or-no question.").format(where=where, id=question.id))
            answers[question.id] = value
            continue
        try:
            answers[question.id] = read_answer(question, value)
        except ValueProblem as problem:
            raise UsageError(_("{where}: {problem}").format(where=where, problem=problem.message)) from None
    return answers
