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


def page(title: str, style: str, body: list[str]) -> str:
    """A whole self-contained HTML page in the current language: its head, `style` inline, `body` in <main>."""
    from spinerecov import __version__
    from spinerecov.i18n import current_language

    head = [
        "<!DOCTYPE html>",
        f'<html lang="{current_language()}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="spinerecov {esc(__version__)}">',
        f"<title>{esc(title)}</title>",
        f"<style>{style}</style>",
        "</head>",
    ]
    return "\n".join([*head, "<body>", "<main>", *body, "</main>", "</body>", "</html>", ""])
