"""The Spanish catalog: every message of the code translated, compiled and current."""

import functools
import importlib.util
import re
import string
import sys
from types import ModuleType

import pytest

from conftest import ROOT


@functools.cache
def catalog_tool() -> ModuleType:
    """scripts/i18n_catalog.py, imported from its file; it extracts the code's messages once for these tests."""
    spec = importlib.util.spec_from_file_location("i18n_catalog", ROOT / "scripts" / "i18n_catalog.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_catalog"] = module
    spec.loader.exec_module(module)
    module.extracted = functools.cache(module.extracted)  # type: ignore[attr-defined]  # read-only here
    return module


def test_every_message_is_translated_and_the_compiled_catalog_is_current() -> None:
    """Every message is translated and the compiled catalog is current."""
    problems = catalog_tool().problems("es")
    assert problems == [], "\n".join(problems[:30])


def _fields(text: str) -> set[str]:
    """The names of the placeholders in a format string."""
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_translations_keep_every_placeholder() -> None:
    """Translations keep every placeholder."""
    tool = catalog_tool()
    wrong = []
    for message in tool.read("es"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        try:
            wanted = _fields(ids[-1])
            for translated in strings:
                if translated and _fields(translated) != wanted:
                    wrong.append(f"{ids[0]!r} -> {translated!r}")
        except ValueError:
            # Not a format string (braces shown as they are): the braces must match exactly.
            if any(re.findall(r"[{}]", t) != re.findall(r"[{}]", ids[0]) for t in strings if t):
                wrong.append(repr(ids[0]))
    assert wrong == []


def test_extraction_finds_calls_and_command_help() -> None:
    """Extraction finds calls and command help."""
    found = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog_tool().extracted() if m.id}
    assert any(m.startswith("The language to answer in: es (español) or en (English).") for m in found)
    assert any(m.startswith("Show your recovery plan with dates") for m in found)


def test_the_compiled_catalog_is_compared_by_its_messages() -> None:
    """Any compiler's .mo with the same messages passes; a .mo that lost or changed a translation is stale."""
    tool = catalog_tool()
    catalog = tool.read("es")
    assert tool.compiled_messages(tool.compiled(catalog)) == tool.translations(catalog)
    message = next(m for m in catalog if m.id and isinstance(m.id, str) and m.string)
    message.string = message.string + " (cambiado)"
    assert tool.compiled_messages(tool.compiled(catalog)) != tool.translations(tool.read("es"))
    catalog.delete(message.id)
    assert message.id not in tool.compiled_messages(tool.compiled(catalog))


def test_a_plural_message_with_one_form_is_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    """A plural message given one string (as a careless merge leaves it) is reported before ngettext fails on it."""
    tool = catalog_tool()
    catalog = tool.read("es")
    plural = next(m for m in catalog if m.pluralizable)
    plural.string = plural.string[0]
    monkeypatch.setattr(tool, "read", lambda language: catalog)
    assert any("one form only" in problem for problem in tool.problems("es"))
