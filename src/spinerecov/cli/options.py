"""The options commands share, with their help: procedure, dates, formats, files (the factors: factor_options.py).

No `from __future__ import annotations` here or in any command module: Typer
reads these annotations at start-up.
"""

import datetime as dt
from enum import StrEnum
from typing import Annotated, Optional

import typer

from spinerecov.cli.completion import complete_procedure
from spinerecov.cli.parsers import parse_patient_id, parse_surgery_date, parse_today
from spinerecov.i18n import _


class PlanFormat(StrEnum):
    """Formats a plan can be written in."""

    markdown = "markdown"
    json = "json"
    ics = "ics"
    fhir = "fhir"
    html = "html"


PLAN_EXTENSIONS = {
    PlanFormat.markdown: "md",
    PlanFormat.json: "json",
    PlanFormat.ics: "ics",
    PlanFormat.fhir: "fhir.json",
    PlanFormat.html: "html",
}


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
