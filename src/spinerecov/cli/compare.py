"""`spinerecov compare`: procedures side by side, as a table, markdown or JSON."""

from enum import StrEnum
from typing import Annotated, Optional

import typer

from spinerecov.cli.app import app, console, out, reports_errors
from spinerecov.cli.completion import complete_procedure
from spinerecov.cli.option_groups import FactorValues, with_factors, with_sources
from spinerecov.cli.options import JsonOption
from spinerecov.cli.parsers import choice_of
from spinerecov.cli.plan_inputs import load_kb, note_ambiguous, resolve_inputs
from spinerecov.errors import UsageError
from spinerecov.i18n import _


class CompareFormat(StrEnum):
    """Compare output formats besides the table."""

    table = "table"
    markdown = "markdown"


@app.command()
@reports_errors
@with_sources
@with_factors
def compare(
    procedures: Annotated[
        list[str],
        typer.Argument(
            metavar="PROCEDURE", help=_("Two or more procedures (ids or aliases)."), autocompletion=complete_procedure
        ),
    ],
    output_format: Annotated[
        CompareFormat,
        typer.Option("--format", "-f", **choice_of(CompareFormat), help=_("table (default) or markdown.")),
    ] = CompareFormat.table,
    json_output: JsonOption = False,
    factors: FactorValues = None,
    protocol: Optional[str] = None,
    kb: Optional[str] = None,
) -> None:
    """Compare procedures side by side: hospital stay, milestone weeks, and when each activity opens.

    Differences are highlighted. Your profile's factors apply unless you give others.

    \b
    Examples:
      spinerecov compare endoscopic open-discectomy
      spinerecov compare mis-fusion open-fusion --smoker
      spinerecov compare endoscopic tubular miss --format markdown
    """
    from spinerecov.plan.compare import compare_procedures

    if len(procedures) < 2:
        raise UsageError(
            _("Give at least two procedures to compare, e.g. spinerecov compare endoscopic open-discectomy")
        )
    factors = factors or {}
    inputs = resolve_inputs(None, None, factors, protocol, takes=frozenset({"factors", "protocol"}))
    knowledge = load_kb(kb, inputs.protocol)
    for name in procedures:
        note_ambiguous(knowledge, name)
    comparison = compare_procedures(knowledge, procedures, inputs.factors)
    if json_output:
        from spinerecov.output.json.documents import comparison_to_dict
        from spinerecov.output.json.encoding import to_json

        out(to_json(comparison_to_dict(comparison, knowledge)))
    elif output_format is CompareFormat.markdown:
        from spinerecov.output.markdown.compare import comparison_to_markdown

        out(comparison_to_markdown(comparison, knowledge))
    else:
        from spinerecov.output.terminal.compare import render_comparison

        render_comparison(console(), comparison, knowledge)
