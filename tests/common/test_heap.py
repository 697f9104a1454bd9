"""Settled objects are skipped by full collections; a cycle frozen before is freed at the next
settle."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from services.common.heap import settle_long_lived_objects


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture(autouse=True)
def unfrozen_after() -> Iterator[None]:
    yield
    gc.unfreeze()


def test_objects_alive_at_settling_are_frozen() -> None:
    kept = [Node() for _ in range(100)]
    settle_long_lived_objects()
    assert gc.get_freeze_count() >= len(kept)


def test_a_cycle_released_after_settling_is_freed_by_the_next_settle() -> None:
    a, b = Node(), Node()
    a.other, b.other = b, a
    settle_long_lived_objects()  # the cycle is frozen while still in use
    gone = weakref.ref(a)
    del a, b
    gc.collect()
    assert gone() is not None  # frozen: full collections skip it
    settle_long_lived_objects()
    assert gone() is None
