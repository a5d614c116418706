"""The rest of the ecosystem review: completion after --lang and of every accepted name, --show-completion SHELL.

Also ';'-separated patient lists and the cache folder.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import run_cli
from spinerecov.cli import COMPLETE_ENV, app
from spinerecov.knowledge.cache import cache_dir


def bash(runner: CliRunner, words: str) -> list[str]:
    """What bash is offered for the last word of `words` (Typer's completion protocol, in-process)."""
    env = {COMPLETE_ENV: "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)}
    result = runner.invoke(app, [], env=env, prog_name="spinerecov")
    assert result.exit_code == 0, result.output
    return [word for word in result.stdout.splitlines() if word]


def test_lang_before_the_command_completes_names_in_that_language(runner: CliRunner) -> None:
    """COMP-1: `spinerecov --lang es can-i lev` completes the Spanish names, as `can-i --lang es lev` does."""
    before = bash(runner, "spinerecov --lang es can-i lev")
    assert "levantar" in before
    assert before == bash(runner, "spinerecov can-i --lang es lev")
    assert "levantar" not in bash(runner, "spinerecov can-i lev")


def test_the_commands_own_lang_wins_over_the_one_before_it(runner: CliRunner) -> None:
    """`spinerecov --lang es can-i --lang en lev` completes English names: the nearest --lang wins, as when run."""
    assert "levantar" not in bash(runner, "spinerecov --lang es can-i --lang en lev")


def test_ambiguous_names_the_readme_teaches_complete(runner: CliRunner) -> None:
    """K-04: microdiscectomy and tlif complete (accepted names); Spanish aliases complete under --lang es."""
    assert "microdiscectomy" in bash(runner, "spinerecov timeline -p micro")
    assert "tlif" in bash(runner, "spinerecov timeline -p tl")
    assert "tlif" in bash(runner, "spinerecov compare tl")
    assert "endoscopica" in bash(runner, "spinerecov --lang es timeline -p endo")
    assert "microdiscectomia-tubular" in bash(runner, "spinerecov --lang es compare micro")


def test_every_completed_procedure_name_is_accepted(runner: CliRunner) -> None:
    """Each procedure name completion offers (ids, aliases, ambiguous names) is one `timeline` accepts."""
    for name in bash(runner, "spinerecov timeline -p "):
        code, _, err = run_cli(runner, "timeline", "-p", name, "-d", "2024-05-01", "--today", "2024-05-20")
        assert code == 0, (name, err)


@pytest.mark.parametrize(("shell", "first_line"), [("zsh", "#compdef spinerecov"), ("fish", "complete --command")])
def test_show_completion_prints_the_named_shells_script_from_bash(shell: str, first_line: str) -> None:
    """COMP-2: `spinerecov --show-completion zsh` run from bash prints the zsh script (also `=fish`)."""
    script = Path(sys.executable).with_name("spinerecov")
    if not script.exists():
        pytest.skip("the spinerecov console script is not installed beside this Python")
    env = {"PATH": "/usr/bin:/bin", "SHELL": "/bin/bash", "HOME": "/nonexistent"}
    for args in (["--show-completion", shell], [f"--show-completion={shell}"]):
        done = subprocess.run(
            ["/bin/bash", "-c", '"$0" "$@"', str(script), *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
            env=env,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(first_line)
        assert "_spinerecov_completion() {\n    local IFS" not in done.stdout, "not the bash script"


@pytest.mark.parametrize(
    ("header", "named"),
    [("id;procedure;date", "';'"), ("id\tprocedure\tdate", "a tab"), ("ID;Procedure;Date;smoker", "';'")],
)
def test_a_list_with_another_separator_names_it_and_the_fix(
    runner: CliRunner, tmp_path: Path, header: str, named: str
) -> None:
    """CLI-1: a ';' (or tab) separated list is one message naming the separator and the fix, file:1, exit 2."""
    sep = ";" if ";" in header else "\t"
    patients = tmp_path / "semi.csv"
    patients.write_text(f"{header}\np1{sep}endoscopic{sep}2024-05-01\n", encoding="utf-8")
    code, out, err = run_cli(runner, "batch", str(patients), "--out-dir", str(tmp_path / "out"))
    assert code == 2 and out == ""
    assert f"{patients}:1" in err and f"separates its columns with {named}" in err
    assert "Comma delimited" in err and "Unknown column" not in err
    assert not (tmp_path / "out").exists()


def test_a_comma_list_with_a_semicolon_in_a_value_is_read_as_usual(runner: CliRunner, tmp_path: Path) -> None:
    """Only a header that is one column of known names split by ';' is refused: ordinary lists still work."""
    patients = tmp_path / "list.csv"
    patients.write_text("id,procedure,date\np1,endoscopic,2024-05-01\n", encoding="utf-8")
    code, _, err = run_cli(runner, "batch", str(patients), "--out-dir", str(tmp_path / "out"))
    assert code == 0, err
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("name;when\n", encoding="utf-8")
    code, _, err = run_cli(runner, "batch", str(unknown), "--out-dir", str(tmp_path / "o2"))
    assert code == 2 and "separates its columns" not in err


def test_the_cache_folder_comes_from_platformdirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without $SPINERECOV_CACHE_DIR the cache is platformdirs' user cache folder (any OS); the variable wins."""
    import platformdirs

    monkeypatch.delenv("SPINERECOV_CACHE_DIR")
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda name, appauthor=None: str(tmp_path / "Caches" / name))
    assert cache_dir() == tmp_path / "Caches" / "spinerecov"
    monkeypatch.setenv("SPINERECOV_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"
