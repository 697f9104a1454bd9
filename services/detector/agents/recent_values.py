"""A table view that remembers the values this worker read or wrote, forgotten on every rebalance.

Only the worker that owns a table partition writes its keys, so between two rebalances what this
worker last read or wrote for a key is what the table holds: reading it again need not decode the
changelog value (a party's legs, up to a few hundred) for every leg that party receives.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, MutableMapping
from typing import Generic, TypeVar

Value = TypeVar("Value")


class RecentValues(MutableMapping[str, Value], Generic[Value]):
    """`store` with the `size` most recently used values kept decoded; `forget()` on rebalance."""

    def __init__(self, store: MutableMapping[str, Value], size: int) -> None:
        self._store = store
        self._size = size
        self._recent: OrderedDict[str, Value] = OrderedDict()

    def __getitem__(self, key: str) -> Value:
        value = self._recent.get(key)
        if value is None:
            value = self._store[key]
        self._remember(key, value)
        return value

    def __setitem__(self, key: str, value: Value) -> None:
        self._store[key] = value
        self._remember(key, value)

    def __delitem__(self, key: str) -> None:
        self._recent.pop(key, None)
        del self._store[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._store)

    def __len__(self) -> int:
        return len(self._store)

    def forget(self) -> None:
        """Drop every remembered value (partitions changed hands: another worker may have written)."""
        self._recent.clear()

    def _remember(self, key: str, value: Value) -> None:
        self._recent[key] = value
        self._recent.move_to_end(key)
        if len(self._recent) > self._size:
            self._recent.popitem(last=False)
