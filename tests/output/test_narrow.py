"""Narrow terminals (40 and 60 columns): tables fit or stack, names stay whole, no line runs past the edge."""

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.testing import CliRunner

from conftest import ROOT, SURGERY, TODAY, run_cli
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.terminal.plan import PHASES_FIT, _phases_table
from spinerecov.output.terminal.stacked import column_widths, fits, stacked_rows
from spinerecov.plan.personalise import personalise
from spinerecov.plan.timeline import build_timeline

PLAN = ("-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-05-20")
SCREENS = {
    "timeline": ("timeline", *PLAN, "--activities", "--chart"),
    "procedures": ("procedures",),
    "activities": ("activities",),
    "compare": ("compare", "endoscopic", "tubular", "mis-fusion"),
    "status": ("status", *PLAN),
    "red-flags": ("red-flags",),
}


def flat(text: str) -> str:
    """The output with every run of spaces and line breaks made one space (a wrapped phrase reads whole again)."""
    return " ".join(text.split())


def names_shown(screen: str, kb: KnowledgeBase) -> list[str]:
    """The activity or procedure names a screen must show whole."""
    activities = [a.name for a in kb.activities.values()]
    procedures = [p.name for p in kb.procedures.values()]
    chosen = [kb.procedures[p].name for p in ("endoscopic", "tubular", "mis-fusion")]
    return {"timeline": activities, "activities": activities, "procedures": procedures, "compare": chosen}.get(
        screen, []
    )


@pytest.mark.parametrize("width", [40, 60])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screens_stay_readable_when_narrow(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, kb: KnowledgeBase, screen: str, width: int
) -> None:
    """No cell cut to "…", no line wider than the terminal, and every activity or procedure name whole."""
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, err = run_cli(runner, *SCREENS[screen])
    assert code == 0, err
    assert "…" not in out
    too_wide = [line for line in out.splitlines() if len(line.rstrip()) > width]
    assert not too_wide, too_wide
    for name in names_shown(screen, kb):
        assert name in flat(out), name


def test_wide_terminals_keep_the_tables(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 100 columns the catalogue and the activities are still drawn as tables."""
    for command in (("procedures",), ("activities",), ("timeline", *PLAN, "--activities")):
        code, out, _ = run_cli(runner, *command)
        assert code == 0 and "┏" in out, command


def _table() -> Table:
    table = Table(title="When")
    table.add_column("Activity")
    table.add_column("From", no_wrap=True)
    table.add_row(Text("Driving"), Text("Wed 15 May 2024 (wk 3)\nmost people: 1 to 6 weeks"))
    table.add_row(Text("Desk work"), Text(""))
    return table


def test_fits_compares_the_widths_rich_would_use_with_each_columns_minimum() -> None:
    """A table whose no-wrap column leaves the name no room does not fit; with room it does."""
    assert fits(Console(width=80), _table())
    assert not fits(Console(width=30), _table())


def test_stacked_rows_head_each_row_and_label_each_cell() -> None:
    """Stacked: the first cell heads the row; other non-empty cells read "Header: value", further lines indented."""
    console = Console(width=40, record=True, color_system=None)
    for block in stacked_rows(_table()):
        console.print(block)
    lines = [line.rstrip() for line in console.export_text().splitlines()]
    assert lines == [
        "Driving",
        "  From: Wed 15 May 2024 (wk 3)",
        "    most people: 1 to 6 weeks",
        "Desk work",
    ]


def test_the_phases_table_fits_from_the_width_where_it_is_not_measured() -> None:
    """Every procedure's phases table (with the example protocol too) fits at PHASES_FIT columns, as assumed."""
    kb = load_knowledge_base(resolve_kb_path(), ROOT / "examples" / "clinic-protocol.yaml")
    factors = PatientFactors(smoker=True, age=80)
    for procedure in kb.procedures:
        timeline = build_timeline(kb, personalise(kb, procedure, factors), factors, SURGERY, TODAY)
        assert fits(Console(width=PHASES_FIT), _phases_table(timeline, kb)), procedure


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=14)
CELLS = st.lists(WORDS, min_size=0, max_size=5).map(" ".join)


@given(
    headers=st.lists(WORDS, min_size=1, max_size=5),
    rows=st.lists(st.lists(CELLS, min_size=5, max_size=5), min_size=1, max_size=4),
    width=st.integers(min_value=20, max_value=100),
    show_lines=st.booleans(),
)
def test_a_table_said_to_fit_shows_every_word_whole(
    headers: list[str], rows: list[list[str]], width: int, show_lines: bool
) -> None:
    """When fits() says yes, the table drawn at that width keeps every word whole (each fits the terminal)."""
    table = Table(title="Table", title_justify="left", show_lines=show_lines)
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row[: len(headers)]))
    console = Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False)
    widths = column_widths(console, table, width - len(headers) - 1)
    assert widths is not None and len(widths) == len(headers)
    if not fits(console, table):
        return
    console.print(table)
    drawn = console.file.getvalue()  # type: ignore[attr-defined]
    assert all(len(line) <= width for line in drawn.splitlines())
    shown = set(drawn.replace("│", " ").replace("┃", " ").split())
    for words in [*headers, *(cell for row in rows for cell in row[: len(headers)])]:
        assert set(words.split()) <= shown, words
