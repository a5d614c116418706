"""Text that is safe to show on a terminal: no escape sequences, no control or format characters.

Knowledge bases, protocols, profiles, patient lists and command lines can all
carry text from someone else. An escape sequence in it could move the cursor,
erase lines (the red flags, say), retitle the window or hide what follows, so
everything spinerecov prints passes through `terminal_safe` at the one place
it is written: `cli.app.out` and `cli.app.say` for plain text, and
`output.terminal.console.SafeConsole` for everything Rich draws. Invisible
format characters (a right-to-left override, a zero-width space, a line
separator) are dropped too: they could show a phone number backwards.
"""

import re
import unicodedata

from spinerecov.knowledge.yaml_guards import FORMAT_CATEGORIES, format_character

_SUSPECT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Anything that could be part of a control sequence (tab and newline are fine)."""

_SEQUENCES = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?            # CSI: cursor moves, erasing, colours
    | \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC: window title, hyperlinks, clipboard
    | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?      # DCS, SOS, PM, APC strings
    | \x1b[ -/]*[0-~]?                    # any other escape
    | \x9b[0-?]*[ -/]*[@-~]?              # 8-bit CSI
    | [\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x9c)?  # 8-bit string controls
    """,
    re.VERBOSE,
)

_CONTROLS = re.compile(r"\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters left after the sequences are gone; a CR stays only before an LF (calendar files)."""


def terminal_safe(text: str) -> str:
    """`text` without escape sequences and control characters; newlines, tabs and CR-LF pairs stay.

    For example "Spine Clinic" followed by CR, erase-line and cursor-up sequences is just "Spine Clinic",
    and "555" after a right-to-left override is just "555".
    """
    if not text.isascii() and format_character(text) is not None:
        text = "".join(ch for ch in text if ch.isascii() or unicodedata.category(ch) not in FORMAT_CATEGORIES)
    if _SUSPECT.search(text) is None:
        return text
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))
