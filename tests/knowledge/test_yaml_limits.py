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
from spinerecov.knowledge.yaml_guards import check_shape, past_limits
from spinerecov.knowledge.yaml_reader import parse_yaml, strict_loader


def _nodes(aliases: list[str]) -> st.SearchStrategy[str]:
    """Flow-style YAML: text, lists and mappings nested at random, with aliases to `aliases` as leaves."""
    leaves = st.sampled_from(["x", *(f"*{name}" for name in aliases)])
    return st.recursive(
        leaves | st.just("&n x") | st.just("*n"),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
            st.lists(inner, max_size=3).map(
                lambda items: "{" + ", ".join(f"k{n}: {v}" for n, v in enumerate(items)) + "}"
            ),
            inner.map(lambda item: f"&n {item}"),  # an anchor inside (a second &n fails to compose: skipped)
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
@given(flow=texts(), block=st.booleans())
def test_the_tree_is_refused_exactly_when_the_events_are(flow: str, block: bool) -> None:
    """Whatever libyaml composes, in flow or block style: within the limits by the tree iff by the events."""
    text = flow
    if block:  # the same data in block style, its shared parts as anchors and aliases (&id001, *id001)
        try:
            text = yaml.dump(yaml.load(flow, Loader=yaml.CSafeLoader), default_flow_style=False)  # noqa: S506
        except yaml.YAMLError:
            return
    loader = strict_loader()(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return  # not composed: check_shape then says what is wrong
    finally:
        loader.dispose()
    assert (past_limits(root) is None) == _events_allow(text), text


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
        assert past_limits(loader.get_single_node()) is None
    finally:
        loader.dispose()
    check_shape(text)


@pytest.mark.usefixtures("small_limits")
def test_the_count_stops_at_the_first_node_past_the_limit() -> None:
    """Each line doubles the one before: the fifth (31 values) is past 30, and the count stops there."""
    text = "a0: &a0 x\n" + "".join(f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}]\n" for n in range(1, 40))
    loader = strict_loader()(text)
    try:
        problem = past_limits(loader.get_single_node())
    finally:
        loader.dispose()
    assert problem is not None and "more than 30 values" in problem[0]
    assert problem[1].start_mark.line == 4  # a4's list: 1 + 2 * 15 values
