"""`spinerecov check-in`: today's answers, what to do now (first), then saved in the diary."""

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from spinerecov.cli.app import app, out, reports_errors, terminal_width
from spinerecov.cli.option_groups import PatientValues, with_patient
from spinerecov.cli.options import DiaryOption, JsonOption
from spinerecov.cli.parsers import parse_date
from spinerecov.i18n import _

if TYPE_CHECKING:
    from pathlib import Path

    from spinerecov.knowledge.check_in_values import AnswerValue
    from spinerecov.knowledge.models import KnowledgeBase
    from spinerecov.plan.timeline import Timeline
    from spinerecov.plan.triage import Triage

EXAMPLE = "spinerecov check-in --procedure endoscopic --date 2024-05-01 --leg-pain 3 --temperature 37.2 --wound ok"


@app.command("check-in")
@reports_errors
@with_patient
def check_in(
    leg_pain: Annotated[
        Optional[str], typer.Option("--leg-pain", metavar="0-10", help=_("Leg pain now, 0 (none) to 10 (worst)."))
    ] = None,
    back_pain: Annotated[
        Optional[str], typer.Option("--back-pain", metavar="0-10", help=_("Back pain now, 0 (none) to 10 (worst)."))
    ] = None,
    temperature: Annotated[
        Optional[str],
        typer.Option(
            "--temperature", metavar="TEMP", help=_("Your temperature in °C, e.g. 38.2 (or in °F with an F: 100.4F).")
        ),
    ] = None,
    wound: Annotated[
        Optional[str],
        typer.Option("--wound", metavar="ok|red|oozing|bleeding|open", help=_("How your wound looks.")),
    ] = None,
    saddle_numbness: Annotated[
        Optional[bool],
        typer.Option(
            "--saddle-numbness/--no-saddle-numbness",
            help=_("Numbness between your inner thighs, genitals or buttocks (the 'saddle' area), or not."),
        ),
    ] = None,
    bladder_bowel: Annotated[
        Optional[str],
        typer.Option("--bladder-bowel", metavar="ok|changed", help=_("Passing urine and bowel control.")),
    ] = None,
    leg_weakness: Annotated[
        Optional[str],
        typer.Option("--leg-weakness", metavar="none|new|worse", help=_("Weakness in a leg, difficulty walking.")),
    ] = None,
    pain_medicine: Annotated[
        Optional[str],
        typer.Option("--pain-medicine", metavar="none|simple|strong", help=_("The pain medicine you take now.")),
    ] = None,
    walked: Annotated[
        Optional[str], typer.Option("--walked", metavar="MINUTES", help=_("Minutes you walked today, in all."))
    ] = None,
    note: Annotated[Optional[str], typer.Option("--note", metavar="TEXT", help=_("A note for yourself."))] = None,
    answer: Annotated[
        Optional[list[str]],
        typer.Option(
            "--answer",
            metavar="ID=VALUE",
            help=_("An answer to any other question, by its id (e.g. calf=no); repeat for more."),
        ),
    ] = None,
    on: Annotated[
        Optional[dt.date],
        typer.Option(
            "--on",
            parser=parse_date,
            metavar="YYYY-MM-DD",
            help=_("The day the answers are for. Default: today (or --today)."),
        ),
    ] = None,
    no_save: Annotated[bool, typer.Option("--no-save", help=_("Do not save the answers in your diary."))] = False,
    diary: DiaryOption = None,
    json_output: JsonOption = False,
    patient: PatientValues = None,
) -> None:
    """How are you today? Answer the check-in and hear what to do now.

    The outcome comes first: go to the emergency department, call your surgeon now, call your
    surgeon's office within 24 hours, or (no warning sign in the answers) keep to your plan.

    On a terminal with no answers given, it asks each question (type the answer and press
    Enter). Otherwise give the answers as options; with neither, it stops with a usage error
    rather than wait. The outcome is shown first; then the answers are saved in your diary.

    \b
    Examples:
      spinerecov check-in
      spinerecov check-in --leg-pain 3 --back-pain 2 --temperature 37.2 --wound ok --no-saddle-numbness
      spinerecov check-in --temperature 100.4F --wound oozing --answer calf=no
      spinerecov check-in -p endoscopic -d 2024-05-01 --on 2024-06-10 --leg-pain 2 --no-save --json
    """
    assert patient is not None  # noqa: S101 - with_patient always passes it
    from spinerecov.cli.check_in_answers import Given, gather_answers
    from spinerecov.cli.plan_inputs import patient_plan

    knowledge, built = patient_plan(patient, EXAMPLE)
    asked_on = _answer_day(on, built.today, built.surgery_date)
    given = Given(
        {
            "leg-pain": leg_pain,
            "back-pain": back_pain,
            "temperature": temperature,
            "wound": wound,
            "bladder-bowel": bladder_bowel,
            "leg-weakness": leg_weakness,
            "pain-medicine": pain_medicine,
            "walked": walked,
            "note": note,
        },
        {"saddle-numbness": saddle_numbness},
        answer or [],
    )
    answers = gather_answers(knowledge, built, given, EXAMPLE)
    _finish(knowledge, built, asked_on, answers, diary=None if no_save else _diary_path(diary), json_output=json_output)


def _diary_path(diary: "Path | None") -> "Path":
    from spinerecov.store.diary import diary_location

    return diary_location(diary)


def _answer_day(on: dt.date | None, today: dt.date, surgery: dt.date) -> dt.date:
    """The day the answers are for: --on, else today; on or after the surgery day and not after today."""
    from spinerecov.errors import UsageError
    from spinerecov.knowledge.values import DAY

    asked = on or today
    if asked < surgery:
        raise UsageError(
            _("The check-in day ({asked}) is before your surgery date ({surgery}).").format(
                asked=asked.isoformat(), surgery=surgery.isoformat()
            )
        )
    if asked > today:
        raise UsageError(
            _("--on ({asked}) is after today ({today}): a check-in records a day that has come.").format(
                asked=asked.isoformat(), today=today.isoformat()
            )
        )
    if (asked - surgery).days > DAY.high:
        raise UsageError(
            _("The check-in day ({asked}) is more than {days} days after your surgery.").format(
                asked=asked.isoformat(), days=int(DAY.high)
            )
        )
    return asked


def _finish(
    kb: "KnowledgeBase",
    built: "Timeline",
    on: dt.date,
    answers: "dict[str, AnswerValue]",
    *,
    diary: "Path | None",
    json_output: bool,
) -> None:
    """Triage, then the outcome first, then saving (whose failure comes after the outcome, exit 1)."""
    from spinerecov.cli.check_in_save import save_check_in
    from spinerecov.plan.days import week_of
    from spinerecov.plan.triage import triage

    day = (on - built.surgery_date).days
    week = week_of(day)
    result = triage(kb.check_in.questions, answers, built.red_flags)
    if json_output:
        _json_outcome(on, day, week, result, answers, built, diary)
        return
    out(_outcome(kb, built, on, day, week, result, answers))
    if diary is None:
        out(_("Not saved in your diary (--no-save).") + "\n")
        return
    entry_id, path = save_check_in(built, on, day, week, result, answers, diary)
    out(_("Saved in your diary as entry {entry} ({path}).").format(entry=entry_id, path=path) + "\n")


def _outcome(
    kb: "KnowledgeBase",
    built: "Timeline",
    on: dt.date,
    day: int,
    week: int,
    result: "Triage",
    answers: "dict[str, AnswerValue]",
) -> str:
    from spinerecov.output.check_in_text import closing_lines, day_line, outcome_text, pain_lines, wrap
    from spinerecov.plan.pain_course import compare_pain

    width = terminal_width()
    names = {q.id: q.short for q in kb.check_in.questions}
    compared = compare_pain(kb.check_in.typical_pain, built.procedure_id, day, answers)
    middle = [day_line(on, day, week), *pain_lines(compared, kb, names)]
    return outcome_text(result, kb, width) + wrap(middle, width) + closing_lines(kb, built.red_flags, width)


def _json_outcome(
    on: dt.date,
    day: int,
    week: int,
    result: "Triage",
    answers: "dict[str, AnswerValue]",
    built: "Timeline",
    diary: "Path | None",
) -> None:
    """The document, with the diary entry's id; when saving fails, the document (id null) first, then the error."""
    from spinerecov.cli.check_in_save import NotSaved, save_check_in
    from spinerecov.output.json.check_in import check_in_document
    from spinerecov.output.json.encoding import to_json

    entry_id: int | None = None
    failure: NotSaved | None = None
    if diary is not None:
        try:
            entry_id, _path = save_check_in(built, on, day, week, result, answers, diary)
        except NotSaved as exc:
            failure = exc
    out(to_json(check_in_document(on, day, week, result, answers, entry_id)))
    if failure is not None:
        raise failure
