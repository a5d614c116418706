"""The markdown plan converts to a page: its table fits without wrapping, and the mermaid axis labels do not collide.

pandoc's gfm reader drops a pipe table's relative column widths, so in a PDF
the cells do not wrap: a row must fit the page's width on its own. A mermaid
gantt chart draws one tick label per interval, so a year-long plan must not
tick every week or show the day on month ticks.
"""

import math
import re

import pytest

from conftest import ROOT, SURGERY, TODAY
from spinerecov.i18n import use_language
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.markdown.plan import to_markdown
from spinerecov.plan.dated import PatientInputs, make_plan

PROCEDURES = ("miss", "endoscopic", "tubular", "open-discectomy", "mis-fusion", "open-fusion")
# A LaTeX page (pandoc's default: letter, 1 inch margins, 10 pt) holds about 95 characters; three
# columns take about 7 of them in padding.
ROW_CHARACTERS = 85
MAX_TICKS = 13  # month-and-year labels that fit side by side across mermaid's default width


def _markdown(procedure: str, language: str) -> str:
    use_language(language)  # type: ignore[arg-type]
    try:
        kb = load_knowledge_base(resolve_kb_path(), ROOT / "examples" / "clinic-protocol.yaml", language)
        factors = PatientFactors(smoker=True, age=75, diabetes=True, job="heavy", health="poor", workers_comp=True)
        if procedure.endswith("fusion"):
            factors = factors.model_copy(update={"levels": 3})
        timeline = make_plan(kb, PatientInputs(procedure, SURGERY, factors), TODAY).timeline
        assert timeline is not None
        return to_markdown(timeline, kb)
    finally:
        use_language("en")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("procedure", PROCEDURES)
def test_when_can_i_table_rows_fit_a_page(procedure: str, language: str) -> None:
    """Every row of every table is short enough to print without wrapping, so no column runs off the page."""
    text = _markdown(procedure, language)
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert rows
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert sum(len(cell) for cell in cells) <= ROW_CHARACTERS, row


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_mermaid_axis_ticks_are_few_and_never_show_a_day_on_month_ticks(procedure: str) -> None:
    """The gantt axis ticks weekly only on short plans; longer ones tick every N months with month and year."""
    text = _markdown(procedure, "en")
    chart = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    form = re.search(r"^    axisFormat (.+)$", chart, re.M)
    interval = re.search(r"^    tickInterval (\d+)(week|month)$", chart, re.M)
    assert form is not None and interval is not None, chart
    dates = re.findall(r", (\d{4})-(\d{2})-\d{2}, (\d+)d$", chart, re.M)
    assert dates
    if interval[2] == "month":
        assert "%d" not in form[1]
        first = min(int(y) * 12 + int(m) for y, m, _ in dates)
        last = max(int(y) * 12 + int(m) + math.ceil(int(d) / 28) for y, m, d in dates)
        assert (last - first) / int(interval[1]) <= MAX_TICKS + 1
