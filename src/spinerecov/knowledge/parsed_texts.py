"""What `parse_yaml` read from the last few texts, so that no step of a process reads the same text again.

`kb check` reads the knowledge base to check it, again to check its translation, and again to build
it translated; a problem's line needs the node tree once more. A text is known by its whole content,
so nothing read from a changed file is ever handed out. Only texts read without a problem are kept.
"""

from typing import Any

TEXTS_KEPT = 4
"""How many texts are kept (a knowledge base, a protocol and their translations)."""

_read: dict[str, tuple[Any, Any]] = {}
"""By text: its YAML node tree and the data built from it."""


def remember(text: str, root: Any, data: Any) -> None:
    """Keep the node tree and the data read from `text`; the oldest text kept is dropped."""
    _read.pop(text, None)
    _read[text] = (root, data)
    while len(_read) > TEXTS_KEPT:
        del _read[next(iter(_read))]


def earlier_data(text: str) -> Any:
    """A copy of the data read from `text` before, or None."""
    return copied(_read[text][1]) if text in _read else None


def earlier_tree(text: str) -> Any:
    """The node tree read from `text` before, or None."""
    return _read[text][0] if text in _read else None


def copied(data: Any) -> Any:
    """A copy of plain data whose lists and mappings are new (callers may change theirs), shared as they were.

    A YAML alias gives the same list or mapping in several places; so does the copy.
    """
    return _copied(data, {})


def _copied(value: Any, seen: dict[int, Any]) -> Any:
    if isinstance(value, dict):
        new = seen.get(id(value))
        if new is None:
            new = seen[id(value)] = {}
            for key, item in value.items():
                new[key] = _copied(item, seen)
        return new
    if isinstance(value, list):
        new = seen.get(id(value))
        if new is None:
            new = seen[id(value)] = []
            new.extend(_copied(item, seen) for item in value)
        return new
    return value  # text, numbers, true/false, null: never changed in place
