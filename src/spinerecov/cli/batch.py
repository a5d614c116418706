"""`spinerecov batch`: one plan per patient from a clinic's CSV list."""

import contextlib
import datetime as dt
import functools
import itertools
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spinerecov.cli.app import app, reports_errors, say
from spinerecov.cli.batch_progress import progress, rows_to_count
from spinerecov.cli.batch_words import SHOWN_ERRORS, SHOWN_ROWS, interrupted, printable, rewrote, with_lines
from spinerecov.cli.language import whole
from spinerecov.cli.options import (
    BATCH_FORMAT_NAMES,
    JobsOption,
    KbOption,
    ProtocolOption,
    TodayOption,
    batch_format_help,
)
from spinerecov.cli.parsers import choice_among, parse_part
from spinerecov.cli.plan_inputs import given_protocol, load_kb
from spinerecov.cli.record_options import FhirBundleOption, PatientIdSystemOption, bundle_type
from spinerecov.errors import UsageError, clip_path
from spinerecov.i18n import _, current_language, ngettext
from spinerecov.knowledge.values import part_of

if TYPE_CHECKING:
    from spinerecov.store.batch_row import BatchSettings, Outcome


@app.command()
@reports_errors
def batch(
    patients: Annotated[Path, typer.Argument(metavar="PATIENTS.csv", help=_("The patient list (CSV with a header)."))],
    out_dir: Annotated[
        Path, typer.Option("--out-dir", "-o", metavar="DIR", help=_("Where to write one plan per patient."))
    ],
    output_format: Annotated[
        str,
        typer.Option("--format", "-f", **choice_among(BATCH_FORMAT_NAMES), help=batch_format_help()),
    ] = BATCH_FORMAT_NAMES[0],
    force: Annotated[
        bool,
        typer.Option("--force", help=_("Rewrite every plan, also those unchanged and files the batch did not write.")),
    ] = False,
    jobs: JobsOption = None,
    part: Annotated[
        str | None,
        typer.Option(
            "--part",
            metavar="K/N",
            parser=parse_part,
            help=_("Do only share K of N of the list (for N machines or jobs; N up to 100000)."),
        ),
    ] = None,
    shard: Annotated[
        bool, typer.Option("--shard", help=_("Write into 256 subfolders (DIR/3f/ID.md) for very long lists."))
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option("--report", metavar="FILE", help=_("Write every row's outcome to FILE (.csv or .json).")),
    ] = None,
    today: TodayOption = None,
    protocol: ProtocolOption = None,
    patient_id_system: PatientIdSystemOption = None,
    fhir_bundle: FhirBundleOption = None,
    kb: KbOption = None,
) -> None:
    """Write a plan for every patient in a CSV list (a clinic's list for next week, say).

    The CSV needs a header with id, procedure and date (YYYY-MM-DD), and may add
    factor columns named like the options: age, smoker, diabetes, bmi, job,
    nerve-damage, health (yes/no for the flags), and a lang column (es or en: that
    patient's plan language; empty means --lang's). Each plan is written to
    DIR/ID.md (or .json, .ics, .fhir.json), readable by you only. A bad row is reported with
    its line number and skipped; the others are still written. A plan this batch
    already wrote into DIR is kept when its inputs are the same (the row, the
    knowledge base, the protocol, the language, --today, spinerecov) and
    rewritten when they changed, so a corrected list or a batch that was stopped
    can simply be run again. A file in DIR that the batch did not write is never
    replaced without --force. Exit 1 if any row failed.

    \b
    Example patients.csv:
      id,procedure,date,age,smoker,job
      p001,endoscopic,2026-12-01,54,no,desk
      p002,tlif,2026-12-02,71,yes,manual
    \b
    Examples:
      spinerecov batch patients.csv --out-dir plans
      spinerecov batch patients.csv --out-dir plans --format ics --protocol clinic.yaml
      spinerecov batch patients.csv --out-dir plans --part 2/4 --report part2.csv
    """
    from spinerecov.cli.calendar_revisions import render_batch_plan
    from spinerecov.knowledge.loader import resolve_kb_path
    from spinerecov.output.plan_formats import plan_format
    from spinerecov.store.batch_report import report_format
    from spinerecov.store.batch_row import BatchSettings
    from spinerecov.store.batch_run import select_rows, usable_cores, write_plans
    from spinerecov.store.list_lines import open_patient_list, raw_rows, read_header
    from spinerecov.store.patient_list import check_header
    from spinerecov.store.plan_record import RECORD_FOLDER

    share, shares = part_of(part) if part is not None else (1, 1)
    if report is not None:
        report_format(report)
    if not str(out_dir).strip():
        raise UsageError(_("--out-dir needs a folder name, e.g. --out-dir plans."))
    bundle = bundle_type(fhir_bundle, output_format)
    with open_patient_list(patients) as handle:
        columns = check_header(read_header(handle), clip_path(patients))
        protocol = given_protocol(protocol)
        knowledge = load_kb(kb, protocol)
        rows = select_rows(raw_rows(handle, len(columns), columns.index("id")), share, shares)
        first = next(rows, None)
        if first is None and shares == 1:
            raise UsageError(
                _("The patient list {path} has a header but no patients.").format(path=clip_path(patients))
            )
        settings = BatchSettings(
            out_dir=out_dir,
            plan_format=output_format,
            extension=plan_format(output_format).extensions[0],
            force=force,
            today=today or dt.date.today(),
            shard=shard,
            columns=tuple(columns),
            part=share,
            parts=shares,
            language=current_language(),
            sources=(resolve_kb_path(kb), Path(protocol) if protocol else None),
            records=(str(patient_id_system), bundle),
        )
        every_row = itertools.chain([first] if first else [], rows)
        terminal = _Terminal(patients, report, rows_to_count(lambda: _rows_of(patients, columns, share, shares)))
        try:
            with terminal:
                workers = jobs or usable_cores()
                render = functools.partial(
                    render_batch_plan,
                    records=out_dir / RECORD_FOLDER / "calendars",
                    id_system=patient_id_system,
                    fhir_bundle=bundle,
                )
                counts = write_plans(every_row, knowledge, settings, render, workers, terminal.add, terminal.warn)
        except KeyboardInterrupt:
            interrupted(settings, terminal.written)
    for problem in terminal.warnings:
        say(problem)
    for note, lines in terminal.notes.items():
        say(with_lines(note, lines))
    _summarise(patients, settings, counts, terminal, report)


def _rows_of(patients: Path, columns: list[str], share: int, shares: int) -> "Iterator[object]":
    """This part's rows of the list, read again from the start (to count them for the progress bar)."""
    from spinerecov.store.batch_run import select_rows
    from spinerecov.store.list_lines import open_patient_list, raw_rows, read_header

    with open_patient_list(patients) as handle:
        read_header(handle)
        yield from select_rows(raw_rows(handle, len(columns), columns.index("id")), share, shares)


class _Terminal:
    """Where outcomes go as they come: the report file, a progress bar, and the first SHOWN_ERRORS errors."""

    def __init__(self, patients: Path, report: Path | None, total: int | None = None) -> None:
        self.patients = patients
        self.total = total
        self.report_path = report
        self.errors: list[Outcome] = []
        self.notes: dict[str, list[int]] = {}
        self.rewritten: list[str] = []
        self.warnings: list[str] = []
        self.written = 0
        self.stack = contextlib.ExitStack()

    def __enter__(self) -> "_Terminal":
        from spinerecov.store.batch_report import BatchReport

        self.report = self.stack.enter_context(BatchReport(self.report_path)) if self.report_path else None
        self.advance = self.stack.enter_context(progress(self.total))
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stack.__exit__(*exc_info)  # type: ignore[arg-type]

    def add(self, outcome: "Outcome") -> None:
        if self.report is not None:
            self.report.add(outcome)
        if outcome.outcome == "failed" and len(self.errors) < SHOWN_ERRORS:
            self.errors.append(outcome)
        if outcome.outcome in ("written", "rewritten"):
            self.written += 1
        for note in (outcome.note, outcome.language_note):
            if note:
                self.notes.setdefault(note, []).append(outcome.line)
        if outcome.outcome == "rewritten" and len(self.rewritten) < SHOWN_ROWS:
            self.rewritten.append(outcome.id)
        self.advance()

    def warn(self, message: str) -> None:
        """A problem to tell once the progress count is gone (a batch record that cannot be used)."""
        self.warnings.append(message)


def _summarise(
    patients: Path, settings: "BatchSettings", counts: "Counter[str]", terminal: _Terminal, report: Path | None
) -> None:
    written, unchanged, rewritten = counts["written"], counts["unchanged"], counts["rewritten"]
    failed, errors = counts["failed"], terminal.errors
    wrote = ngettext(
        "Wrote {count} plan ({format}) to {folder}.", "Wrote {count} plans ({format}) to {folder}.", written
    )
    say(wrote.format(count=whole(written), format=settings.plan_format, folder=clip_path(settings.out_dir)))
    if rewritten:
        say(rewrote(rewritten, terminal.rewritten, settings.force))
    if unchanged:
        say(
            ngettext(
                "Kept {count} plan already written from the same inputs.",
                "Kept {count} plans already written from the same inputs.",
                unchanged,
            ).format(count=whole(unchanged))
        )
    if report is not None:
        say(_("Every row's outcome is in {report}.").format(report=clip_path(report)))
    if not failed:
        return
    say(
        ngettext("{count} row failed and was skipped:", "{count} rows failed and were skipped:", failed).format(
            count=whole(failed)
        )
    )
    for failure in errors:
        who = f" ({printable(failure.id)})" if failure.id else ""
        say(f"  {clip_path(patients)}:{failure.line}{who}: {printable(failure.reason)}")
    if failed > len(errors):
        rest = failed - len(errors)
        if report:
            more = ngettext("  ... and {count} more (see {report}).", "  ... and {count} more (see {report}).", rest)
        else:
            more = ngettext(
                "  ... and {count} more; --report FILE lists every row.",
                "  ... and {count} more; --report FILE lists every row.",
                rest,
            )
        say(more.format(count=whole(rest), report=clip_path(report)))
    raise typer.Exit(1)
