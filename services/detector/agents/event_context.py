"""Table writes from a batch of events.

faust finds the changelog partition (and the rocksdb partition) of a table write through the
event being processed, which `take_events` leaves unset in the agent's task (faust-streaming
issue 497: "Writing into Table with Stream.take() not allowed"). `processing(event)` sets it for
the writes that belong to that event, in the agent's task only; the stream's own bookkeeping runs
in its drainer task and is not touched.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from faust import streams


@contextmanager
def processing(event: Any) -> Iterator[None]:
    """Table writes inside the block belong to `event`'s partition."""
    token = streams._current_event.set(weakref.ref(event))
    try:
        yield
    finally:
        streams._current_event.reset(token)
