"""Text from files never turns into shell syntax or hidden, reversed characters on a screen.

Ids and aliases (what people type and shells complete) hold only safe
characters; invisible and direction-changing characters are refused in a
knowledge base, a protocol, a translation and a patient list; a clinic's phone
number reads as a phone number; and what is printed never carries them.
"""

import errno
import os
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import ROOT, dump_yaml, plain_yaml, raw_knowledge_base, run_cli
from spinerecov.knowledge.phone import check_phone
from spinerecov.knowledge.yaml_guards import FORMAT_CATEGORIES, format_character
from spinerecov.output.safe_text import terminal_safe

EXAMPLE = ROOT / "examples" / "clinic-protocol.yaml"
HIDDEN = ["\u202e", "\u202a", "\u2066", "\u2069", "\u200b", "\u200e", "\u200f", "\u2028", "\u2029", "\ufeff", "\u061c"]
"""Right-to-left override and embedding, isolates, zero-width space, direction marks, separators, BOM, Arabic mark."""


def example() -> dict[str, object]:
    """The example clinic protocol as data."""
    data: dict[str, object] = plain_yaml(EXAMPLE.read_text(encoding="utf-8"))
    return data


def write(folder: Path, name: str, text: str) -> str:
    """Write `text` to folder/name and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


HOSTILE_IDS = {
    "semicolon": "zz;touch-x",
    "command substitution": "zz$(id)",
    "backslash": "zz\\\\",
    "space": "zz a",
    "backtick": "zz`id`",
    "quote": "zz'",
    "capital": "Zz",
}


def test_hostile_ids_and_aliases_are_refused_with_their_lines(runner: CliRunner, tmp_path: Path) -> None:
    """Procedure and activity ids, aliases, phase and milestone ids with shell syntax: each refused at its line."""
    lines = ["clinic: {name: Spine Clinic}", "source: {title: T}", "procedures:"]
    for ident in HOSTILE_IDS.values():
        lines.append(f'  "{ident}": {{name: N}}')
    lines += [
        "  endoscopic:",
        '    aliases: ["endo$(id)"]',
        '    phases: [{id: "early;rm"}]',
        '    milestones: [{id: "wound check"}]',
        "activities:",
        '  "garden|x": {name: G}',
        "  walk:",
        '    aliases: ["a>b"]',
    ]
    path = write(tmp_path, "ids.yaml", "\n".join(lines) + "\n")
    code, out, err = run_cli(runner, "kb", "check", "--protocol", path)
    assert code == 1 and out == ""
    assert f"The clinic protocol {path} is not valid" in err
    expected_lines = {
        **{ident: 4 + n for n, ident in enumerate(HOSTILE_IDS.values())},
        "endo$(id)": 12,
        "early;rm": 13,
        "wound check": 14,
        "garden|x": 16,
        "a>b": 18,
    }
    for ident, line in expected_lines.items():
        shown = repr(ident.replace("\\\\", "\\"))
        assert f"ids.yaml:{line}): {shown} cannot be an id: an id may hold only lowercase letters" in err, ident


def test_a_hostile_source_id_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    """A knowledge base's source id with shell syntax is refused with its line; seed file names stay valid."""
    data = raw_knowledge_base()
    data["sources"]["bad;$(id)"] = {"title": "T", "kind": "paper"}
    path = write(tmp_path, "kb.yaml", dump_yaml(data))
    code, _, err = run_cli(runner, "kb", "check", path)
    assert code == 1
    assert "'bad;$(id)' cannot be an id: a source id may hold only letters" in err
    assert "kb.yaml:" in err


@pytest.mark.parametrize("character", HIDDEN)
def test_hidden_characters_are_refused_in_protocol_text(runner: CliRunner, tmp_path: Path, character: str) -> None:
    """A bidi control, zero-width or separator character in a protocol's text is refused at its line."""
    data = example()
    data["clinic"] = {"name": "Spine Clinic", "note": f"Nurse line{character} 8am-6pm"}
    path = write(tmp_path, "p.yaml", dump_yaml(data))
    code, _, err = run_cli(runner, "kb", "check", "--protocol", path)
    assert code == 1
    code_point = f"U+{ord(character):04X}"
    assert f"clinic.note ({path}:3): " in err
    assert f"invisible or direction-changing character {code_point} is not allowed in text" in err
    assert format_character(err) is None


def test_hidden_characters_are_refused_in_a_translation(runner: CliRunner, tmp_path: Path) -> None:
    """A right-to-left override in a protocol's Spanish text is refused, in English and in Spanish."""
    text = EXAMPLE.read_text(encoding="utf-8").replace("text: Jardinería", 'text: "Jardi\\u202enería"')
    path = write(tmp_path, "p.yaml", text)
    for lang, words in (("en", "invisible or direction-changing"), ("es", "invisible o que cambia")):
        code, _, err = run_cli(runner, "kb", "check", "--protocol", path, "--lang", lang)
        assert code == 1, err
        assert f"translations.es.texts.activities.gardening.name.text ({path}:" in err
        assert words in err and "U+202E" in err


def test_hidden_characters_fail_their_batch_row(runner: CliRunner, tmp_path: Path) -> None:
    """A patient list's hidden character fails its row (with the column), the label is escaped, others are written."""
    patients = tmp_path / "p.csv"
    rows = (
        "id,procedure,date\np1,endo\u202escopic,2024-05-01\na\u202eb,endoscopic,2024-05-01\np3,endoscopic,2024-05-01\n"
    )
    patients.write_text(rows, encoding="utf-8")
    code, _, err = run_cli(runner, "batch", str(patients), "-o", str(tmp_path / "plans"))
    assert code == 1
    assert "p.csv:2 (p1): procedure holds the invisible or direction-changing character U+202E" in err
    assert "p.csv:3 (a\\u202eb): id holds the invisible or direction-changing character U+202E" in err
    assert "\u202e" not in err
    assert sorted(path.name for path in (tmp_path / "plans").glob("*.md")) == ["p3.md"]


FORMAT_CHARACTERS = [
    chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) in FORMAT_CATEGORIES
]


@given(st.text(), st.sampled_from(FORMAT_CHARACTERS), st.text())
def test_every_format_character_is_found_and_never_printed(before: str, hidden: str, after: str) -> None:
    """Any format or separator character anywhere in any text is found, and dropped from what is printed."""
    assert format_character(before + hidden + after) is not None
    assert format_character(terminal_safe(before + hidden + after)) is None


@pytest.mark.parametrize("phone", ["555-0100", "+1 (555) 010-0100", "0800.123.456", "112"])
def test_phone_numbers_that_read_as_numbers_are_kept(phone: str) -> None:
    """Digits with spaces, '+', '-', '(', ')' and '.' are a phone number."""
    assert check_phone(phone) == phone


@pytest.mark.parametrize(
    "phone", ["call 555-0100", "555/0100", "12", "5" * 21, "1+555", "555\u202e0100", "٥٥٥-٠١٠٠", "1 " * 16]
)
def test_anything_else_is_not_a_phone_number(phone: str) -> None:
    """Letters, slashes, too few or too many digits, a '+' inside, hidden or non-ASCII digits: not a phone."""
    with pytest.raises(ValueError, match="is not a phone number"):
        check_phone(phone)


DEVICE_NAMES = ["CON", "con.txt", "Nul", "PRN", "aux.md", "COM1", "com9.txt", "LPT1", "lpt9.backup.md", "COM0"]
NOT_DEVICES = ["console", "prn1", "common", "nul-1", "com10", "lpt"]


def test_windows_device_names_fail_their_batch_row(runner: CliRunner, tmp_path: Path) -> None:
    """CON, nul, COM1.txt ... as a batch id fail their row like any unusable id; similar names are fine (N-9)."""
    patients = tmp_path / "p.csv"
    lines = [f"{ident},endoscopic,2024-05-01" for ident in (*DEVICE_NAMES, *NOT_DEVICES)]
    patients.write_text("id,procedure,date\n" + "\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run_cli(runner, "batch", str(patients), "-o", str(tmp_path / "plans"))
    assert code == 1
    for line, ident in enumerate(DEVICE_NAMES, start=2):
        assert f"p.csv:{line} ({ident}): id '{ident}' is not usable; it is a name Windows keeps for a device" in err
    written = sorted(path.stem for path in (tmp_path / "plans").glob("*.md"))
    assert written == sorted(NOT_DEVICES)


@pytest.mark.parametrize("ident", DEVICE_NAMES)
def test_windows_device_names_are_not_patient_ids(runner: CliRunner, tmp_path: Path, ident: str) -> None:
    """--patient-id CON (any case, any extension) is a usage error that says why, like other bad ids (N-9)."""
    output = str(tmp_path / "plan.json")
    options = ("-p", "endoscopic", "-d", "2024-05-01", "-f", "fhir", "--patient-id", ident, "-o", output)
    code, _, err = run_cli(runner, "export", *options)
    assert code == 2
    assert f"'{ident}' is not a usable patient id; it is a name Windows keeps for a device" in err
    assert not Path(output).exists()


def test_a_long_saved_protocol_path_is_clipped_in_every_message(runner: CliRunner, tmp_path: Path) -> None:
    """A 5,000-character protocol path in the profile is echoed clipped, not in full (N-10)."""
    long_path = "/" + "a" * 5000 + "/clinic.yaml"
    profile = tmp_path / "config" / "profile.toml"
    profile.parent.mkdir()
    profile.write_text(f'procedure = "endoscopic"\nsurgery_date = 2024-05-01\nprotocol = "{long_path}"\n')
    code, _, err = run_cli(runner, "status", "--today", "2024-05-20")
    assert code == 1
    assert "Using your profile" in err and "clinic.yaml" in err
    assert len(err) < 1000, err
    assert all(len(line) < 400 for line in err.splitlines())


def test_long_paths_are_clipped_in_batch_messages(runner: CliRunner, tmp_path: Path) -> None:
    """A batch's patient list, folder and report paths are echoed clipped, however long (N-10)."""
    deep = tmp_path
    for _ in range(12):
        deep = deep / ("d" * 30)
    deep.mkdir(parents=True)
    patients = deep / "patients.csv"
    patients.write_text("id,procedure,date\np1,endoscopic,2024-05-01\np2,nowhere,2024-05-01\n", encoding="utf-8")
    code, _, err = run_cli(runner, "batch", str(patients), "-o", str(deep / "plans"), "--report", str(deep / "r.csv"))
    assert code == 1
    assert "Wrote 1 plan" in err and "patients.csv:3 (p2)" in err
    assert str(deep) not in err
    assert all(len(line) < 400 for line in err.splitlines()), err


def refuse_reading(path: object, limit: int = 0) -> bytes:
    """What reading a file the user may not read does (the tests run as root, who may read anything)."""
    raise PermissionError(errno.EACCES, "Permission denied")


def test_an_unreadable_profile_is_a_permission_problem(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """A profile that cannot be read for lack of permission says so, not that it is invalid (N-12)."""
    monkeypatch.setattr("spinerecov.knowledge.input_files.read_regular_file", refuse_reading)
    code, out, err = run_cli(runner, "status", "-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-05-20")
    assert code == 1 and out == ""
    assert "Cannot read your saved profile" in err and "Permission denied" in err
    assert "not valid" not in err and "profile clear" not in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root may read any file")
def test_a_profile_in_a_closed_folder_is_a_permission_problem(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A profile in a folder the user may not enter is a permission problem, for real (N-12)."""
    closed = tmp_path / "closed"
    closed.mkdir()
    (closed / "profile.toml").write_text('procedure = "endoscopic"\n')
    closed.chmod(0)
    monkeypatch.setenv("SPINERECOV_PROFILE", str(closed / "profile.toml"))
    try:
        code, _, err = run_cli(runner, "status")
    finally:
        closed.chmod(0o700)
    assert code == 1
    assert "Cannot read your saved profile" in err and "not valid" not in err
