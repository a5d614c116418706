"""Atomic writes: all or nothing, never clobber without consent, private when asked."""

import os
import stat
from pathlib import Path

import pytest

from spinerecov.errors import OutputFileError
from spinerecov.store.files import write_atomic


def test_writes_text_and_bytes(tmp_path: Path) -> None:
    """Text is written as UTF-8; bytes as they are."""
    write_atomic(tmp_path / "a.md", "38 °C")
    write_atomic(tmp_path / "b.bin", b"\x00\x01")
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "38 °C"
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    """An existing file is kept as it was unless force is given."""
    target = tmp_path / "plan.md"
    target.write_text("keep me")
    with pytest.raises(OutputFileError, match="already exists"):
        write_atomic(target, "new")
    assert target.read_text() == "keep me"
    write_atomic(target, "new", force=True)
    assert target.read_text() == "new"


def test_no_clobber_even_if_the_file_appears_during_the_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If another program creates the file while we write, it wins; we report, not overwrite."""
    target = tmp_path / "plan.md"
    real_link = os.link

    def racing_link(source: str, destination: Path) -> None:
        Path(destination).write_text("theirs")
        real_link(source, destination)

    monkeypatch.setattr(os, "link", racing_link)
    with pytest.raises(OutputFileError, match="already exists"):
        write_atomic(target, "ours")
    assert target.read_text() == "theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]


def test_private_files_are_owner_only_and_others_follow_umask(tmp_path: Path) -> None:
    """Patient plans are 0600; other output follows the umask."""
    write_atomic(tmp_path / "private.md", "x", private=True)
    assert stat.S_IMODE((tmp_path / "private.md").stat().st_mode) == 0o600
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "shared.md", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "shared.md").stat().st_mode) == 0o644


def test_failure_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the final step fails there is no partial file and no temporary file."""

    def failing_link(source: str, destination: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "link", failing_link)
    monkeypatch.setattr(os, "replace", failing_link)
    with pytest.raises(OutputFileError, match="Permission denied"):
        write_atomic(tmp_path / "plan.md", "x")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_an_error_unless_asked_to_create(tmp_path: Path) -> None:
    """Output into a folder that does not exist fails clearly; caches may create their folder."""
    with pytest.raises(OutputFileError, match="Cannot write"):
        write_atomic(tmp_path / "nope" / "plan.md", "x")
    write_atomic(tmp_path / "made" / "cache.bin", b"x", make_parents=True)
    assert (tmp_path / "made" / "cache.bin").exists()
