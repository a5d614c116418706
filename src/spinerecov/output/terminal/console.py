"""The terminal: consoles, styles, wrapping, and the red-flag block every plan screen ends with."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from spinerecov.knowledge.models import Clinic, RedFlag
from spinerecov.output.wording import (
    ACTION_WORDS,
    clinic_line,
)

STATUS_STYLE = {"done": "dim", "now": "bold green", "upcoming": "", "today": "bold green"}


STATUS_MARK = {"done": "done", "now": "NOW", "upcoming": "upcoming"}


VERDICT_STYLE = {"yes": "green", "limited": "yellow", "not-yet": "red"}


def make_console(stderr: bool = False) -> Console:
    """A console for our output; Rich itself honours NO_COLOR and terminal width."""
    import sys

    from spinerecov.output.terminal.encoding import for_terminal

    # An ASCII-only stream gets plain text ("38 C") rather than a crash; UTF-8 is left to Rich.
    stream = for_terminal(sys.stderr if stderr else sys.stdout)
    return Console(stderr=stderr, highlight=False, emoji=False, file=stream)


def wrapped(console: Console, lines: list[str], indent: str = "", bullet: str = "") -> str:
    """Wrap plain lines to the console width ourselves: much cheaper than letting Rich do it."""
    import textwrap

    width = max(console.width - 1, 40)
    return "\n".join(
        textwrap.fill(line, width=width, initial_indent=bullet or indent, subsequent_indent=indent) for line in lines
    )


def render_red_flags(
    console: Console, red_flags: tuple[RedFlag, ...], disclaimer: str, clinic: Clinic | None = None
) -> None:
    """The red flags grouped by what to do, the clinic to call (if any), then the disclaimer."""
    text = Text("Red flags: when to get help", style="bold red")
    contact = clinic_line(clinic)
    if contact:
        text.append("\n" + wrapped(console, [contact]), style="bold")
    for action, words in ACTION_WORDS.items():
        symptoms = [flag.symptom for flag in red_flags if flag.action == action]
        if symptoms:
            text.append("\n" + wrapped(console, [f"{words} if you have:"]) + "\n", style="bold")
            text.append(wrapped(console, symptoms, indent="    ", bullet="  - "))
    text.append("\n\n" + wrapped(console, [disclaimer]), style="italic")
    console.print(text, soft_wrap=True)
