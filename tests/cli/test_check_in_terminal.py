"""The interactive check-in in a real pseudo-terminal: typed answers, a wrong one asked again, English and Spanish."""

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.plan.triage import questions_for
from spinerecov.store.diary import read_entries

PATIENT = ["-p", "endoscopic", "-d", "2024-05-01", "--today", "2024-06-12"]
PROMPT = b"> "


class Terminal:
    """spinerecov with a pseudo-terminal as its standard input, output and error."""

    def __init__(self, arguments: list[str], env: dict[str, str]) -> None:
        """Start `python -m spinerecov ARGUMENTS` on a new pseudo-terminal."""
        self.leader, follower = pty.openpty()
        command = [sys.executable, "-m", "spinerecov", *arguments]
        self.process = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower, env=env)  # noqa: S603
        os.close(follower)
        self.screen = b""

    def wait_for_prompt(self, count: int, seconds: float = 60) -> None:
        """Read until the `count`-th prompt is on the screen (or the program ends, or time runs out)."""
        deadline = time.monotonic() + seconds
        while self.screen.count(PROMPT) < count and time.monotonic() < deadline:
            ready, _, _ = select.select([self.leader], [], [], 0.2)
            if ready:
                try:
                    self.screen += os.read(self.leader, 65536)
                except OSError:
                    return
            elif self.process.poll() is not None:
                return

    def type(self, line: str) -> None:
        """Type a line and press Enter."""
        os.write(self.leader, line.encode("utf-8") + b"\r")

    def finish(self) -> tuple[int, str]:
        """Read everything until the program ends: its exit code and the whole screen."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.leader], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(self.leader, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                self.screen += chunk
            elif self.process.poll() is not None:
                break
        code = self.process.wait(timeout=30)
        os.close(self.leader)
        return code, self.screen.decode("utf-8", "replace").replace("\r\n", "\n")


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPINERECOV_")}
    env.update(
        SPINERECOV_DIARY=str(tmp_path / "diary.sqlite3"),
        SPINERECOV_PROFILE=str(tmp_path / "profile.toml"),
        SPINERECOV_CACHE_DIR=os.environ["SPINERECOV_CACHE_DIR"],  # the test run's shared cache, warm
        COLUMNS="100",
        NO_COLOR="1",
        LANG="C.UTF-8",
    )
    return env


def _drive(tmp_path: Path, answers: dict[str, list[str]], *options: str) -> tuple[int, str]:
    """Answer each question the endoscopic plan asks, typing `answers[id]` in turn (a wrong one first if given)."""
    kb = load_knowledge_base(resolve_kb_path())
    flags = [*kb.red_flags, *kb.procedures["endoscopic"].red_flags]
    terminal = Terminal(["check-in", *PATIENT, *options], _environment(tmp_path))
    prompts = 0
    try:
        for question in questions_for(kb.check_in.questions, flags):
            for typed in answers.get(question.id, ["no" if question.kind == "yes-no" else ""]):
                prompts += 1
                terminal.wait_for_prompt(prompts)
                terminal.type(typed)
        return terminal.finish()
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()


ANSWERS = {
    "bladder-bowel": ["ok"],
    "leg-weakness": ["1"],
    "leg-pain": ["11", "3"],
    "back-pain": ["2"],
    "pain-medicine": ["simple"],
    "temperature": ["38,5"],
    "wound": ["redd", "1"],
    "walked": ["25"],
    "note": ["first walk outside"],
}


def test_interactive_check_in_with_a_wrong_answer_retyped(tmp_path: Path) -> None:
    """Typed answers on a real terminal; 11 and 'redd' are refused in one line each and asked again; saved."""
    code, screen = _drive(tmp_path, ANSWERS)
    assert code == 0, screen
    assert "How bad is your leg pain now, from 0 (none) to 10" in screen
    assert "11 is not between 0 and 10.\n0-10> 3" in screen
    assert "'redd' is not one of: ok, red, oozing, bleeding, open (did you mean 'red'?).\n" in screen
    assert "  1) as before (clean and dry, or healing) [ok]" in screen
    outcome = screen.index("CALL YOUR SURGEON NOW")
    assert outcome > screen.index("Anything else you want to note")
    assert "Because: temperature 38.5 °C (101.3 °F)." in screen[outcome:]
    [entry] = read_entries(tmp_path / "diary.sqlite3")
    answers = entry.payload["answers"]
    assert isinstance(answers, dict)
    assert (answers["leg-pain"], answers["wound"], answers["note"]) == (3, "ok", "first walk outside")
    assert entry.payload["tier"] == "call-surgeon"


def test_interactive_check_in_in_spanish(tmp_path: Path) -> None:
    """--lang es: questions, the refusal of a wrong answer, 'sí', the outcome and the saved line in Spanish."""
    answers = {**ANSWERS, "calf": ["quizás", "sí"], "temperature": ["37"]}
    code, screen = _drive(tmp_path, answers, "--lang", "es", "--json")
    assert code == 0, screen
    assert "Control: responda a cada pregunta y pulse Intro." in screen
    assert "¿Cuánto le duele ahora la pierna, de 0 (nada) a 10" in screen
    assert "'quizás' no es sí ni no." in screen
    assert "sí o no> " in screen
    document = json.loads(screen[screen.index("{") :])
    assert document["tier"] == "call-surgeon"
    assert document["red_flags"] == [
        {"id": "calf-clot", "action": "call-surgeon", "because": "dolor, hinchazón o calor en una pantorrilla"}
    ]
    assert document["entry_id"] == 1


def test_end_of_input_stops_without_saving(tmp_path: Path) -> None:
    """Ctrl-D at a question: one line saying nothing was saved, exit 1, and no diary."""
    terminal = Terminal(["check-in", *PATIENT], _environment(tmp_path))
    terminal.wait_for_prompt(1)
    os.write(terminal.leader, b"\x04")
    code, screen = terminal.finish()
    assert code == 1, screen
    assert "Check-in stopped before the last question; nothing was saved." in screen
    assert "Traceback" not in screen
    assert not (tmp_path / "diary.sqlite3").exists()
