"""The limits on a composed tree give the verdict the event-stream guard gives, for any text.

`parse_yaml` composes with libyaml first (it refuses nesting past 1,000 levels itself) and measures
the tree after; `check_shape` measures the text's events. Both must refuse exactly the same texts:
nesting past MAX_DEPTH, aliases that expand past MAX_NODES, an alias inside the node it names.
"""

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from spinerecov.errors import KnowledgeBaseError
from spinerecov.knowledge import yaml_guards
from spinerecov.knowledge.yaml_guards import check_shape, within_limits
from spinerecov.knowledge.yaml_reader import parse_yaml, strict_loader


def _nodes(aliases: list[str]) -> st.SearchStrategy[str]:
    """Flow-style YAML: text, lists and mappings nested at random, with aliases to `aliases` as leaves."""
    leaves = st.sampled_from(["x", *(f"*{name}" for name in aliases)])
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
            st.lists(inner, max_size=3).map(
                lambda items: "{" + ", ".join(f"k{n}: {v}" for n, v in enumerate(items)) + "}"
            ),
        ),
        max_leaves=12,
    )


@st.composite
def texts(draw: st.DrawFn) -> str:
    """A list of anchored nodes, each of which may use the anchors before it (and, now and then, its own)."""
    parts: list[str] = []
    names = ["a", "b", "c", "d"][: draw(st.integers(1, 4))]
    for position, name in enumerate(names):
        usable = names[:position] + ([name] if draw(st.integers(0, 9)) == 0 else [])
        parts.append(f"&{name} {draw(_nodes(usable))}")
    return "[" + ", ".join(parts) + "]"


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Limits that small texts reach: 4 levels, 30 values with aliases expanded."""
    monkeypatch.setattr(yaml_guards, "MAX_DEPTH", 4)
    monkeypatch.setattr(yaml_guards, "MAX_NODES", 30)


def _events_allow(text: str) -> bool:
    try:
        check_shape(text)
    except yaml.MarkedYAMLError as error:
        if getattr(error, "from_guard", False):
            return False
    return True


@pytest.mark.usefixtures("small_limits")
@given(text=texts())
def test_the_tree_is_refused_exactly_when_the_events_are(text: str) -> None:
    """Whatever libyaml composes: within the limits by the tree if and only if by the events."""
    loader = strict_loader()(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return  # not composed: check_shape then says what is wrong
    finally:
        loader.dispose()
    assert within_limits(root) == _events_allow(text), text


@pytest.mark.usefixtures("small_limits")
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[[[[[x]]]]]", "nesting deeper than 4 levels"),
        ("a: &a [x, x, x, x, x, x]\nb: [*a, *a, *a, *a, *a, *a]\n", "expand to more than 30 values"),
        ("a: &a [x, *a]\n", "the alias *a refers to a node that contains it"),
    ],
)
def test_a_text_past_a_limit_is_refused_in_the_guards_words_at_its_line(text: str, words: str) -> None:
    """Composed first or not, the problem is said as the event guard says it, at the line it gives."""
    with pytest.raises(yaml.MarkedYAMLError) as by_events:
        check_shape(text)
    line = by_events.value.problem_mark.line + 1 if by_events.value.problem_mark else 1
    with pytest.raises(KnowledgeBaseError) as parsed:
        parse_yaml(text, "limits.yaml")
    assert words in str(parsed.value) and f"limits.yaml:{line}:" in str(parsed.value)


def test_the_built_in_knowledge_base_is_within_the_limits() -> None:
    """The real file (anchors, aliases, 8 levels): within the limits, by the tree and by the events."""
    from conftest import ROOT

    text = (ROOT / "data" / "procedures.yaml").read_text(encoding="utf-8")
    loader = strict_loader()(text)
    try:
        assert within_limits(loader.get_single_node())
    finally:
        loader.dispose()
    check_shape(text)
