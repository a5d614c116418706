"""A text read once in a process is not read again: the copy handed out is fresh, whole and never stale."""

from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import ROOT, run_cli
from spinerecov.errors import KnowledgeBaseError
from spinerecov.knowledge import parsed_texts, yaml_guards, yaml_reader
from spinerecov.knowledge.yaml_reader import line_index, parse_yaml

SHARED = "base: &base\n  days: [1, 2]\n  words: {a: x}\nfirst: *base\nsecond: *base\nother: 3\n"


@pytest.fixture(autouse=True)
def _nothing_read_yet(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """An empty memory, and the texts YAML composes (each one read afresh)."""
    monkeypatch.setattr(parsed_texts, "_read", {})
    composed: list[str] = []
    real = yaml_guards.composed_within_limits

    def counting(loader: Any, text: str) -> Any:
        composed.append(text)
        return real(loader, text)

    monkeypatch.setattr(yaml_reader, "composed_within_limits", counting)
    return composed


def test_a_second_read_equals_the_first_and_is_not_read_again(_nothing_read_yet: list[str]) -> None:
    """The same text twice: the same data, and YAML read it only the first time."""
    first = parse_yaml(SHARED, "a.yaml")
    second = parse_yaml(SHARED, "a.yaml")
    assert (
        first
        == second
        == {
            "base": {"days": [1, 2], "words": {"a": "x"}},
            "first": {"days": [1, 2], "words": {"a": "x"}},
            "second": {"days": [1, 2], "words": {"a": "x"}},
            "other": 3,
        }
    )
    assert _nothing_read_yet == [SHARED]


def test_changing_what_was_handed_out_changes_no_later_read() -> None:
    """Each read hands out lists and mappings of its own: a caller that changes them changes no later read."""
    for _ in range(3):  # the first read, and reads of a text read before
        data = parse_yaml(SHARED, "a.yaml")
        assert data["base"] == {"days": [1, 2], "words": {"a": "x"}} and data["other"] == 3
        data["base"]["days"].append(99)
        data["base"]["words"]["b"] = "y"
        data["other"] = 4


@pytest.mark.parametrize("reads", [1, 2])
def test_an_alias_is_the_same_mapping_in_every_place_it_is_used(reads: int) -> None:
    """As PyYAML builds it: one mapping under three keys, on the first read and on a later one."""
    for _ in range(reads):
        data = parse_yaml(SHARED, "a.yaml")
    assert data["base"] is data["first"] is data["second"]
    assert data["base"]["days"] is data["second"]["days"]


def test_a_changed_text_is_read_afresh(_nothing_read_yet: list[str]) -> None:
    """A text known by its whole content: one changed character is another text, read afresh."""
    assert parse_yaml("a: 1\n", "a.yaml") == {"a": 1}
    assert parse_yaml("a: 2\n", "a.yaml") == {"a": 2}
    assert parse_yaml("a: 1\n", "a.yaml") == {"a": 1}
    assert _nothing_read_yet == ["a: 1\n", "a: 2\n"]


def test_a_text_with_a_problem_fails_every_time() -> None:
    """Nothing is kept from a text with a problem: each read says it again, at its line."""
    for _ in range(2):
        with pytest.raises(KnowledgeBaseError, match=r"a\.yaml:2: .*duplicate key 'a'"):
            parse_yaml("a: 1\na: 2\n", "a.yaml")
    for _ in range(2):
        with pytest.raises(KnowledgeBaseError, match="control character U[+]001B"):
            parse_yaml('a: "\\e[2J"\n', "a.yaml")


def test_the_lines_of_a_text_read_before_are_its_own() -> None:
    """The lines of a text read before come from its own tree; another text gets its own lines."""
    parse_yaml(SHARED, "a.yaml")
    assert line_index(SHARED)[("other",)] == 6
    assert line_index("x: 1\n\nother: 2\n")[("other",)] == 3


def test_a_merge_key_has_the_same_lines_before_and_after_its_text_is_read() -> None:
    """Building a merge (`<<: *base`) rewrites the node tree it is built from: its lines come from a fresh tree."""
    text = "base: &b\n  x: 1\n  y: 2\nitem:\n  <<: *b\n  z: 3\n"
    before = line_index(text)
    parse_yaml(text, "a.yaml")
    assert line_index(text) == before and before[("item", "<<", "x")] == 2


def test_only_the_last_few_texts_are_kept(_nothing_read_yet: list[str]) -> None:
    """One text more than are kept: the oldest is read again, the newest is not."""
    texts = [f"a: {n}\n" for n in range(parsed_texts.TEXTS_KEPT + 1)]
    for text in texts:
        parse_yaml(text, "a.yaml")
    parse_yaml(texts[-1], "a.yaml")
    parse_yaml(texts[0], "a.yaml")
    assert _nothing_read_yet == [*texts, texts[0]]
    assert len(parsed_texts._read) == parsed_texts.TEXTS_KEPT


def test_kb_check_in_spanish_reads_each_file_once(runner: CliRunner, _nothing_read_yet: list[str]) -> None:
    """The knowledge base and its translation: checked, checked translated, built translated; each read once."""
    code, _out, err = run_cli(runner, "kb", "check", "--lang", "es")
    assert code == 0, err
    files = [ROOT / "data" / "procedures.yaml", ROOT / "data" / "i18n" / "es.yaml"]
    assert sorted(_nothing_read_yet) == sorted(file.read_text(encoding="utf-8") for file in files)
