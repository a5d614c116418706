"""Shell completion: commands, options, choices, procedure and activity names (with a protocol's), and file paths."""

import os
import subprocess
import sys
from pathlib import Path
from typing import cast

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import ROOT, plain_yaml, run_cli
from spinerecov.cli import COMPLETE_ENV, app, app_for
from spinerecov.cli.completion import HELP_LIMIT, complete_activity, complete_procedure, shell_help

PROTOCOL = str(ROOT / "examples" / "clinic-protocol.yaml")


class FakeContext:
    """The part of a Typer context the callbacks read: the parameters parsed so far."""

    def __init__(self, **params: str) -> None:
        """Hold `params`."""
        self.params = params


def context(**params: str) -> typer.Context:
    """A context as the shell's completion request would give it, with these options typed so far."""
    return cast(typer.Context, FakeContext(**params))


def bash(runner: CliRunner, words: str) -> list[str]:
    """What bash is offered for the last word of `words` (Typer's completion protocol, in-process)."""
    env = {COMPLETE_ENV: "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)}
    result = runner.invoke(app, [], env=env, prog_name="spinerecov")
    assert result.exit_code == 0, result.output
    return [word for word in result.stdout.splitlines() if word]  # bash drops empty words


def test_activity_callback_completes_ids_and_aliases_with_their_names() -> None:
    """`dr` gives the id `drive` and the alias `driving`, each with the activity's name to show."""
    found = complete_activity(context(), "dr")
    assert ("drive", "Driving") in found
    assert ("driving", "Driving - drive") in found
    assert all(name.startswith("dr") for name, _ in found)


def test_procedure_callback_adds_a_protocols_procedures(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clinic protocol's new procedure completes with --protocol or $SPINERECOV_PROTOCOL, not without."""
    assert "mis-decompression" not in dict(complete_procedure(context(), "mis"))
    assert "mis-decompression" in dict(complete_procedure(context(protocol=PROTOCOL), "mis"))
    monkeypatch.setenv("SPINERECOV_PROTOCOL", PROTOCOL)
    assert "mis-decompression" in dict(complete_procedure(context(), "mis"))


def test_procedure_callback_uses_the_profiles_protocol(runner: CliRunner) -> None:
    """With no --protocol and no environment variable, the saved profile's protocol applies, as in commands."""
    code, _, err = run_cli(runner, "profile", "set", "--protocol", PROTOCOL)
    assert code == 0, err
    assert "mis-decompression" in dict(complete_procedure(context(), "mis-d"))


@given(st.text())
def test_help_text_holds_nothing_a_shell_could_read(name: str) -> None:
    """Whatever a name holds, its completion help is only letters, digits, spaces, ',', '.' and '-', and short."""
    shown = shell_help(name)
    assert all(ch.isalnum() or ch in " ,.-" for ch in shown)
    assert "_" not in shown and len(shown) <= HELP_LIMIT


def test_help_text_keeps_readable_names() -> None:
    """Accented letters, digits and plain punctuation stay; quotes, backslashes and shell syntax go."""
    assert shell_help("Cirugía endoscópica, L4-L5.") == "Cirugía endoscópica, L4-L5."
    assert shell_help(') ; touch PWNED ; ( echo \\"$(id)`x`') == "touch PWNED echo id x"


def test_a_protocols_hostile_names_complete_as_plain_words(tmp_path: Path) -> None:
    """Names built to break a shell's quoting complete with their ids and harmless help (N-1)."""
    import yaml

    data = plain_yaml(Path(PROTOCOL).read_text(encoding="utf-8"))
    data.pop("translations")
    data["procedures"]["mis-decompression"]["name"] = 'A\\ ) ; touch PWNED ; ( "$(id)" `id`'
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(yaml.safe_dump(data), encoding="utf-8")
    found = dict(complete_procedure(context(protocol=str(hostile)), "mis-d"))
    assert found["mis-decompression"] == "A touch PWNED id id"


def test_callbacks_complete_nothing_when_the_knowledge_cannot_be_read(tmp_path: Path) -> None:
    """A missing or broken protocol completes nothing (the shell falls back to files) instead of failing."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("procedures: [", encoding="utf-8")
    assert complete_procedure(context(protocol=str(broken)), "") == []
    assert complete_activity(context(protocol=str(tmp_path / "missing.yaml")), "") == []


def test_bash_completes_commands_options_and_choices(runner: CliRunner) -> None:
    """Through Typer's bash protocol: command names, option names and an option's choices."""
    assert bash(runner, "spinerecov ti") == ["timeline"]
    assert bash(runner, "spinerecov timeline --pro") == ["--procedure", "--protocol"]
    assert bash(runner, "spinerecov timeline --job ") == ["desk", "light", "manual", "heavy"]
    assert "--install-completion" in bash(runner, "spinerecov --")


def test_bash_completes_names_from_the_knowledge_base_and_a_protocol(runner: CliRunner) -> None:
    """Activity, procedure option and compare's procedure arguments complete; --protocol typed first adds its own."""
    assert bash(runner, "spinerecov can-i lif") == ["lift", "lifting", "lifts"]
    assert "endoscopic" in bash(runner, "spinerecov timeline -p endo")
    assert "tubular" in bash(runner, "spinerecov compare endoscopic tub")
    with_protocol = bash(runner, f"spinerecov status --protocol {PROTOCOL} --procedure mis-d")
    assert "mis-decompression" in with_protocol


def test_file_options_leave_completion_to_the_shell(runner: CliRunner) -> None:
    """File options offer no words, so bash (-o default), zsh (_files) and fish complete paths."""
    assert bash(runner, "spinerecov timeline --protocol ex") == []
    assert bash(runner, "spinerecov export --output pl") == []
    env = {COMPLETE_ENV: "complete_zsh", "_TYPER_COMPLETE_ARGS": "spinerecov kb check --protocol "}
    result = runner.invoke(app, [], env=env, prog_name="spinerecov")
    assert result.stdout.strip() == "_files"


NO_SHELL_DETECTION = "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"
"""Typer's switch for tests: the completion options take the shell named, never the one that runs the tests.

Without it, Typer asks which shell started the process, so the outcome would depend on the caller:
under `sh` (cron, subprocess, many CI systems) it says "Shell sh not supported".
"""
SCRIPT_MARKS = {
    "bash": "complete -o default -F",
    "zsh": "#compdef spinerecov",
    "fish": "complete --command spinerecov",
    "powershell": "Register-ArgumentCompleter",
}


@pytest.mark.parametrize("shell", sorted(SCRIPT_MARKS))
def test_show_completion_prints_each_shells_script(
    runner: CliRunner, shell: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--show-completion SHELL prints that shell's script, which calls back with _SPINERECOV_COMPLETE."""
    monkeypatch.setenv(NO_SHELL_DETECTION, "1")
    result = runner.invoke(app, ["--show-completion", shell], prog_name="spinerecov")
    assert result.exit_code == 0, result.output
    assert "_SPINERECOV_COMPLETE" in result.stdout and SCRIPT_MARKS[shell] in result.stdout
    assert all(mark not in result.stdout for other, mark in SCRIPT_MARKS.items() if other != shell)


def test_the_installed_command_completes_and_installs(tmp_path: Path) -> None:
    """The real entry point (which builds a lean app per command) completes, and --install-completion writes."""
    script = Path(sys.executable).with_name("spinerecov")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "spinerecov"]
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "SPINERECOV_PROFILE": str(tmp_path / "none.toml"),
        NO_SHELL_DETECTION: "1",
    }
    asked = {COMPLETE_ENV: "complete_zsh", "_TYPER_COMPLETE_ARGS": "spinerecov can-i swi"}
    done = subprocess.run(command, capture_output=True, text=True, env={**env, **asked}, check=True)
    assert '"swim"' in done.stdout and "_arguments" in done.stdout
    done = subprocess.run([*command, "--install-completion", "bash"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "_SPINERECOV_COMPLETE" in (tmp_path / ".bash_completions" / "spinerecov.sh").read_text()


def test_app_for_keeps_every_command_while_completing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A completion request gets the full app, even if words reach argv; a normal run gets the lean one."""
    assert len(app_for(["timeline"]).registered_commands) == 1
    monkeypatch.setenv(COMPLETE_ENV, "complete_bash")
    assert app_for(["timeline"]) is app
