"""`spinerecov questionnaire [NAME]`: answer an outcome questionnaire, see its score against your baseline."""

import datetime as dt
import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from spinerecov.cli.app import app, console, out, reports_errors, say
from spinerecov.cli.option_groups import PatientValues, with_patient
from spinerecov.cli.options import DiaryOption, JsonOption
from spinerecov.cli.plan_inputs import patient_plan
from spinerecov.errors import SpinerecovError, UsageError, clip
from spinerecov.i18n import _

if TYPE_CHECKING:
    from pathlib import Path

    from spinerecov.knowledge.models import KnowledgeBase
    from spinerecov.knowledge.questionnaire_models import Questionnaire, QuestionnaireItem
    from spinerecov.plan.questionnaire_result import PastScore, QuestionnaireResult
    from spinerecov.plan.scoring import Answer
    from spinerecov.plan.timeline import Timeline

EXAMPLE = "spinerecov questionnaire back-pain --answer back-pain=4 --procedure endoscopic --date 2024-05-01"


@app.command()
@reports_errors
@with_patient
def questionnaire(
    name: Annotated[
        Optional[str], typer.Argument(metavar="NAME", help=_("The questionnaire to answer (without it: the list)."))
    ] = None,  # noqa: UP045
    answer: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--answer", metavar="ID=VALUE", help=_("An answer: the item's id and your answer (repeatable).")),
    ] = None,
    on: Annotated[
        Optional[dt.datetime],  # noqa: UP045
        typer.Option(
            "--on", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help=_("The day the answers are for (default: today).")
        ),
    ] = None,
    no_save: Annotated[
        bool, typer.Option("--no-save", help=_("Score the answers without saving them in the diary."))
    ] = False,
    json_output: JsonOption = False,
    diary: DiaryOption = None,
    patient: PatientValues = None,
) -> None:
    """Answer an outcome questionnaire: its score against your answer before surgery and the change people notice.

    Without NAME: the questionnaires, and which are due now on the registry schedule. On a terminal each
    question is asked in turn (type the number or the answer's id); in scripts give every answer with --answer.

    \b
    Examples:
      spinerecov questionnaire
      spinerecov questionnaire leg-pain
      spinerecov questionnaire leg-pain --answer leg-pain=3 --on 2024-08-01
      spinerecov questionnaire global-change --answer change=much-better --json
    """
    assert patient is not None  # noqa: S101 - with_patient always passes it
    from spinerecov.plan.questionnaire_schedule import due_on

    knowledge, built = patient_plan(patient, EXAMPLE)
    if name is None:
        if answer:
            raise UsageError(_("--answer needs the questionnaire: spinerecov questionnaire NAME --answer ID=VALUE"))
        due = due_on(knowledge, built.procedure, built.surgery_date, built.today)
        if json_output:
            from spinerecov.output.json.encoding import to_json
            from spinerecov.output.json.questionnaire import list_to_dict

            out(to_json(list_to_dict(knowledge, due)))
            return
        from spinerecov.output.terminal.questionnaire import render_list

        render_list(console(), knowledge, due)
        return
    chosen = _questionnaire(knowledge, name)
    day = on.date() if on is not None else built.today
    if day > built.today:
        raise UsageError(_("--on {date} is after today: answer for today or an earlier day").format(date=day))
    from spinerecov.cli.questionnaire_diary import past_scores

    past = past_scores(diary, built, chosen)  # a diary that cannot be read says so before any question
    answers = _answers(knowledge.questionnaires[chosen], answer or [])
    _run(knowledge, built, chosen, answers, day, past, diary=diary, save=not no_save, json_output=json_output)


def _run(
    kb: "KnowledgeBase",
    t: "Timeline",
    chosen: str,
    answers: "dict[str, Answer]",
    day: dt.date,
    past: "list[PastScore]",
    *,
    diary: "Path | None",
    save: bool,
    json_output: bool,
) -> None:
    from spinerecov.cli.questionnaire_diary import save_result
    from spinerecov.plan.questionnaire_result import build_result

    result = build_result(kb, t, chosen, answers, day, past)
    try:
        entry_id = save_result(diary, t, result) if save else None
    except SpinerecovError:
        # The answers were given: show their score, then why they could not be kept (exit 1).
        _show(kb, result, None, json_output, save_failed=True)
        raise
    _show(kb, result, entry_id, json_output, save_failed=False)


def _show(
    kb: "KnowledgeBase", result: "QuestionnaireResult", entry_id: int | None, json_output: bool, *, save_failed: bool
) -> None:
    if json_output:
        from spinerecov.output.json.encoding import to_json
        from spinerecov.output.json.questionnaire import result_to_dict

        out(to_json(result_to_dict(result, kb, entry_id)))
        return
    from spinerecov.output.terminal.questionnaire import render_result

    render_result(console(), result, kb, entry_id, save_failed=save_failed)


def _questionnaire(kb: "KnowledgeBase", name: str) -> str:
    if name in kb.questionnaires:
        return name
    from spinerecov.errors import UnknownNameError

    raise UnknownNameError("questionnaire", name, {ident: ident for ident in kb.questionnaires}, "questionnaire")


def _answers(q: "Questionnaire", given: list[str]) -> "dict[str, Answer]":
    """The --answer values checked item by item; on a terminal, each missing answer is asked for."""
    from spinerecov.plan.scoring import parse_answer

    items = {item.id: item for item in q.items}
    answers: dict[str, Answer] = {}
    for pair in given:
        ident, sep, value = pair.partition("=")
        if not sep or ident.strip() not in items:
            choices = ", ".join(items)
            raise UsageError(_("--answer {answer}: use ID=VALUE with an item of this questionnaire ({items})").format(
                answer=clip(pair), items=choices
            ))  # fmt: skip
        answers[ident.strip()] = parse_answer(items[ident.strip()], value)
    missing = [item for item in q.items if item.id not in answers]
    if missing and not sys.stdin.isatty():
        raise UsageError(_("no answer for '{item}': give --answer {item}=VALUE").format(item=missing[0].id))
    for item in missing:
        answers[item.id] = _ask(item)
    return answers


def _ask(item: "QuestionnaireItem") -> "Answer":
    """Ask one item on the terminal until the answer is one it accepts."""
    from spinerecov.output.safe_text import terminal_safe
    from spinerecov.plan.scoring import parse_answer

    lines = [item.text]
    if item.answers is not None:
        lines += [f"  {number}. {a.text} ({a.id})" for number, a in enumerate(item.answers, start=1)]
    else:
        lines.append("  " + _("({low} to {high})").format(low=item.min, high=item.max))
    sys.stdout.write(terminal_safe("\n".join(lines)) + "\n")
    while True:
        sys.stdout.write("> ")
        sys.stdout.flush()
        typed = sys.stdin.readline()
        if not typed:
            raise UsageError(_("no answer for '{item}': give --answer {item}=VALUE").format(item=item.id))
        try:
            return parse_answer(item, typed)
        except UsageError as problem:
            say(str(problem))
