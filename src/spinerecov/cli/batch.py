"""`spinerecov batch`: one plan per patient from a clinic's CSV list."""

import contextlib
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spinerecov.cli.app import app, given_protocol, load_kb, reports_errors
from spinerecov.cli.options import PLAN_EXTENSIONS, KbOption, PlanFormat, ProtocolOption, TodayOption
from spinerecov.errors import OutputFileError, UsageError

if TYPE_CHECKING:
    from spinerecov.knowledge.models import KnowledgeBase
    from spinerecov.store.patient_list import PatientRow, RowError


@app.command()
@reports_errors
def batch(
    patients: Annotated[Path, typer.Argument(metavar="PATIENTS.csv", help="The patient list (CSV with a header).")],
    out_dir: Annotated[
        Path, typer.Option("--out-dir", "-o", metavar="DIR", help="Where to write one plan per patient.")
    ],
    output_format: Annotated[
        PlanFormat, typer.Option("--format", "-f", case_sensitive=False, help="markdown (default), json, ics or html.")
    ] = PlanFormat.markdown,
    force: Annotated[bool, typer.Option("--force", help="Replace plans that already exist in DIR.")] = False,
    today: TodayOption = None,
    protocol: ProtocolOption = None,
    kb: KbOption = None,
) -> None:
    """Write a plan for every patient in a CSV list (a clinic's list for next week, say).

    The CSV needs a header with id, procedure and date (YYYY-MM-DD), and may add
    factor columns named like the options: age, smoker, diabetes, bmi, job,
    nerve-damage, health (yes/no for the flags). Each plan is written to
    DIR/ID.md (or .json, .ics), readable by you only. A bad row is reported with
    its line number and skipped; the others are still written. Exit 1 if any row
    failed.

    \b
    Example patients.csv:
      id,procedure,date,age,smoker,job
      p001,endoscopic,2026-12-01,54,no,desk
      p002,tlif,2026-12-02,71,yes,manual
    \b
    Examples:
      spinerecov batch patients.csv --out-dir plans
      spinerecov batch patients.csv --out-dir plans --format ics --protocol clinic.yaml
    """
    from spinerecov.store.patient_list import RowError, read_rows

    try:
        text = patients.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"Cannot read the patient list {patients}: {getattr(exc, 'strerror', None) or exc}.") from None
    knowledge = load_kb(kb, given_protocol(protocol))
    rows = list(read_rows(text, knowledge))
    if not rows:
        raise UsageError(f"The patient list {patients} has a header but no patients.")
    _make_folder(out_dir)
    failures = [r for r in rows if isinstance(r, RowError)]
    failures += _write_plans(rows, knowledge, out_dir, output_format, force, today or dt.date.today())
    failures.sort(key=lambda f: f.line)
    count = len(rows) - len(failures)
    typer.echo(f"Wrote {count} plan{'s' if count != 1 else ''} ({output_format.value}) to {out_dir}.", err=True)
    if failures:
        plural = len(failures) != 1
        typer.echo(
            f"{len(failures)} row{'s' if plural else ''} failed and {'were' if plural else 'was'} skipped:", err=True
        )
        for failure in failures:
            who = f" ({failure.id})" if failure.id else ""
            typer.echo(f"  {patients}:{failure.line}{who}: {failure.reason}", err=True)
        raise typer.Exit(1)


def _make_folder(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputFileError(f"--out-dir {out_dir} is a file, not a folder.")
    try:
        # Patient plans: a new folder is the owner's only.
        out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise OutputFileError(f"Cannot create the folder {out_dir}: {exc.strerror or exc}.") from None


def _write_plans(
    rows: "list[PatientRow | RowError]",
    knowledge: "KnowledgeBase",
    out_dir: Path,
    output_format: PlanFormat,
    force: bool,
    today: dt.date,
) -> "list[RowError]":
    """Write each good row's plan (the knowledge base is loaded once); unwritable ones become RowErrors."""
    from spinerecov.output.plan_formats import render_plan
    from spinerecov.plan.dated import PatientInputs, make_plan
    from spinerecov.store.files import write_atomic
    from spinerecov.store.patient_list import PatientRow, RowError

    good = [r for r in rows if isinstance(r, PatientRow)]
    failures: list[RowError] = []
    with _progress(len(good)) as advance:
        for row in good:
            plan = make_plan(knowledge, PatientInputs(row.procedure, row.surgery_date, row.factors), today)
            assert plan.timeline is not None  # noqa: S101 - every row has a surgery date
            target = out_dir / f"{row.id}.{PLAN_EXTENSIONS[output_format]}"
            try:
                write_atomic(
                    target, render_plan(plan.timeline, knowledge, output_format.value), force=force, private=True
                )
            except OutputFileError as exc:
                failures.append(RowError(row.line, row.id, exc.message))
            advance()
    return failures


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A Rich progress bar on a terminal; nothing at all when output goes to a file or a pipe."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("Writing plans", total=total)
        yield lambda: progress.advance(task)
