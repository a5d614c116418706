"""A batch's fast plan writes keep every rule of `write_atomic`: atomic, owner-only, never clobbering."""

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from spinerecov.errors import OutputFileError
from spinerecov.store import plan_files
from spinerecov.store.plan_files import close_folders, write_plan


@pytest.fixture(autouse=True)
def _closed_after() -> object:
    yield None
    close_folders()


@pytest.mark.parametrize("unnamed", [True, False])
def test_writes_new_owner_only_files_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unnamed: bool
) -> None:
    """Text and bytes land whole, owner-only, with no temporary file left, with or without unnamed files."""
    monkeypatch.setattr(plan_files, "_UNNAMED", unnamed and plan_files._UNNAMED)
    old = os.umask(0o022)
    try:
        write_plan(tmp_path / "a.md", "38 °C", force=False)
        write_plan(tmp_path / "b.ics", b"\x00\x01", force=False)
    finally:
        os.umask(old)
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "38 °C"
    assert (tmp_path / "b.ics").read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.ics"]
    assert {stat.S_IMODE((tmp_path / name).stat().st_mode) for name in ("a.md", "b.ics")} == {0o600}


def test_a_umask_without_owner_bits_still_gives_owner_only_files(tmp_path: Path) -> None:
    """A umask that takes the owner's own read or write bit does not make an unreadable plan."""
    close_folders()
    old = os.umask(0o277)
    try:
        write_plan(tmp_path / "a.md", "text", force=False)
    finally:
        os.umask(old)
        close_folders()
    assert stat.S_IMODE((tmp_path / "a.md").stat().st_mode) == 0o600


def test_never_replaces_a_plan_without_force(tmp_path: Path) -> None:
    """An existing plan is kept and reported, even one that appears while the new one is written."""
    target = tmp_path / "p1.md"
    target.write_text("keep me")
    with pytest.raises(OutputFileError, match="already exists"):
        write_plan(target, "new", force=False)
    assert target.read_text() == "keep me"
    write_plan(target, "new", force=True)
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p1.md"]


def test_a_plan_that_appears_during_the_write_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If another program creates the file between the temporary file and the link, theirs is kept."""
    target = tmp_path / "p2.md"
    real_link = os.link

    def racing_link(source: str, destination: str, **options: Any) -> None:
        target.write_text("theirs")
        real_link(source, destination, **options)

    monkeypatch.setattr(os, "link", racing_link)
    with pytest.raises(OutputFileError, match="already exists"):
        write_plan(target, "ours", force=False)
    assert target.read_text() == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p2.md"]


def test_a_place_without_hard_links_still_gets_its_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where linking fails for another reason, write_atomic writes the plan (and cleans up) instead."""

    def no_link(*args: object, **kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_link)
    write_plan(tmp_path / "p3.md", "plan", force=False)
    assert (tmp_path / "p3.md").read_text() == "plan"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p3.md"]


def test_a_folder_replaced_between_runs_is_opened_again(tmp_path: Path) -> None:
    """Each run opens its folders afresh: a plan never goes into a folder that was removed since."""
    folder = tmp_path / "plans"
    folder.mkdir()
    write_plan(folder / "a.md", "one", force=False)
    close_folders()
    (folder / "a.md").unlink()
    folder.rmdir()
    folder.mkdir()
    write_plan(folder / "b.md", "two", force=False)
    assert (folder / "b.md").read_text() == "two"
