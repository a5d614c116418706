"""Hostile and unlucky files: each one in tests/fixtures/hostile is one clear message and exit 1, at once.

Every file in the folder has its case below (a test checks that none is
forgotten). Knowledge bases go through `kb check` and `timeline --kb`,
protocols through `can-i --protocol` and `kb check --protocol`, profiles
through `status`. Special files (FIFOs, devices, folders) cannot live in git,
so they are made in a temporary folder.
"""

import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, run_cli
from spinerecov.knowledge.yaml_guards import format_character

HOSTILE = FIXTURES / "hostile"
ESCAPE = "\x1b"

cpu_clock = time.process_time
"""The clock that "at once" is measured by: this process's CPU seconds, never wall-clock seconds.

On a busy machine (other pytest workers, other jobs) a refusal waits for a
core, and that says nothing about spinerecov. A FIFO or device spinerecov
waited on would never return, so that test would hang rather than pass.
"""

KNOWLEDGE_BASES = {
    "alias-bomb.yaml": ":6: its aliases expand to more than 500,000 values",
    "alias-loop.yaml": ":2: the alias *loop refers to a node that contains it",
    "complex-key.yaml": ":2: a key must be plain text, not a list or mapping",
    "mapping-key.yaml": ":2: a key must be plain text, not a list or mapping",
    "control-character.yaml": ":3: character U+0007 is not allowed in YAML",
    "nul-byte.yaml": ":2: character U+0000 is not allowed in YAML",
    "deep-flow.yaml": ":1: nesting deeper than 64 levels is not allowed",
    "deep-block.yaml": ":1: nesting deeper than 64 levels is not allowed",
    "empty.yaml": ":1: the top level must be a mapping of keys",
    "top-level-list.yaml": ":1: the top level must be a mapping of keys",
    "huge-int.yaml": ":1: '99999999999999999999... (5,000 characters)' is not a valid int",
    "latin1.yaml": ":2: not valid UTF-8 (byte 0xe9); save the file as UTF-8",
    "utf16.yaml": ":1: the file is UTF-16 text; save it as UTF-8",
    "tag-int.yaml": ":1: 'twelve' is not a valid int",
    "tag-float.yaml": ":2: 'x' is not a valid float",
    "tag-bool.yaml": ":2: 'maybe' is not a valid bool",
    "tag-timestamp.yaml": ":2: the tag !!timestamp is not allowed here",
    "tag-set.yaml": ":2: the tag !!set is not allowed here",
    "tag-binary.yaml": ":2: the tag !!binary is not allowed here",
    "tag-python.yaml": ":2: the tag !!python/object/apply:os.system is not allowed here",
    "tag-unknown.yaml": ":2: the tag !shell is not allowed here",
}

PROTOCOLS = {
    "protocol-erase-lines.yaml": "clinic.name (PATH:2): control character U+000D is not allowed in text",
    "protocol-window-title.yaml": "clinic.phone (PATH:3): control character U+001B is not allowed in text",
    "protocol-c1-csi.yaml": "clinic.note (PATH:3): control character U+009B is not allowed in text",
    "protocol-bidi-phone.yaml": (
        "clinic.phone (PATH:3): invisible or direction-changing character U+202E is not allowed in text"
    ),
    "protocol-bidi-isolate.yaml": (
        "clinic.note (PATH:3): invisible or direction-changing character U+2066 is not allowed in text"
    ),
    "protocol-zero-width-key.yaml": (
        "clinic.name (PATH:2): invisible or direction-changing character U+200B is not allowed in a key"
    ),
    "protocol-line-separator.yaml": (
        "clinic.name (PATH:2): invisible or direction-changing character U+2028 is not allowed in text"
    ),
    "protocol-not-a-phone.yaml": "clinic.phone (PATH:3): 'call 555-0100 now' is not a phone number",
    "protocol-syntax.yaml": "PATH:2: ",  # the syntax error's words are PyYAML's, and change between releases
}

PROFILES = {
    "profile-deep.toml": "PATH: it is nested too deeply to read.",
    "profile-not-utf8.toml": "PATH:1: not valid UTF-8 (byte 0xff); save the file as UTF-8.",
    "profile-escape.toml": "Cannot read the clinic protocol clinic.yaml: No such file or directory.",
}


def test_every_hostile_file_has_a_case() -> None:
    """No file in the corpus is left without its expected message."""
    cases = {*KNOWLEDGE_BASES, *PROTOCOLS, *PROFILES}
    assert {path.name for path in HOSTILE.iterdir()} == cases


def test_at_once_is_measured_in_cpu_time_not_wall_time() -> None:
    """Time spent waiting (for a busy machine's cores, here a sleep) does not count towards "at once"."""
    start = cpu_clock()
    time.sleep(0.5)
    assert cpu_clock() - start < 0.25


def assert_one_clear_error(code: int, out: str, err: str, expected: str, seconds: float) -> None:
    """Exit 1 at once, the expected words on stderr, nothing on stdout, no escape sequence, no catch-all."""
    assert code == 1, err
    assert expected in err, err
    assert out == ""
    assert ESCAPE not in err and "unexpected failure" not in err and "Traceback" not in err
    assert format_character(err) is None  # nothing invisible or direction-changing reaches the terminal
    assert len(err.splitlines()) <= 4
    assert seconds < 5, f"{seconds:.1f} s of CPU time"


@pytest.mark.parametrize("name", sorted(KNOWLEDGE_BASES))
@pytest.mark.parametrize("command", [("kb", "check", "FILE"), ("timeline", "-d", "2024-05-01", "--kb", "FILE")])
def test_hostile_knowledge_base(runner: CliRunner, name: str, command: tuple[str, ...]) -> None:
    """A hostile knowledge base is 'The knowledge base FILE is not valid' with FILE:LINE and the problem."""
    path = str(HOSTILE / name)
    start = cpu_clock()
    code, out, err = run_cli(runner, *(path if arg == "FILE" else arg for arg in command))
    assert_one_clear_error(code, out, err, f"{path}{KNOWLEDGE_BASES[name]}", cpu_clock() - start)
    assert f"The knowledge base {path} is not valid" in err


@pytest.mark.parametrize("name", sorted(PROTOCOLS))
@pytest.mark.parametrize("command", [("can-i", "drive", "--week", "3", "--protocol"), ("kb", "check", "--protocol")])
def test_hostile_protocol(runner: CliRunner, name: str, command: tuple[str, ...]) -> None:
    """A hostile protocol is 'The clinic protocol FILE is not valid' (never 'the knowledge base'), at FILE:LINE."""
    path = str(HOSTILE / name)
    start = cpu_clock()
    code, out, err = run_cli(runner, *command, path)
    assert_one_clear_error(code, out, err, PROTOCOLS[name].replace("PATH", path), cpu_clock() - start)
    assert f"The clinic protocol {path} is not valid" in err


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_hostile_profile(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """A hostile profile is one clear error naming it; control characters it holds never reach the terminal."""
    path = str(HOSTILE / name)
    monkeypatch.setenv("SPINERECOV_PROFILE", path)
    start = cpu_clock()
    code, out, err = run_cli(runner, "status", "--today", "2024-05-20")
    assert_one_clear_error(code, out, err, PROFILES[name].replace("PATH", path), cpu_clock() - start)


@pytest.fixture
def special(tmp_path: Path) -> dict[str, str]:
    """A FIFO, a private copy of /dev/null (a device node), and a folder."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    device = Path("/dev/null")
    if os.geteuid() == 0:  # a private copy of /dev/null needs root (CI runs as root); else the real one, read only
        device = tmp_path / "null"
        os.mknod(device, 0o666 | 0o020000, os.makedev(1, 3))
    folder = tmp_path / "folder"
    folder.mkdir()
    return {"fifo": str(fifo), "device": str(device), "folder": str(folder)}


KINDS = {"fifo": "a FIFO (named pipe)", "device": "a device", "folder": "a folder"}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_special_files_are_refused_at_once(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, special: dict[str, str], kind: str
) -> None:
    """A FIFO, device or folder as knowledge base, protocol or profile is refused at once, never waited on."""
    path = special[kind]
    reason = f"it is {KINDS[kind]}, not a regular file"
    for args, expected in (
        (("kb", "check", path), f"Cannot read the knowledge base {path}: {reason}."),
        (("red-flags", "--kb", path), f"Cannot read the knowledge base {path}: {reason}."),
        (("can-i", "lift", "-w", "2", "--protocol", path), f"Cannot read the clinic protocol {path}: {reason}."),
    ):
        start = cpu_clock()
        code, out, err = run_cli(runner, *args)
        assert_one_clear_error(code, out, err, expected, cpu_clock() - start)
    monkeypatch.setenv("SPINERECOV_PROFILE", path)
    start = cpu_clock()
    code, out, err = run_cli(runner, "status")
    assert_one_clear_error(code, out, err, f"{path}: cannot be read ({reason})", cpu_clock() - start)


def test_dev_zero_is_refused(runner: CliRunner) -> None:
    """/dev/zero as the knowledge base is refused, not read until memory runs out."""
    code, out, err = run_cli(runner, "kb", "check", "/dev/zero")
    assert_one_clear_error(code, out, err, "Cannot read the knowledge base /dev/zero: it is a device", 0)


@pytest.mark.parametrize("depth", [65, 999, 1_001, 3_000])
@pytest.mark.parametrize("shape", ["flow", "block"])
def test_deep_nesting_is_refused_in_spinerecovs_own_words(
    runner: CliRunner, tmp_path: Path, depth: int, shape: str
) -> None:
    """Past level 64 the guard speaks first, in its own translated words, whatever limit libyaml has of its own."""
    deep = tmp_path / "deep.yaml"
    if shape == "flow":
        deep.write_text("a: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    else:
        deep.write_text("".join(" " * level + f"k{level}:\n" for level in range(depth)) + " " * depth + "v\n")
    code, _, err = run_cli(runner, "kb", "check", str(deep))
    assert code == 1 and f"{deep}:" in err and "nesting deeper than 64 levels is not allowed" in err, err
    code, _, err = run_cli(runner, "--lang", "es", "kb", "check", str(deep))
    assert code == 1 and "no se permite anidar más de 64 niveles" in err, err
