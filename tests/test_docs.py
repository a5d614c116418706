"""The README stays true: its set-up commands, its examples' real output, and every command documented."""

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from spinerecov.cli.app import app

README = (ROOT / "README.md").read_text(encoding="utf-8")
CONSOLE_BLOCK = re.compile(r"```console\n\$ (spinerecov [^\n]*)\n(.*?)```", re.DOTALL)
ELIDED = "[...]"


def test_readme_opens_with_exactly_two_setup_commands() -> None:
    """The first code block holds two commands: install-and-run, and install-tests-and-test."""
    first_block = re.search(r"```sh\n(.*?)```", README, re.DOTALL)
    assert first_block and README.index(first_block.group(0)) < README.index("\n## ")
    commands = first_block.group(1).strip().splitlines()
    assert len(commands) == 2
    assert commands[0].endswith("spinerecov timeline --procedure endoscopic --date 2024-05-01 --today 2024-05-20")
    assert "pip install ." in commands[0]
    assert '".[test]" -c constraints.txt' in commands[1] and "pytest -n auto" in commands[1]


def test_the_first_command_shows_the_screen_the_readme_shows(runner: CliRunner) -> None:
    """The quick start runs the README's timeline example (a live plan marked NOW, not a finished 2024 plan)."""
    first = re.search(r"```sh\n(.*?)```", README, re.DOTALL).group(1).strip().splitlines()[0]  # type: ignore[union-attr]
    shown = first.split(".venv/bin/", 2)[-1]
    assert shown in [command for command, _output in CONSOLE_BLOCK.findall(README)]
    result = runner.invoke(app, shlex.split(shown)[1:])
    assert result.exit_code == 0, result.output
    assert "NOW" in result.stdout and "day 19, week 3" in result.stdout


def test_the_constraints_pin_every_package_the_test_extra_installs() -> None:
    """constraints.txt pins (==) every requirement of the test extra and of the runtime, and says how to remake it."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    text = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    pinned = {
        re.sub(r"[-_.]+", "-", line.split("==")[0]).lower()
        for line in text.splitlines()
        if "==" in line and not line.startswith("#")
    }
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        name = re.sub(r"[-_.]+", "-", re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0]).lower()
        assert name in pinned, name
    assert "uv pip compile pyproject.toml --extra test" in text.split("\n", 3)[1]


def test_ci_runs_the_readme_commands() -> None:
    """.ci/run runs the README's two set-up commands exactly as written, the test command from sh."""
    install, test = re.search(r"```sh\n(.*?)```", README, re.DOTALL).group(1).strip().splitlines()  # type: ignore[union-attr]
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert install in ci_lines
    assert f"sh -c '{test}'" in ci_lines
    # Coverage is measured apart (the README's command runs without it); pyproject.toml fails it under 90 %.
    assert any(line.startswith(".venv/bin/python -m pytest ") and "--cov" in line for line in ci_lines)


def test_every_command_is_documented() -> None:
    """Each CLI command has a section and an example in the README."""
    names = [command.name or command.callback.__name__ for command in app.registered_commands]  # type: ignore[union-attr]
    assert len(names) >= 6
    for name in names:
        assert f"### {name}" in README, name
        assert f"$ spinerecov {name}" in README, name
    assert "### profile" in README and "### kb" in README
    for sub in ("profile set", "profile show", "profile clear", "kb check", "kb schema", "kb sources"):
        assert f"spinerecov {sub}" in README, sub


def _matches(expected: list[str], actual: list[str]) -> bool:
    """Exact match, except that '[...]' lines stand for any number of lines."""
    if ELIDED not in expected:
        return expected == actual
    chunks: list[list[str]] = [[]]
    for line in expected:
        if line == ELIDED:
            chunks.append([])
        else:
            chunks[-1].append(line)
    position = 0
    for index, chunk in enumerate(chunks):
        if not chunk:
            continue
        if index == 0:
            if actual[: len(chunk)] != chunk:
                return False
            position = len(chunk)
            continue
        if index == len(chunks) - 1:
            return actual[-len(chunk) :] == chunk and len(actual) - len(chunk) >= position
        found = next((k for k in range(position, len(actual)) if actual[k : k + len(chunk)] == chunk), None)
        if found is None:
            return False
        position = found + len(chunk)
    return True


def test_readme_examples_are_real_output(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ```console example, run in order in one folder, prints what the README shows."""
    import shutil

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SPINERECOV_PROFILE", "profile.toml")
    examples = CONSOLE_BLOCK.findall(README)
    assert len(examples) >= 8
    for command, shown in examples:
        result = runner.invoke(app, shlex.split(command)[1:])
        actual = [line.rstrip() for line in (result.stderr + result.stdout).splitlines()]
        expected = [line.rstrip() for line in shown.rstrip("\n").splitlines()]
        assert _matches(expected, actual), f"README example differs: {command}\n" + "\n".join(actual)


def test_elision_matcher_can_fail() -> None:
    """The matcher rejects missing, reordered and extra lines (so the README test is not vacuous)."""
    actual = ["a", "b", "c", "d"]
    assert _matches(["a", ELIDED, "d"], actual)
    assert _matches(["a", ELIDED, "c", ELIDED], actual)
    assert not _matches(["a", ELIDED, "x"], actual)
    assert not _matches(["c", ELIDED, "b", ELIDED], actual)
    assert not _matches(["a", "b"], actual)


def test_the_golden_update_switch_never_passes_a_difference(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """SPINERECOV_UPDATE_GOLDEN=1 rewrites a differing golden file and fails; only a match passes; CI refuses it."""
    import conftest

    monkeypatch.setattr(conftest, "GOLDEN", tmp_path)
    (tmp_path / "g.txt").write_text("old")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("SPINERECOV_UPDATE_GOLDEN", "1")
    with pytest.raises(pytest.fail.Exception, match="was rewritten"):
        conftest.check_golden("g.txt", "new")
    assert (tmp_path / "g.txt").read_text() == "new"
    conftest.check_golden("g.txt", "new")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(AssertionError, match="never for CI"):
        conftest.check_golden("g.txt", "new")
    monkeypatch.delenv("SPINERECOV_UPDATE_GOLDEN")
    with pytest.raises(AssertionError, match="differs from the golden file"):
        conftest.check_golden("g.txt", "newer")
