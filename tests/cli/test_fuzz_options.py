"""Arbitrary strings into every option and argument of every command, found from the app: exit 0, 1 or 2, one clean end.

The commands and their options are read from the Typer app itself, so an
option added later is fuzzed without touching this file. Values that name a
file or folder are kept inside the test's working folder (a random absolute
path must not be written to), and the shell-completion installer, which edits
the user's shell start-up files, is left out.
"""

from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from spinerecov.cli import app, app_for
from spinerecov.store.profile import profile_path

NOT_FUZZED = {"--install-completion", "--show-completion"}
"""Typer's completion options: they install into, or print, shell start-up files; nothing of ours is parsed."""
PATH_METAVARS = ("FILE", "DIR", "PATH")
BASELINE = {"can-i": ["lift"], "batch": ["patients.csv", "--out-dir", "plans"], "compare": ["tubular"]}
"""Arguments that let a command get past 'missing argument', so its options reach the command itself."""


def _commands(command: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        return {path: command}
    found: dict[tuple[str, ...], Any] = {}
    for name, sub in subcommands.items():
        found |= _commands(sub, (*path, name))
    return found


ROOT = typer.main.get_command(app)
COMMANDS = _commands(ROOT)
ROOT_OPTIONS = [p for p in ROOT.params if not set(p.opts) & NOT_FUZZED]

NUMBERISH = st.sampled_from(
    ["٤٠", "١٢", "１２", "4_0", "0x10", "1e400", "inf", "nan", "-0", "+3", "4,5", "1,000", "3650", "521", "0", "-1"]
)
DATEISH = st.sampled_from(
    ["2024-05-01", "2024-02-30", "9999-12-31", "0001-01-01", "2024-W18", "20240501", "١٩٥٠-٠١-٠١"]
)
DIGITS = st.sampled_from([20, 309, 310, 400, 3000, 4300, 4301, 5000]) | st.integers(20, 6000)
"""Lengths around the float limit (309 digits) and Python's int-from-text limit (4300 digits), and any other."""
HUGE = st.tuples(st.sampled_from(["", "+", "-", "1/", "0.", "1."]), DIGITS).map(lambda t: t[0] + "9" * t[1])
ODD = st.text(st.characters(categories=["Nd", "Cc", "Cf", "Zs", "No"], exclude_characters="\x00"), max_size=8)
VALUES = st.one_of(
    st.text(max_size=20).map(lambda text: text.replace("\x00", "")),
    NUMBERISH,
    DATEISH,
    HUGE,
    HUGE,
    HUGE,
    HUGE.map(lambda text: text + "kg"),
    ODD,
    st.sampled_from(["10kg", "4,5kg", "lift", "endoscopic", "es", "\x1b[2J\x1b]0;X\x07", "\u202e1", ""]),
)
"""Arbitrary text, huge digit strings with and without signs, digits of other scripts, control and format characters."""


def _value_for(param: Any, text: str) -> str:
    """A file or folder stays inside the working folder: 'w-' and the text, slashes replaced."""
    if any(kind in (param.metavar or "") for kind in PATH_METAVARS) or param.name in {"patients", "file"}:
        return "w-" + text.replace("/", "_").replace("\\", "_")
    return text


def _fuzzed(command: Any) -> list[Any]:
    return [p for p in command.params if not set(p.opts) & NOT_FUZZED]


PAIRS = [
    (path, param)
    for path, command in sorted(COMMANDS.items())
    for param in _fuzzed(command)
    if not getattr(param, "is_flag", False)
]
"""Every (command, option or argument that takes a value): an example fuzzes one of these first, all equally likely."""


def _with_value(draw: st.DrawFn, param: Any) -> list[str]:
    if param.param_type_name == "argument":
        return [_value_for(param, draw(VALUES))]
    name = draw(st.sampled_from([*param.opts, *param.secondary_opts]))
    return [name] if param.is_flag else [name, _value_for(param, draw(VALUES))]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A command and one of its options or arguments, maybe its baseline arguments and more options, fuzzed."""
    path, first = draw(st.sampled_from(PAIRS))
    args: list[str] = []
    for option in draw(st.lists(st.sampled_from(ROOT_OPTIONS), max_size=1)):
        args += _with_value(draw, option)
    args += [*path, *_with_value(draw, first)]
    if draw(st.booleans()):
        args += BASELINE.get(" ".join(path), [])
    for param in draw(st.lists(st.sampled_from(_fuzzed(COMMANDS[path])), max_size=2)):
        args += _with_value(draw, param)
    return args


def test_every_command_and_option_is_fuzzed() -> None:
    """The discovery finds every command and the options whose values this issue is about."""
    names = {" ".join(path) for path in COMMANDS}
    assert {"can-i", "timeline", "batch", "profile set", "kb check", "export", "status"} <= names
    options = {opt for command in COMMANDS.values() for p in command.params for opt in p.opts}
    numbers = {"--week", "--day", "--on", "--age", "--bmi", "--levels", "--weight", "--jobs", "--part", "--today"}
    assert numbers <= options


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with a small patient list (the batch baseline)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "patients.csv").write_text("id,procedure,date,age\np1,endoscopic,2024-05-01,40\n")
    return tmp_path


@pytest.mark.usefixtures("workdir")
@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(args=command_lines())
@example(args=["can-i", "lift", "--week", "9" * 400])  # the fuzzers' findings (N-2 class), always tried
@example(args=["timeline", "-d", "2024-05-01", "--age", "-" + "9" * 3000])
@example(args=["batch", "patients.csv", "-o", "plans", "--part", "1/" + "9" * 5000])
def test_arbitrary_values_in_every_option_end_cleanly(args: list[str]) -> None:
    """Exit 0, 1 or 2; no traceback, no 'unexpected failure'; no escape sequence reaches the screen."""
    result = CliRunner().invoke(app_for(args), args)  # as `spinerecov ARGS` runs: the named command's app
    profile_path().unlink(missing_ok=True)  # a saved setting must not decide every later example
    assert result.exit_code in {0, 1, 2}, (args, result.output[-2000:])
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
    assert "Traceback" not in result.output, (args, result.output[-2000:])
    assert "unexpected failure" not in result.stderr, (args, result.stderr)
    assert "\x1b" not in result.output and "\x9b" not in result.output, args


WORST = ["-" + "9" * 400, "1/" + "9" * 5000, "٤٠\x1b[2J\u202e"]
"""The values that broke options before: past the float limit, past Python's digit limit, other scripts, escapes."""


@pytest.mark.usefixtures("workdir")
def test_the_worst_values_in_every_option_end_cleanly() -> None:
    """Each of WORST into each option and argument of each command (no sampling): exit 0, 1 or 2, never a traceback."""
    runner = CliRunner()
    for path, param in PAIRS:
        for value in WORST:
            args = [*path, param.opts[0], _value_for(param, value)]
            if param.param_type_name == "argument":
                args = [*path, _value_for(param, value)]
            result = runner.invoke(app_for(args), args)
            profile_path().unlink(missing_ok=True)
            assert result.exit_code in {0, 1, 2}, (args[:4], result.output[-2000:])
            assert result.exception is None or isinstance(result.exception, SystemExit), (args[:4], result.exception)
            assert "unexpected failure" not in result.stderr and "\x1b" not in result.output, (args[:4], result.stderr)
