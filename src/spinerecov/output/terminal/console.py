"""The terminal: consoles, styles, wrapping, and the red-flag block every plan screen ends with."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.text import Text

from spinerecov.i18n import N_, _, pgettext
from spinerecov.knowledge.models import Clinic, RedFlag
from spinerecov.output.safe_text import terminal_safe
from spinerecov.output.wording import (
    ACTION_WORDS,
    action_words,
    clinic_line,
)

STATUS_STYLE = {"done": "dim", "now": "bold green", "upcoming": "", "today": "bold green"}


PHASE_MARKS = {"now": N_("NOW"), "upcoming": N_("upcoming")}
"""How a current or coming phase is shown (English, for the catalog: show it through `_`)."""


def phase_mark(status: str) -> str:
    """How a phase's status is shown, in the current language (a phase that is over is "completada" in Spanish)."""
    if status == "done":
        return pgettext("phase", "done")
    return _(PHASE_MARKS[status])


VERDICT_STYLE = {"yes": "green", "limited": "yellow", "not-yet": "red"}


class SafeConsole(Console):
    """A Rich console that never writes an escape sequence or control character that came from data.

    Rich's own `Text` drops a few control characters but keeps ESC, so text
    from a knowledge base, protocol or profile is made `terminal_safe` here,
    segment by segment, before Rich adds its own styles.
    """

    def render(self, renderable: RenderableType, options: Any = None) -> Iterable[Segment]:
        """Rich's segments, with the text of each one made safe (Rich's own control segments pass).

        Off a terminal, a line's padding to the width is dropped: piped text and
        files end each line at its last character.
        """
        segments = self._safe(super().render(renderable, options))
        if self.is_terminal:
            yield from segments
            return
        line: list[Segment] = []
        for segment in segments:
            if segment.text == "\n" and segment.control is None:
                yield from _without_padding(line)
                line = []
                yield segment
            else:
                line.append(segment)
        yield from _without_padding(line)

    @staticmethod
    def _safe(segments: Iterable[Segment]) -> Iterable[Segment]:
        for segment in segments:
            if segment.control is None and segment.text:
                yield Segment(terminal_safe(segment.text), segment.style)
            else:
                yield segment

    def on_broken_pipe(self) -> None:
        """The reader went away: stop printing and let the command's error handling end it like any other."""
        import errno

        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")


def _without_padding(line: list[Segment]) -> list[Segment]:
    """A line's segments without the spaces at its end."""
    while line and line[-1].control is None and not line[-1].text.strip():
        line.pop()
    if line and line[-1].control is None:
        line[-1] = Segment(line[-1].text.rstrip(" "), line[-1].style)
    return line


def make_console(stderr: bool = False, file: IO[str] | None = None) -> Console:
    """A console for our output (standard output or error, or `file`); Rich honours NO_COLOR and the width."""
    import sys

    from spinerecov.output.terminal.encoding import for_terminal

    # An ASCII-only stream gets plain text ("38 C") rather than a crash; UTF-8 is left to Rich.
    stream = file or for_terminal(sys.stderr if stderr else sys.stdout)
    return SafeConsole(stderr=stderr, file=stream, highlight=False, emoji=False)


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
    text = Text(_("Red flags: when to get help"), style="bold red")
    contact = clinic_line(clinic)
    if contact:
        text.append("\n" + wrapped(console, [contact]), style="bold")
    for action in ACTION_WORDS:
        symptoms = [flag.symptom for flag in red_flags if flag.action == action]
        if symptoms:
            heading = _("{action} if you have:").format(action=action_words(action))
            text.append("\n" + wrapped(console, [heading]) + "\n", style="bold")
            text.append(wrapped(console, symptoms, indent="    ", bullet="  - "))
    text.append("\n\n" + wrapped(console, [disclaimer]), style="italic")
    console.print(text, soft_wrap=True)
