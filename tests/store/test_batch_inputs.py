"""What a batch plan is made from: one fingerprint that changes with every input, and only with an input."""

import datetime as dt
import os
import sqlite3
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from conftest import PATIENT_FACTORS, ROOT
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.store.batch_inputs import batch_fingerprint, package_code, row_fingerprint
from spinerecov.store.patient_list import PatientRow
from spinerecov.store.plan_files import write_plan
from spinerecov.store.plan_record import Made, PlanRecord

KB = ROOT / "data" / "procedures.yaml"
DAY = dt.date(2026, 11, 21)
ROWS = st.builds(
    PatientRow,
    line=st.integers(2, 10_000),
    id=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,10}", fullmatch=True),
    procedure=st.sampled_from(["tubular", "endoscopic", "tlif", "mis-fusion", "TLIF"]),
    surgery_date=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
    factors=PATIENT_FACTORS,
)


@given(first=ROWS, second=ROWS, language=st.sampled_from(["en", "es"]))
def test_two_rows_share_a_fingerprint_only_when_their_values_are_the_same(
    first: PatientRow, second: PatientRow, language: str
) -> None:
    """Any difference in id, procedure, date or factors gives another fingerprint; the line number does not count."""
    same = (first.id, first.procedure, first.surgery_date, first.factors) == (
        second.id,
        second.procedure,
        second.surgery_date,
        second.factors,
    )
    fingerprints = (row_fingerprint(b"shared", f"{row.id}.md", language, row) for row in (first, second))
    assert (len(set(fingerprints)) == 1) == same
    moved = first._replace(line=first.line + 1)
    assert row_fingerprint(b"s", "a.md", language, moved) == row_fingerprint(b"s", "a.md", language, first)


def test_the_language_the_file_and_the_shared_inputs_each_count() -> None:
    """The plan's language, its file name (format, --shard) and the batch's shared inputs each change it."""
    row = PatientRow(2, "p1", "tubular", dt.date(2026, 12, 1), PatientFactors(age=50))
    seen = {
        row_fingerprint(b"a", "p1.md", "en", row),
        row_fingerprint(b"a", "p1.md", "es", row),
        row_fingerprint(b"a", "3f/p1.md", "en", row),
        row_fingerprint(b"b", "p1.md", "en", row),
    }
    assert len(seen) == 4


def test_every_shared_input_changes_the_batch_fingerprint(tmp_path: Path) -> None:
    """The knowledge base's bytes, the protocol (none vs empty), the format and the day each change it."""
    kb = tmp_path / "procedures.yaml"
    kb.write_bytes(KB.read_bytes())
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    base = batch_fingerprint(kb, None, "markdown", DAY)
    assert batch_fingerprint(kb, None, "markdown", DAY) == base
    others = {
        batch_fingerprint(kb, empty, "markdown", DAY),
        batch_fingerprint(kb, None, "html", DAY),
        batch_fingerprint(kb, None, "markdown", DAY + dt.timedelta(days=1)),
    }
    kb.write_bytes(KB.read_bytes() + b"\n# a comment\n")
    others.add(batch_fingerprint(kb, None, "markdown", DAY))
    assert base not in others and len(others) == 4


def test_the_package_fingerprint_changes_with_any_file_but_not_byte_code(tmp_path: Path) -> None:
    """A changed module, catalog or new file changes the package's fingerprint; a __pycache__ does not."""
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "locale").mkdir()
    (tmp_path / "locale" / "es.mo").write_bytes(b"\x00")
    before = package_code(tmp_path)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"compiled")
    assert package_code(tmp_path) == before
    (tmp_path / "locale" / "es.mo").write_bytes(b"\x01")
    assert package_code(tmp_path) != before


def test_write_plan_gives_the_status_of_the_file_it_named(tmp_path: Path) -> None:
    """The status a plan's writing returns is the file's own (inode, size, time), new or forced over one."""
    for force in (False, True):
        written = write_plan(tmp_path / "a.md", "plan text", force=force)
        now = os.lstat(tmp_path / "a.md")
        assert (written.st_ino, written.st_size, written.st_mtime_ns) == (now.st_ino, now.st_size, now.st_mtime_ns)


def test_a_record_keeps_what_it_is_told_and_other_splits_are_read(tmp_path: Path) -> None:
    """Entries survive closing; a whole run reads a part's record; a share never reads its sibling's."""
    warnings: list[str] = []
    part = PlanRecord(tmp_path, 1, 2, warnings.append)
    part.add([Made("a.md", "f1", "1:2:3")])
    part.close()
    whole = PlanRecord(tmp_path, 1, 1, warnings.append)
    assert whole.known(["a.md", "b.md"]) == {"a.md": [Made("a.md", "f1", "1:2:3")]}
    whole.add([Made("a.md", "f2", "4:5:6")])
    whole.close()
    sibling = PlanRecord(tmp_path, 2, 2, warnings.append)
    assert sibling.known(["a.md"]) == {"a.md": [Made("a.md", "f2", "4:5:6")]}  # from the whole run's record only
    sibling.close()
    assert warnings == []
    with sqlite3.connect(tmp_path / ".spinerecov-batch" / "whole.sqlite") as database:
        assert database.execute("SELECT name, fingerprint, file FROM plans").fetchall() == [("a.md", "f2", "4:5:6")]
    database.close()
