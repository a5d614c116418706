"""A plan's source list: which sources it cites, in the order every format lists them, kept per shape in a batch."""

from collections.abc import Callable, Iterable
from typing import TypeVar

from spinerecov.knowledge.models import KnowledgeBase
from spinerecov.output.kept_values import KeptValues
from spinerecov.plan.timeline import Timeline

SOURCE_LISTS_KEPT = 4096
"""Source lists each format keeps: a batch makes a few thousand at most (shapes x the sources adjustments add)."""
Written = TypeVar("Written")
"""A plan's source list as one format writes it."""


def ordered_sources(ids: Iterable[str], kb: KnowledgeBase) -> list[str]:
    """Seed texts first (by file name), then the rest alphabetically, general guidance last."""
    rank = {"seed": 0, "general": 2}
    return sorted(ids, key=lambda s: (rank.get(kb.sources[s].kind, 1), s.lower(), s))


def shape_sources(shape: Timeline) -> frozenset[str]:
    """The sources a plan of this shape cites whatever the patient's factors (all but the adjustments')."""
    return frozenset(shape._replace(adjustments=()).cited_sources())


def plan_sources(t: Timeline, kb: KnowledgeBase, shared: frozenset[str]) -> list[str]:
    """Every source the plan cites, in order: its shape's (`shared`) and its adjustments'."""
    return ordered_sources(shared.union(*(a.sources for a in t.adjustments)), kb)


def kept_source_list(
    kept: KeptValues[tuple[KnowledgeBase, Written]],
    t: Timeline,
    kb: KnowledgeBase,
    shared: frozenset[str],
    write: Callable[[list[str]], Written],
) -> Written:
    """`write(the plan's sources in order)`, kept in `kept` for every plan of a shape with the same added sources.

    Written once and never changed: plans of a shape share the one value.
    """
    added = frozenset(s for a in t.adjustments for s in a.sources if s not in shared)
    key = (id(kb), shared, added)
    found = kept.get(key)
    # The knowledge base is kept with its list, so its id cannot be reused while the list is here.
    if found is not None and found[0] is kb:
        return found[1]
    written = write(plan_sources(t, kb, shared))
    kept.put(key, (kb, written))
    return written
