"""The options commands share, with their help: procedure, dates, formats, files (the factors: factor_options.py).

No `from __future__ import annotations` here or in any command module: Typer
reads these annotations at start-up.
"""

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer

from spinerecov.cli.completion import complete_procedure
from spinerecov.cli.parsers import parse_patient_id, parse_surgery_date, parse_today, whole_number
from spinerecov.i18n import _
from spinerecov.knowledge.values import JOBS
from spinerecov.output.plan_formats import DEFAULT_FORMAT, PLAN_FORMATS

FORMAT_NAMES = [f.name for f in PLAN_FORMATS]
BATCH_FORMAT_NAMES = [f.name for f in PLAN_FORMATS if f.batch]


def one_of(items: list[str]) -> str:
    """'a, b or c' in the current language."""
    if len(items) < 2:
        return "".join(items)
    return _("{items} or {last}").format(items=", ".join(items[:-1]), last=items[-1])


def export_format_help() -> str:
    """`export --format`'s help: every format in its own words, and the default."""
    formats = one_of([_(f.help) for f in PLAN_FORMATS])
    return _("{formats}. Default: from the file name, else {default}.").format(
        formats=formats, default=DEFAULT_FORMAT.name
    )


def export_output_help() -> str:
    """`export --output`'s help: the file name written by default, with every format's extension."""
    others = ", ".join(f".{f.extensions[0]}" for f in PLAN_FORMATS if f is not DEFAULT_FORMAT)
    return _(
        "Where to write; '-' prints it. Default: recovery-plan-PROCEDURE-DATE.{extension} (or {others}) here."
    ).format(extension=DEFAULT_FORMAT.extensions[0], others=others)


def batch_format_help() -> str:
    """`batch --format`'s help: the formats a batch writes, the default first."""
    names = [_("{format} (default)").format(format=n) if n == DEFAULT_FORMAT.name else n for n in BATCH_FORMAT_NAMES]
    return one_of(names) + "."


ProcedureOption = Annotated[
    Optional[str],
    typer.Option(
        "--procedure",
        "-p",
        metavar="NAME",
        autocompletion=complete_procedure,
        help=_(
            "Your operation: an id or alias from 'spinerecov procedures'."
            " Default: your profile's, else miss (general minimally invasive surgery)."
        ),
    ),
]


SurgeryDateOption = Annotated[
    Optional[dt.date],
    typer.Option(
        "--date",
        "-d",
        parser=parse_surgery_date,
        metavar="YYYY-MM-DD",
        help=_("The day of your surgery (day 0), from 1950-01-01 to 2200-12-31. Default: your profile's."),
    ),
]


TodayOption = Annotated[
    Optional[dt.date],
    typer.Option(
        "--today",
        parser=parse_today,
        metavar="YYYY-MM-DD",
        help=_(
            "Treat this date as today (for reproducible output), from 1950-01-01 to 2210-12-31. Default: the real date."
        ),
    ),
]


PatientIdOption = Annotated[
    Optional[str],
    typer.Option(
        "--patient-id",
        parser=parse_patient_id,
        metavar="ID",
        help=_(
            "The patient's identifier in your records (e.g. the MRN). Exports name their records after it,"
            " so re-importing an updated plan updates them. Default: a random id kept in your profile."
        ),
    ),
]


ExplainOption = Annotated[
    bool, typer.Option("--explain", help=_("Show why each adjustment was made, with its sources."))
]


JsonOption = Annotated[bool, typer.Option("--json", help=_("Print JSON instead of tables (see README 'JSON output')."))]


ProtocolOption = Annotated[
    Optional[str],
    typer.Option(
        "--protocol",
        metavar="FILE",
        help=_(
            "A clinic's protocol (YAML) applied on top of the knowledge base"
            " (also: SPINERECOV_PROTOCOL, or your profile's)."
        ),
    ),
]


KbOption = Annotated[
    Optional[str],
    typer.Option(
        "--kb",
        metavar="PATH",
        help=_("Use this knowledge-base YAML instead of the built-in one (also: SPINERECOV_KB)."),
    ),
]


DiaryOption = Annotated[
    Optional[Path],
    typer.Option(
        "--diary",
        metavar="FILE",
        dir_okay=False,
        help=_(
            "Your diary (an SQLite file, readable by you only). Also: SPINERECOV_DIARY."
            " Default: diary.sqlite3 in your user data folder."
        ),
    ),
]


JobsOption = Annotated[
    Optional[int],
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        parser=whole_number(JOBS),
        help=_("Worker processes, 1 to 256 (default: one per usable core)."),
    ),
]
"""How many worker processes a command over a patient list uses (batch, due)."""
