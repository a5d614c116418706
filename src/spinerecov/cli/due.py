"""`spinerecov due`: for a clinic's patient list, the visits, questionnaires and milestones that fall in one week."""

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spinerecov.cli.app import app, out, reports_errors, say
from spinerecov.cli.batch_words import SHOWN_ERRORS, printable, with_lines
from spinerecov.cli.language import whole
from spinerecov.cli.options import JobsOption, JsonOption, KbOption, ProtocolOption
from spinerecov.cli.parsers import choice_among, parse_today
from spinerecov.cli.plan_inputs import given_protocol, load_kb
from spinerecov.errors import UsageError, clip_path
from spinerecov.i18n import _, current_language, ngettext

if TYPE_CHECKING:
    from collections.abc import Iterable

    from spinerecov.knowledge.models import KnowledgeBase
    from spinerecov.plan.due import DueWeek, Week
    from spinerecov.store.due_list import RowDue

DUE_FORMATS = ["text", "csv"]


@app.command()
@reports_errors
def due(
    patients: Annotated[Path, typer.Argument(metavar="PATIENTS.csv", help=_("The patient list (CSV with a header)."))],
    week_of: Annotated[
        dt.date,
        typer.Option(
            "--week-of",
            metavar="YYYY-MM-DD",
            parser=parse_today,
            help=_("Any day of the week to list; the week runs from its Monday to its Sunday."),
        ),
    ],
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            **choice_among(DUE_FORMATS),
            help=_("text (a table by day, the default) or csv (one row per patient and event)."),
        ),
    ] = DUE_FORMATS[0],
    json_output: JsonOption = False,
    jobs: JobsOption = None,
    protocol: ProtocolOption = None,
    kb: KbOption = None,
) -> None:
    """List who is due what in one week: visits, questionnaires and other dated milestones, day by day.

    Reads the same patient list as 'spinerecov batch' (a header with id,
    procedure and date, and optional factor columns) and, for every patient,
    finds the dated events of their personalised plan that fall in the week
    (Monday to Sunday) holding --week-of. Each event shows the range the
    sources give for it. A bad row is reported with its line number, as batch
    reports it; the other rows are still listed. Exit 1 if any row failed.

    \b
    Examples:
      spinerecov due patients.csv --week-of 2026-12-07
      spinerecov due patients.csv --week-of 2026-12-07 --format csv > due.csv
      spinerecov due patients.csv --week-of 2026-12-07 --protocol clinic.yaml --json
    """
    from spinerecov.store.batch_run import select_rows, usable_cores
    from spinerecov.store.list_lines import open_patient_list, raw_rows, read_header
    from spinerecov.store.patient_list import check_header

    if json_output and output_format != DUE_FORMATS[0]:
        raise UsageError(_("Choose one of --json and --format {format}, not both.").format(format=output_format))
    with open_patient_list(patients) as handle:
        columns = check_header(read_header(handle))
        knowledge = load_kb(kb, given_protocol(protocol))
        rows = select_rows(raw_rows(handle, len(columns), columns.index("id")))
        first = next(rows, None)
        if first is None:
            raise UsageError(
                _("The patient list {path} has a header but no patients.").format(path=clip_path(patients))
            )
        import itertools

        from spinerecov.plan.due import week_of_date
        from spinerecov.store.due_list import DueSettings, due_rows

        settings = DueSettings(week_of_date(week_of), tuple(columns), current_language())
        results = due_rows(itertools.chain([first], rows), knowledge, settings, jobs or usable_cores())
        week, notes = _gather(results, settings.week, knowledge)
    _show(week, output_format, json_output)
    for note, lines in notes.items():
        say(with_lines(note, lines))
    _failures(patients, week)


def _gather(results: "Iterable[RowDue]", week: "Week", kb: "KnowledgeBase") -> "tuple[DueWeek, dict[str, list[int]]]":
    """Every row's result into the week's events by day, the failed rows, and notes about procedure names."""
    from spinerecov.knowledge.lookup import batch_ambiguity_note
    from spinerecov.plan.due import DueEvent, DueWeek

    by_day: list[list[DueEvent]] = [[] for _day in range(7)]
    failed: list[tuple[int, str, str]] = []
    notes: dict[str, list[int]] = {}
    said: dict[str, str] = {}
    patients = patients_due = 0
    for result in results:
        patients += 1
        if result.problem is not None:
            failed.append((result.line, result.id, result.problem))
            continue
        if result.procedure not in said:
            said[result.procedure] = batch_ambiguity_note(kb, result.procedure) or ""
        if said[result.procedure]:
            notes.setdefault(said[result.procedure], []).append(result.line)
        if result.due:
            patients_due += 1
        for item in result.due:
            by_day[item.date.weekday()].append(DueEvent(result.id, result.line, item))
    return DueWeek(week, tuple(map(tuple, by_day)), patients, patients_due, tuple(failed)), notes


def _show(week: "DueWeek", output_format: str, json_output: bool) -> None:
    if json_output:
        from spinerecov.output.json.due import due_to_json

        out(due_to_json(week))
    elif output_format == "csv":
        from spinerecov.output.due_list import due_to_csv

        out(due_to_csv(week))
    else:
        from spinerecov.output.due_list import due_to_text

        out(due_to_text(week))


def _failures(patients: Path, week: "DueWeek") -> None:
    """The failed rows on stderr as batch tells them (the first SHOWN_ERRORS, then a count), and exit 1."""
    failed = len(week.failed)
    if not failed:
        return
    say(
        ngettext("{count} row failed and was skipped:", "{count} rows failed and were skipped:", failed).format(
            count=whole(failed)
        )
    )
    for line, ident, reason in week.failed[:SHOWN_ERRORS]:
        who = f" ({printable(ident)})" if ident else ""
        say(f"  {clip_path(patients)}:{line}{who}: {printable(reason)}")
    if failed > SHOWN_ERRORS:
        rest = failed - SHOWN_ERRORS
        more = ngettext(
            "  ... and {count} more (--json lists every row).", "  ... and {count} more (--json lists every row).", rest
        )
        say(more.format(count=whole(rest)))
    raise typer.Exit(1)
