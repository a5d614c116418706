"""Output for a terminal that cannot show every character: "38 °C" becomes "38 C" instead of a crash.

An ASCII-only stdout (`PYTHONIOENCODING=ascii`, the C locale without UTF-8
coercion) cannot encode "°", dashes or accents, and the red flags, of all
things, must never fail to print. Rich already draws ASCII boxes there; this
makes the text plain too. A UTF-8 stream is left exactly as it is.
"""

from __future__ import annotations

import codecs
from typing import IO, Any

PLAIN = {
    "°": "",
    "–": "-",
    "—": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "…": "...",
    "→": "->",
    "×": "x",
    "≤": "<=",
    "≥": ">=",
    "\u00a0": " ",
    "\u202f": " ",
    "¿": "",
    "¡": "",
    "«": '"',
    "»": '"',
}
"""Characters that decompose to nothing useful, and what an ASCII terminal shows instead."""


def degrade(text: str, encoding: str) -> str:
    """`text` with every character `encoding` cannot hold made plain (accents dropped, '?' as a last resort)."""
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    import unicodedata

    shown = []
    for char in text:
        try:
            char.encode(encoding)
            shown.append(char)
        except UnicodeEncodeError:
            plain = PLAIN.get(char)
            if plain is None:
                plain = unicodedata.normalize("NFKD", char).encode(encoding, "ignore").decode(encoding) or "?"
            shown.append(plain)
    return "".join(shown)


class PlainStream:
    """A text stream that degrades what its encoding cannot hold, and is otherwise the stream itself."""

    def __init__(self, stream: IO[str], encoding: str) -> None:
        """Wrap `stream`, whose encoding is `encoding`."""
        self._stream = stream
        self.encoding = encoding

    def write(self, text: str) -> int:
        """Write `text`, degraded where it must be."""
        return self._stream.write(degrade(text, self.encoding))

    def __getattr__(self, name: str) -> Any:
        """Everything else (flush, isatty, fileno) is the wrapped stream's."""
        return getattr(self._stream, name)


def for_terminal(stream: IO[str]) -> IO[str] | None:
    """A stream for Rich to write to: None (Rich's own choice) when `stream` holds all of Unicode."""
    encoding = getattr(stream, "encoding", None)
    if not encoding:
        return None
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return None
    if name.startswith("utf"):
        return None
    return PlainStream(stream, encoding)  # type: ignore[return-value]
