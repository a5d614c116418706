"""Values kept up to a total cost, the least recently used given up first: a batch's caches of made text."""

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class KeptValues(Generic[Value]):
    """A map that keeps at most `budget` worth of values (each with its own cost), dropping the least recently used.

    Dropping one value at a time, not all of them, keeps a batch whose shapes
    outgrow the budget from making every one again as soon as it is full.
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._values: OrderedDict[Hashable, tuple[Value, int]] = OrderedDict()
        self._cost = 0

    def get(self, key: Hashable) -> Value | None:
        """The value kept for `key` (now the most recently used), or None."""
        kept = self._values.get(key)
        if kept is None:
            return None
        self._values.move_to_end(key)
        return kept[0]

    def put(self, key: Hashable, value: Value, cost: int = 1) -> None:
        """Keep `value` for `key`; give up the least recently used values until the rest fit the budget."""
        old = self._values.pop(key, None)
        if old is not None:
            self._cost -= old[1]
        self._values[key] = (value, cost)
        self._cost += cost
        while self._cost > self.budget and len(self._values) > 1:
            _key, (_value, dropped) = self._values.popitem(last=False)
            self._cost -= dropped

    @property
    def cost(self) -> int:
        """The total cost of the values kept."""
        return self._cost

    def values(self) -> list[Value]:
        """Every value kept, least recently used first."""
        return [value for value, _cost in self._values.values()]

    def __len__(self) -> int:
        """How many values are kept."""
        return len(self._values)

    def clear(self) -> None:
        """Give up every value."""
        self._values.clear()
        self._cost = 0
