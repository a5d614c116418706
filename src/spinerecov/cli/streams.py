"""Standard output and error when they misbehave: closed, full, gone, or unable to show a character.

Every command handles these alike (in `app.reports_errors`): a closed or
failing standard output is one clear line and exit 1, a reader that went
away (`| head`) ends quietly, and a terminal whose encoding lacks a character
gets a plain one instead ("38 C" for "38 °C") rather than a crash.
"""

import codecs
import os
import sys
from typing import TextIO

from spinerecov.errors import SpinerecovError

DEGRADE = "spinerecov-plain"
"""The codec error handler that writes a plain stand-in for a character the encoding lacks."""

PLAIN = {
    "\u00b0": "",  # 38 °C -> 38 C
    "\u00a0": " ",
    "\u2013": "-",
    "\u2014": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
    "\u2022": "*",
    "\u2192": "->",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u00d7": "x",
}


class OutputStreamError(SpinerecovError):
    """Standard output is closed or cannot be written."""


def checked_stdout() -> TextIO:
    """Standard output, or a clear error when the command was started with it closed (`>&-`)."""
    if sys.stdout is None:
        raise OutputStreamError("Cannot write the output: standard output is closed.")
    return sys.stdout


def output_failure(exc: OSError) -> str | None:
    """The message for an error writing standard output, or None when `exc` did not come from it.

    Our own files never raise a bare OSError (they become our errors), but to be
    sure, standard output must still be failing: its pending text will not go.
    """
    stream = sys.stdout
    if stream is None:
        return None
    try:
        stream.flush()
    except OSError:
        silence_stdout()
        return f"Cannot write the output: {exc.strerror or exc}."
    return None


def silence_stdout() -> None:
    """Send whatever is still buffered for standard output to /dev/null, so that exiting cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, AttributeError, ValueError):
        pass  # not a real file (a test runner's buffer): nothing is left to fail at exit


def prepare_streams() -> None:
    """Let standard output and error show plain stand-ins for characters their encoding cannot show."""
    try:
        codecs.lookup_error(DEGRADE)
    except LookupError:
        codecs.register_error(DEGRADE, _plain_stand_in)
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        reconfigure = getattr(stream, "reconfigure", None)
        if not encoding or reconfigure is None or _is_unicode(encoding):
            continue
        reconfigure(errors=DEGRADE)


def _is_unicode(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def _plain_stand_in(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(_plain(character) for character in error.object[error.start : error.end]), error.end


def _plain(character: str) -> str:
    import unicodedata

    if character in PLAIN:
        return PLAIN[character]
    # é -> e, ﬁ -> fi; anything else that has no plain form is a '?'.
    return unicodedata.normalize("NFKD", character).encode("ascii", "ignore").decode("ascii") or "?"
