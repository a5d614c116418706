"""One change a factor rule (or the plan's own coherence) made to a plan, with its reason."""

from typing import NamedTuple


class Adjustment(NamedTuple):
    """One change a factor rule made to the plan, with its reason and sources."""

    rule_id: str
    effect: str
    factors: tuple[str, ...]
    target: str | None
    target_name: str | None
    from_day: int | None
    to_day: int | None
    text: str
    sources: tuple[str, ...]
