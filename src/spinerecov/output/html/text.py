"""Escaped text in small HTML elements, for the handout: every piece of text goes through `esc`."""

from html import escape


def esc(text: object) -> str:
    """Text safe in HTML content and in quoted attributes."""
    return escape(str(text), quote=True)


def el(tag: str, text: str, attrs: str = "") -> str:
    """`<tag attrs>text</tag>`, the text escaped."""
    return f"<{tag} {attrs}>{esc(text)}</{tag}>" if attrs else f"<{tag}>{esc(text)}</{tag}>"


def thead(*labels: str, tick: int | None = None) -> str:
    """A table head of column headings; column `tick` is the checklist's tick column."""
    cells = (
        el("th", text, 'scope="col" class="tick"' if i == tick else 'scope="col"') for i, text in enumerate(labels)
    )
    return "<thead><tr>" + "".join(cells) + "</tr></thead>"
