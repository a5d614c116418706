"""Text from data never reaches the terminal as escape sequences or control characters, whatever renders it."""

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.testing import CliRunner

from conftest import as_in_a_new_process
from spinerecov.cli import app
from spinerecov.knowledge.cache import cache_key
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.output.safe_text import terminal_safe
from spinerecov.output.terminal.console import SafeConsole

HOSTILE_TEXT = "Spine Clinic\r\x1b[2K\x1b[1A\x1b]0;HACKED\x07\x9b2J\x00\x7f"


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("Spine Clinic\r\x1b[2K\x1b[1A\x1b[2K", "Spine Clinic"),
        ("a\x1b]0;HACKED\x07b", "ab"),
        ("a\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\", "alink"),
        ("a\x9b31mb", "ab"),
        ("a\x9d0;title\x9cb", "ab"),
        ("a\x00b\x7f\x08c", "abc"),
        ("line\rover", "lineover"),
        ("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
        ("tab\tand\nnewline, 38 °C, é", "tab\tand\nnewline, 38 °C, é"),
    ],
)
def test_terminal_safe(text: str, safe: str) -> None:
    """Escape sequences (CSI, OSC, 8-bit) and control characters go; tabs, newlines, CR-LF and Unicode stay."""
    assert terminal_safe(text) == safe


def test_the_console_makes_data_safe_but_keeps_its_own_styles() -> None:
    """SafeConsole strips escapes that came in text and table cells, and still draws its own colours."""
    buffer = io.StringIO()
    console = SafeConsole(file=buffer, force_terminal=True, color_system="standard", width=80)
    table = Table("name")
    table.add_row(HOSTILE_TEXT)
    console.print(Text(HOSTILE_TEXT, style="bold red"))
    console.print(table)
    written = buffer.getvalue()
    assert "HACKED" not in written and "\x1b[2K" not in written and "\x9b" not in written and "\x00" not in written
    assert "\x1b[1m" in written  # Rich's own bold (colour is off: NO_COLOR)
    plain = Console(file=io.StringIO(), force_terminal=True, color_system="standard", width=80)
    plain.print(Text(HOSTILE_TEXT))
    assert "HACKED" in plain.file.getvalue()  # type: ignore[attr-defined]  # the plain Console would pass it


@pytest.fixture
def hostile_clinic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A knowledge base whose clinic name carries escape sequences, planted in our own trusted cache.

    `kb check` and every load refuse such text, so this is the defence behind that one: whatever
    text reaches a renderer, the terminal never sees its escapes.
    """
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("SPINERECOV_CACHE_DIR", str(folder))
    kb = load_knowledge_base(resolve_kb_path())
    data = kb.model_dump(mode="json")
    data["clinic"] = {"name": HOSTILE_TEXT, "phone": "555\x1b]0;HACKED\x07", "note": "Note\x1b[1A"}
    data["red_flags"][0]["symptom"] += "\x1b[2K\x1b[1A"
    key = cache_key(resolve_kb_path().read_bytes(), None)
    record = folder / f"kb-{key[:32]}.json"
    record.write_text(json.dumps({"key": key, "kb": data}))
    record.chmod(0o600)
    as_in_a_new_process()


@pytest.mark.usefixtures("hostile_clinic")
@pytest.mark.parametrize(
    "args",
    [
        ("can-i", "drive", "--week", "3"),
        ("red-flags",),
        ("timeline", "-d", "2024-05-01", "--today", "2024-05-20"),
        ("status", "-d", "2024-05-01", "--today", "2024-05-20"),
        ("export", "-d", "2024-05-01", "-o", "-"),
        ("export", "-d", "2024-05-01", "-o", "-", "--format", "ics"),
        ("compare", "endoscopic", "tubular"),
    ],
)
def test_no_renderer_passes_escapes_from_data(runner: CliRunner, args: tuple[str, ...]) -> None:
    """Plain text (can-i, export), Rich tables and panels: the clinic's text is shown, its escapes are not."""
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    out = result.stdout_bytes.decode("utf-8")
    assert "Spine Clinic" in out
    assert "HACKED" not in out and "\x1b" not in out and "\x9b" not in out and "\x00" not in out
    if args[-1] == "ics":
        assert "\r\n" in out  # calendar line ends are kept
    else:
        assert "\r" not in out
