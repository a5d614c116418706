"""Standard output and error when they misbehave: closed, full, gone, or unable to show a character.

Every command handles these alike: its output goes through `checked_stdout`,
so a closed or failing standard output is one clear line and exit 1; a reader
that went away (`| head`) ends the command quietly with 0 (in
`app.reports_errors`); and a terminal whose encoding lacks a character gets a
plain one instead ("38 C" for "38 °C") rather than a crash.
"""

import codecs
import os
import sys
from typing import TextIO

from spinerecov.errors import SpinerecovError
from spinerecov.i18n import _

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
    """Standard output, guarded: a closed one is a clear error now, a failing one a clear error when written."""
    if sys.stdout is None:
        raise OutputStreamError(_("Cannot write the output: standard output is closed."))
    return GuardedStdout(sys.stdout)  # type: ignore[return-value]


class GuardedStdout:
    """Standard output whose write errors become one `OutputStreamError` (a gone reader stays BrokenPipeError).

    Everything else (isatty, encoding, fileno ...) is the real stream's, so Rich sees the real terminal.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write, or raise `OutputStreamError` (disk full, I/O error) with stdout silenced for the exit."""
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise output_failed(exc) from None

    def flush(self) -> None:
        """Flush, with the same errors as `write`."""
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise output_failed(exc) from None

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def output_failed(exc: OSError) -> OutputStreamError:
    """The error for a standard output that cannot be written, with what it still buffers sent nowhere."""
    silence_stdout()
    return OutputStreamError(_("Cannot write the output: {reason}.").format(reason=exc.strerror or exc))


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
