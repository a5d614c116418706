"""The pre-scan that spares the walk over every value: it never lets a control or format character through.

`parse_yaml` walks every key and value for control and format characters only when
`may_hide_characters` says the file's text could have put one there. These tests hold it
to that: whatever text YAML reads, if a value or key holds such a character, the text
was said to need the walk.
"""

import re

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import ROOT
from spinerecov.errors import KnowledgeBaseError
from spinerecov.knowledge.yaml_guards import control_character_problems, may_hide_characters
from spinerecov.knowledge.yaml_reader import parse_yaml, strict_loader

TRICKY = "\x00\x07\t\n\r\x0b\x0c\x1b\x7f\x85\x9b\u00a0\u061c\u200b\u200e\u2028\u2029\u202e\u2066\ufeff\\\"'é°"
"""Characters YAML reads in special ways, controls, format characters and escapes' own ingredients."""
TEXT = st.text(st.sampled_from(TRICKY) | st.characters(codec="utf-8"), max_size=30)


def _read(text: str) -> object:
    loader = strict_loader()(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _styles(value: str) -> list[str]:
    """`value` as a key and as a value, written by PyYAML itself, quoted by hand, raw and as a block."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return [
        yaml.safe_dump({"k": value}, allow_unicode=True),
        yaml.safe_dump({value: 1}, allow_unicode=True),
        f'k: "{value}"\n',
        f'k: "{escaped}"\n',
        f"k: '{value}'\n",
        f"k: {value}\n",
        "k: |\n  " + value.replace("\n", "\n  ") + "\n",
    ]


@given(TEXT)
@example("\\e")
@example("\\u202e")
@example("a\r\nb")
@example("\x85")
@example("\u2028")
def test_a_hidden_character_in_any_value_is_always_walked_for(value: str) -> None:
    """If a key or value YAML reads holds a control or format character, the text is said to need the walk."""
    for text in _styles(value):
        try:
            data = _read(text)
        except yaml.YAMLError:
            continue
        if control_character_problems(data):
            assert may_hide_characters(text), repr(text)


@pytest.mark.parametrize(
    ("text", "character"),
    [
        ('k: "a\\eb"\n', "U+001B"),
        ('k: "\\u202e"\n', "U+202E"),
        ('"\\x9b": 1\n', "U+009B"),
        ("k: a\u200bb\n", "U+200B"),
    ],
)
def test_parse_yaml_still_refuses_each_hidden_character(text: str, character: str) -> None:
    """Escaped or raw, in a key or a value: the walk over the values runs and names the character."""
    with pytest.raises(KnowledgeBaseError, match=re.escape(character) + ".* is not allowed in (text|a key)"):
        parse_yaml(text, "kb.yaml")


def test_the_built_in_files_need_no_walk_and_windows_line_ends_change_nothing() -> None:
    """The shipped knowledge base and translation are clean; saved with CRLF they read the same and stay clean."""
    for name in ("data/procedures.yaml", "data/i18n/es.yaml", "examples/clinic-protocol.yaml"):
        text = (ROOT / name).read_text(encoding="utf-8")
        windows = text.replace("\n", "\r\n")
        assert not may_hide_characters(text) and not may_hide_characters(windows), name
        assert parse_yaml(windows, name) == parse_yaml(text, name)
