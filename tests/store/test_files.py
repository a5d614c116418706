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


def test_make_parents_creates_every_missing_folder(tmp_path: Path) -> None:
    """make_parents creates several missing levels (a fresh machine without ~/.config), the last one private."""
    target = tmp_path / "home" / ".config" / "spinerecov" / "profile.toml"
    write_atomic(target, "x", make_parents=True, private=True)
    assert target.read_text() == "x"
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize("kind", ["fifo", "device", "socket"])
def test_force_replaces_only_regular_files(tmp_path: Path, kind: str) -> None:
    """--force never replaces a device node, a FIFO or a socket (as root, /dev/null itself would go)."""
    import socket

    target = tmp_path / kind
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        if os.geteuid() != 0:
            pytest.skip("a private device node needs root (CI runs as root)")
        os.mknod(target, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    else:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
        server.close()
    before = os.lstat(target)
    with pytest.raises(OutputFileError, match="it is not a regular file"):
        write_atomic(target, "plan", force=True)
    assert os.lstat(target).st_mode == before.st_mode
    assert [p.name for p in tmp_path.iterdir()] == [kind]


def test_force_replaces_a_link_never_its_target(tmp_path: Path) -> None:
    """A symlink given as the output is replaced by the file; what it pointed to is never written."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    link = tmp_path / "plan.md"
    link.symlink_to(victim)
    write_atomic(link, "plan", force=True)
    assert victim.read_text() == "keep" and not link.is_symlink() and link.read_text() == "plan"


def test_a_filesystem_that_refuses_chmod_gets_the_file_and_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On FAT or SMB, chmod fails with EPERM: the plan is written anyway, and the caller is warned."""
    import errno

    def refuse(*args: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchmod", refuse)
    warnings: list[str] = []
    write_atomic(tmp_path / "usb-plan.md", "plan", private=True, warn=warnings.append)
    assert (tmp_path / "usb-plan.md").read_text() == "plan"
    assert warnings == [
        f"{tmp_path / 'usb-plan.md'} was written, but this place does not keep file permissions"
        " (Operation not permitted); anyone who can read the drive may be able to read it."
    ]


def test_other_chmod_failures_are_still_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only 'this filesystem has no modes' is forgiven; any other failure writes nothing."""
    import errno

    def broken(*args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fchmod", broken)
    with pytest.raises(OutputFileError, match="Input/output error"):
        write_atomic(tmp_path / "plan.md", "plan")
    assert list(tmp_path.iterdir()) == []


def test_temporary_files_of_a_killed_write_are_swept_on_the_next_write(tmp_path: Path) -> None:
    """A stale `.NAME.XXXXXXXX.tmp` (a complete plan, left by SIGKILL) goes; young ones and others' files stay."""
    import time

    from spinerecov.store import files

    files._swept.discard(os.path.abspath(tmp_path))
    old = time.time() - 3600
    stale = tmp_path / ".p261.md.1cpxbfvw.tmp"
    young = tmp_path / ".p262.md.abcdefgh.tmp"
    unrelated = tmp_path / ".notes.tmp"
    for path in (stale, young, unrelated):
        path.write_text("patient data")
    os.utime(stale, (old, old))
    os.utime(unrelated, (old, old))
    write_atomic(tmp_path / "other.md", "plan")
    assert not stale.exists()
    assert young.exists() and unrelated.exists()


def test_an_over_long_name_is_a_clear_error(tmp_path: Path) -> None:
    """A name longer than the filesystem allows is 'Cannot write ...: File name too long', clipped."""
    with pytest.raises(OutputFileError, match="File name too long") as caught:
        write_atomic(tmp_path / ("x" * 300 + ".md"), "plan")
    assert len(caught.value.message) < 250
