"""A table view that remembers the values this worker read or wrote, for one held partition.

Only the worker that holds a table partition writes its keys, so while it holds it what it last
read or wrote for a key is what the table holds: reading it again need not decode the stored
value (a party's legs, up to a few hundred) for every leg that party receives. The view goes with
the partition when the worker releases it (changelog.py).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, MutableMapping
from typing import Generic, TypeVar

Value = TypeVar("Value")


class RecentValues(MutableMapping[str, Value], Generic[Value]):
    """`store` with the `size` most recently used values kept decoded."""

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

    def _remember(self, key: str, value: Value) -> None:
        self._recent[key] = value
        self._recent.move_to_end(key)
        if len(self._recent) > self._size:
            self._recent.popitem(last=False)
