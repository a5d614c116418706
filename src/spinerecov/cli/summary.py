"""`spinerecov summary`: one or two printed pages from your diary to bring to the follow-up visit."""

import datetime as dt
from typing import Annotated, Optional

import typer

from spinerecov.cli.app import app, out, reports_errors, say, warn
from spinerecov.cli.option_groups import PatientValues, with_patient
from spinerecov.cli.options import DiaryOption
from spinerecov.cli.parsers import choice_among, parse_today
from spinerecov.cli.plan_inputs import patient_plan
from spinerecov.errors import clip_path
from spinerecov.i18n import _, ngettext

SUMMARY_FORMATS = ["html", "markdown"]
EXAMPLE = "spinerecov summary --format html --output visit.html --procedure endoscopic --date 2024-05-01"


@app.command()
@reports_errors
@with_patient
def summary(
    output_format: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            **choice_among(SUMMARY_FORMATS),
            help=_("html (a page to print) or markdown. Default: from the file name (.md), else html."),
        ),
    ] = None,
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|-",
            help=_("Where to write; '-' prints it. Default: visit-summary-DATE.html (or .md) here."),
        ),
    ] = None,
    since: Annotated[
        Optional[dt.date],  # noqa: UP045
        typer.Option(
            "--since", parser=parse_today, metavar="YYYY-MM-DD", help=_("Only the diary entries for this day or later.")
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=_("Replace the output file if it exists."))] = False,
    diary_file: DiaryOption = None,
    patient: PatientValues = None,
) -> None:
    """Make a visit summary from your diary: one or two pages to bring to your follow-up visit.

    It shows where you are in your plan, every red flag your check-ins raised
    (with its date and what to do), your leg and back pain over time as a chart
    (beside the typical course only where one is published for your operation),
    pain medicine and walking week by week, your questionnaire scores against
    your first answer and the change most people notice, your notes, and
    questions to ask. The HTML page prints on A4 or US Letter. An existing file
    is never replaced without --force; the file is readable by you only.

    \b
    Examples:
      spinerecov summary --format html --output visit.html
      spinerecov summary --format markdown --output - --since 2024-06-01
      spinerecov summary -f html -o visit.html -p endoscopic -d 2024-05-01
    """
    assert patient is not None  # noqa: S101 - with_patient always passes it
    from spinerecov.cli.diary_patient import of_operation
    from spinerecov.plan.visit_summary import DiaryRecord, build_summary
    from spinerecov.store.diary import diary_location, read_entries
    from spinerecov.store.files import write_atomic

    knowledge, built = patient_plan(patient, EXAMPLE)
    stored = read_entries(diary_location(diary_file))
    # Only this operation's entries: another operation's days and baseline would mislead.
    own, other = of_operation(stored, (built.procedure_id, built.surgery_date))
    if other:
        warn(
            ngettext(
                "{count} diary entry is for another operation or surgery date and is not in this summary.",
                "{count} diary entries are for another operation or surgery date and are not in this summary.",
                other,
            ).format(count=other)
        )
    records = [DiaryRecord(e.entry_id, e.on, e.kind, e.payload) for e in own]
    made = build_summary(knowledge, built, records, since)
    if output_format is None:
        output_format = "markdown" if (output or "").lower().endswith((".md", ".markdown")) else "html"
    if output_format == "html":
        from spinerecov.output.html.summary import summary_html

        content = summary_html(made, knowledge)
    else:
        from spinerecov.output.markdown.summary import summary_markdown

        content = summary_markdown(made, knowledge)
    if output == "-":
        out(content)
        return
    extension = "html" if output_format == "html" else "md"
    target = output or f"visit-summary-{built.today.isoformat()}.{extension}"
    written = write_atomic(target, content, force=force, private=True, warn=warn)
    say(_("Saved your visit summary ({format}) to {path}").format(format=output_format, path=clip_path(written)))
