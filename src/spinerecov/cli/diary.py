"""`spinerecov diary`, `diary export | remove | clear`: the check-ins and questionnaires you saved."""

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from spinerecov.cli.app import app, out, reports_errors, say, terminal_width, warn
from spinerecov.cli.diary_patient import DiaryPatient, own_entries
from spinerecov.cli.language import LangOption
from spinerecov.cli.options import (
    DiaryOption,
    JsonOption,
    KbOption,
    PatientIdOption,
    ProcedureOption,
    ProtocolOption,
    SurgeryDateOption,
    TodayOption,
)
from spinerecov.cli.parsers import choice_among, parse_today
from spinerecov.cli.record_options import PatientIdSystemOption
from spinerecov.cli.usage import SpeakingGroup
from spinerecov.errors import UsageError, clip_path
from spinerecov.i18n import _

if TYPE_CHECKING:
    from pathlib import Path

    from spinerecov.output.diary_entries import DiaryEntryOut

DIARY_FORMATS = ["csv", "json", "fhir"]

AllEntriesOption = Annotated[
    bool, typer.Option("--all", help=_("Every entry, whatever operation and surgery date it was saved for."))
]

diary_app = typer.Typer(
    cls=SpeakingGroup,
    invoke_without_command=True,
)
app.add_typer(diary_app, name="diary")

SinceOption = Annotated[
    Optional[dt.date],
    typer.Option(
        "--since",
        parser=parse_today,
        metavar="YYYY-MM-DD",
        help=_("Only the entries for this day or later."),
    ),
]


@diary_app.callback()
def diary(
    ctx: typer.Context,
    since: SinceOption = None,
    json_output: JsonOption = False,
    procedure: ProcedureOption = None,
    date: SurgeryDateOption = None,
    today: TodayOption = None,
    every_entry: AllEntriesOption = False,
    diary_file: DiaryOption = None,
    protocol: ProtocolOption = None,
    kb: KbOption = None,
    lang: LangOption = None,
) -> None:
    """Your diary: every check-in and questionnaire you saved, then your leg and back pain week by week.

    The table shows each entry's number, date, day and week after surgery,
    outcome, leg and back pain, pain medicine, walking, and note or score. Each
    entry keeps the operation and surgery date it was saved for: its day and
    week count from that surgery date. It shows your own operation's entries
    (--procedure and --date, else your profile's; --all shows every entry),
    as the diary stood on --today if given. The diary stays on this computer,
    readable by you only.

    \b
    Examples:
      spinerecov diary
      spinerecov diary --since 2024-06-01
      spinerecov diary --json
      spinerecov diary export --format csv --output diary.csv
    """
    from spinerecov.cli.app import _group_language

    if ctx.invoked_subcommand is not None:
        # The subcommand settles the language and reports its own errors; settling it here, before
        # the subcommand has read its own --lang, would speak its help page in the wrong language.
        if lang is not None:
            _group_language[0] = lang  # `diary --lang es export`: the subcommand speaks it too
        return
    patient = DiaryPatient(procedure, date, today, protocol, kb, every_entry)
    show_diary(since=since, json_output=json_output, diary_file=diary_file, patient=patient, lang=lang)


@reports_errors
def show_diary(
    since: dt.date | None, json_output: bool, diary_file: "Path | None", patient: DiaryPatient, lang: str | None
) -> None:
    """The diary (the patient's own operation's entries) as a table and a weekly trend, or as JSON."""
    entries = own_entries(read_diary(diary_file, since), patient)
    if json_output:
        from spinerecov.output.json.diary import diary_document
        from spinerecov.output.json.encoding import to_json

        out(to_json(diary_document(entries)))
        return
    from spinerecov.output.terminal.diary import render_diary

    out(render_diary(entries, terminal_width()))


def read_diary(diary_file: "Path | None", since: dt.date | None = None) -> "list[DiaryEntryOut]":
    """The diary's entries (from `since` on) as the outputs show them."""
    from spinerecov.output.diary_entries import entry_out
    from spinerecov.store.diary import diary_location, read_entries

    stored = read_entries(diary_location(diary_file), since=since)
    return [entry_out(e.entry_id, e.kind, e.on, e.procedure, e.surgery_date, e.saved_at, e.payload) for e in stored]


@diary_app.command("export")
@reports_errors
def export_diary(
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            **choice_among(DIARY_FORMATS),
            help=_("csv (a spreadsheet), json, or fhir (a health record: Observations and QuestionnaireResponses)."),
        ),
    ],
    output: Annotated[str, typer.Option("--output", "-o", metavar="FILE|-", help=_("Where to write; '-' prints it."))],
    force: Annotated[bool, typer.Option("--force", help=_("Replace the output file if it exists."))] = False,
    since: SinceOption = None,
    patient_id: PatientIdOption = None,
    patient_id_system: PatientIdSystemOption = None,
    diary_file: DiaryOption = None,
    protocol: ProtocolOption = None,
    kb: KbOption = None,
) -> None:
    """Save your diary as a file: CSV, JSON, or a FHIR bundle for a health record.

    The FHIR bundle holds your pain scores (LOINC 72514-3) and temperatures
    (LOINC 8310-5) as Observations, a QuestionnaireResponse per questionnaire
    and the Questionnaires (as the knowledge base, or --protocol, defines them),
    for the same Patient and CarePlan as
    'spinerecov export --format fhir' with the same --patient-id (and
    --patient-id-system). An existing
    file is never replaced without --force; the file is readable by you only.

    \b
    Examples:
      spinerecov diary export --format csv --output diary.csv
      spinerecov diary export --format json --output -
      spinerecov diary export --format fhir --patient-id MRN123 --output diary.fhir.json
    """
    from spinerecov.output.json.encoding import to_json
    from spinerecov.store.files import write_atomic

    entries = read_diary(diary_file, since)
    if output_format == "csv":
        from spinerecov.output.diary_csv import to_csv

        content = to_csv(entries)
    elif output_format == "json":
        from spinerecov.output.json.diary import diary_document

        content = to_json(diary_document(entries))
    else:
        from spinerecov.cli.plan_inputs import load_kb, resolve_inputs, resolve_patient_id
        from spinerecov.output.fhir.diary import diary_bundle

        # The questionnaires' definitions come from the knowledge base (and a clinic's protocol).
        sources = resolve_inputs(None, None, {}, protocol, takes=frozenset({"protocol"}))
        knowledge = load_kb(kb, sources.protocol)
        system = patient_id_system or (knowledge.clinic.identifier_system if knowledge.clinic else None)
        bundle = diary_bundle(entries, resolve_patient_id(patient_id), knowledge.questionnaires, system)
        content = to_json(bundle)
    if output == "-":
        out(content)
        return
    written = write_atomic(output, content, force=force, private=True, warn=warn)
    say(_("Saved your diary ({format}) to {path}").format(format=output_format, path=clip_path(written)))


@diary_app.command("remove")
@reports_errors
def remove(
    entry_id: Annotated[
        int, typer.Argument(metavar="ENTRY_ID", min=1, help=_("The entry's number (see 'spinerecov diary')."))
    ],
    diary_file: DiaryOption = None,
) -> None:
    """Remove one entry from your diary, by its number.

    \b
    Examples:
      spinerecov diary remove 12
    """
    from spinerecov.store.diary import diary_location, remove_entry

    path = diary_location(diary_file)
    if not remove_entry(path, entry_id):
        raise UsageError(
            _("There is no entry {entry} in your diary ({path}).").format(entry=entry_id, path=clip_path(path))
        )
    say(_("Removed entry {entry} from your diary ({path}).").format(entry=entry_id, path=clip_path(path)))


@diary_app.command("clear")
@reports_errors
def clear(
    yes: Annotated[bool, typer.Option("--yes", help=_("Yes, remove every entry (required)."))] = False,
    diary_file: DiaryOption = None,
) -> None:
    """Remove every entry from your diary (the file stays, with no entries). Needs --yes.

    \b
    Examples:
      spinerecov diary clear --yes
    """
    from spinerecov.store.diary import clear_entries, diary_location

    path = diary_location(diary_file)
    if not yes:
        raise UsageError(
            _("This removes every entry of your diary ({path}); say so with --yes. Nothing was removed.").format(
                path=clip_path(path)
            )
        )
    removed = clear_entries(path)
    say(_("Removed {count} entries from your diary ({path}).").format(count=removed, path=clip_path(path)))
