"""Completion in real bash, zsh and fish: a clinic protocol's text never runs as a shell command.

A protocol whose procedure names are built to break out of a shell's quoting
(one name ends in a backslash, the next holds `) ; touch PWNED ; (`) is
completed in each shell, with the protocol on the line and saved only in the
profile. Nothing may create the marker file. zsh needs a real interactive
completion (its `_arguments` evaluates the reply), so it runs in a
pseudo-terminal with compinit and Tab.
"""

import copy
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, dump_yaml, plain_yaml

NO_SHELL_DETECTION = "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"
MARKER = "PWNED"


def spinerecov_command() -> str:
    """The installed `spinerecov` script (what a user's shell runs)."""
    script = Path(sys.executable).with_name("spinerecov")
    if not script.exists():
        pytest.skip("the spinerecov console script is not installed beside this Python")
    return str(script)


def need(shell: str) -> str:
    """The path of `shell`, or skip: these tests drive the real shell."""
    found = shutil.which(shell)
    if found is None:
        pytest.skip(f"{shell} is not installed (the CI image needs it: apt-get install -y zsh fish)")
    return found


def hostile_protocol(folder: Path) -> Path:
    """The example protocol with two procedures whose names escape zsh's quoting in a naive completion."""
    data = plain_yaml((ROOT / "examples" / "clinic-protocol.yaml").read_text(encoding="utf-8"))
    data.pop("translations", None)
    base = data["procedures"]["mis-decompression"]
    first, second = copy.deepcopy(base), copy.deepcopy(base)
    first["aliases"] = second["aliases"] = []
    first["name"] = "A\\"  # ends with a backslash: it would escape the closing quote
    second["name"] = f") ; touch {MARKER} ; ( echo \\"  # then this would be shell syntax
    data["procedures"]["zz-a"], data["procedures"]["zz-b"] = first, second
    path = folder / "comp.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


def shell_env(folder: Path, profile_protocol: Path | None = None) -> dict[str, str]:
    """A clean environment: spinerecov on PATH, a throwaway HOME and profile (saving the protocol if given)."""
    profile = folder / "profile.toml"
    if profile_protocol is not None:
        profile.write_text(f'protocol = "{profile_protocol}"\n', encoding="utf-8")
    bin_dir = str(Path(spinerecov_command()).parent)
    return {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "HOME": str(folder),
        "LANG": "C.UTF-8",
        "TERM": "xterm",
        "SPINERECOV_PROFILE": str(profile),
        "SPINERECOV_CACHE_DIR": os.environ["SPINERECOV_CACHE_DIR"],  # the test run's shared cache, warm
        NO_SHELL_DETECTION: "1",
    }


_SCRIPTS: dict[str, str] = {}
"""Each shell's completion script, as the installed command printed it the first time (it names no file)."""


def completion_script(shell: str, env: dict[str, str], folder: Path) -> Path:
    """The script `spinerecov --show-completion SHELL` prints, saved to a file."""
    if shell not in _SCRIPTS:
        done = subprocess.run(
            [spinerecov_command(), "--show-completion", shell], capture_output=True, text=True, env=env, timeout=60
        )
        assert done.returncode == 0, done.stderr
        _SCRIPTS[shell] = done.stdout
    script = folder / f"completion.{shell}"
    script.write_text(_SCRIPTS[shell], encoding="utf-8")
    return script


LINES = {
    "on the line": "spinerecov can-i drive --protocol {protocol} -p zz",
    "in the profile": "spinerecov can-i drive -p zz",
}
"""The command line being completed: with --protocol typed, or with the protocol saved in the profile."""


def case(tmp_path: Path, where: str) -> tuple[dict[str, str], str]:
    """The environment and the line to complete for `where` the protocol comes from."""
    protocol = hostile_protocol(tmp_path)
    env = shell_env(tmp_path, protocol if where == "in the profile" else None)
    return env, LINES[where].format(protocol=protocol)


@pytest.mark.parametrize("where", sorted(LINES))
def test_bash_completion_runs_nothing_from_a_protocol(tmp_path: Path, where: str) -> None:
    """In bash, the completion function offers the protocol's ids, and no procedure name runs as a command."""
    bash = need("bash")
    env, line = case(tmp_path, where)
    script = completion_script("bash", env, tmp_path)
    words = line.split(" ")
    program = (
        f"source {script}\n"
        f"COMP_WORDS=({' '.join(words)}); COMP_CWORD={len(words) - 1}\n"
        "_spinerecov_completion spinerecov\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["zz-a", "zz-b"]
    assert not (tmp_path / MARKER).exists()


@pytest.mark.parametrize("where", sorted(LINES))
def test_fish_completion_runs_nothing_from_a_protocol(tmp_path: Path, where: str) -> None:
    """In fish, `complete -C` offers the protocol's ids with harmless help, and no procedure name runs."""
    fish = need("fish")
    env, line = case(tmp_path, where)
    script = completion_script("fish", env, tmp_path)
    done = subprocess.run(
        [fish, "--no-config", "-c", f"source {script}; complete -C '{line}'"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    offered = dict(entry.split("\t", 1) for entry in done.stdout.splitlines())
    assert sorted(offered) == ["zz-a", "zz-b"]
    assert all(re.fullmatch(r"[\w ,.-]*", help_text) for help_text in offered.values()), offered
    assert not (tmp_path / MARKER).exists()


class Terminal:
    """A program on a pseudo-terminal: type into it, and wait for what it shows."""

    def __init__(self, command: list[str], env: dict[str, str], cwd: Path) -> None:
        """Start `command` with a pseudo-terminal as its standard input, output and error."""
        self.leader, follower = pty.openpty()
        self.process = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower, env=env, cwd=cwd)
        os.close(follower)
        self.screen = b""

    def type(self, keys: bytes, then: bytes, seconds: float = 120) -> None:
        """Type `keys`, then read until `then` appears in what follows (or `seconds` pass)."""
        seen = len(self.screen)
        os.write(self.leader, keys)
        deadline = time.monotonic() + seconds
        while then not in self.screen[seen:] and time.monotonic() < deadline and self.process.poll() is None:
            self.screen += read_for(self.leader, 0.2)

    def close(self) -> str:
        """End the program; everything it showed."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)
        os.close(self.leader)
        return self.screen.decode("utf-8", "replace")


def read_for(descriptor: int, seconds: float) -> bytes:
    """What the terminal shows within `seconds` (empty once the program has gone)."""
    ready, _, _ = select.select([descriptor], [], [], seconds)
    if not ready:
        return b""
    try:
        return os.read(descriptor, 65536)
    except OSError:  # the program ended and the terminal closed
        return b""


@pytest.mark.parametrize("where", sorted(LINES))
def test_zsh_completion_runs_nothing_from_a_protocol(tmp_path: Path, where: str) -> None:
    """Zsh (compinit, Tab in a real terminal): the protocol's ids are listed, and no procedure name runs."""
    zsh = need("zsh")
    env, line = case(tmp_path, where)
    script = completion_script("zsh", env, tmp_path)
    terminal = Terminal([zsh, "-f", "-i"], env, tmp_path)
    try:
        terminal.type(b"", then=b" ", seconds=30)  # the first prompt: zsh drops what is typed before it
        prompt = b"READY> "
        terminal.type(b"PS1='READY''> '\n", then=prompt)  # a prompt that typed text never shows
        # no_list_ambiguous: the first Tab both inserts the common start (zz-) and lists the choices.
        terminal.type(b"autoload -U compinit; compinit -u -D; setopt no_list_ambiguous\n", then=prompt)
        terminal.type(f"source {script}\n".encode(), then=prompt)
        # Tab: zsh asks spinerecov and evaluates its answer; it lists both ids (with their help) when done.
        terminal.type(line.encode() + b"\t", then=b"zz-b", seconds=60)
        terminal.type(b"\x15", then=b"", seconds=0)  # Ctrl-U empties the line: it never runs
        terminal.type(b"print END-OF-'TEST'\n", then=b"END-OF-TEST", seconds=30)
        terminal.type(b"exit\n", then=b"", seconds=0)
    finally:
        screen = terminal.close()
    assert not (tmp_path / MARKER).exists(), screen
    assert "END-OF-TEST" in screen, screen
    assert "zz-a" in screen and "zz-b" in screen, screen  # the completion really ran and listed both
