"""A plan's source list: which sources it cites, in the order every format lists them."""

from collections.abc import Iterable

from spinerecov.knowledge.models import KnowledgeBase


def ordered_sources(ids: Iterable[str], kb: KnowledgeBase) -> list[str]:
    """Seed texts first (by file name), then the rest alphabetically, general guidance last."""
    rank = {"seed": 0, "general": 2}
    return sorted(set(ids), key=lambda s: (rank.get(kb.sources[s].kind, 1), s.lower(), s))
