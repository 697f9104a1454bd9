"""What a stalled worker logs before it exits: faust's view of the stalled partitions and the
stacks of the tasks that are waiting.

faust keeps its offset bookkeeping in private attributes (acknowledged offsets per partition, the
offset it believes committed, messages not yet acknowledged, partitions paused because a stream
buffer was full). They are read here only for this log line, defensively: a faust release that
renames them yields "unknown" rather than an error, and nothing else depends on them.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterable
from typing import Any

from services.common.consumer_lag import Partition

STACK_FRAMES = 6
MAX_CHARS = 6_000


def consumer_view(app: Any, partitions: Iterable[Partition]) -> dict[str, Any]:
    """faust's bookkeeping for the given partitions (private attributes; "unknown" if absent)."""
    consumer: Any = getattr(app, "consumer", None)
    wanted = {(p.topic, p.partition) for p in partitions}
    try:
        view: dict[str, Any] = {
            "unacked_messages": len(consumer._unacked_messages),
            "flow_active": bool(app.flow_control.is_active()),
            "paused": sorted(f"{tp.topic}:{tp.partition}" for tp in consumer._paused_partitions),
            "buffer_full": sorted(
                f"{tp.topic}:{tp.partition}" for tp in consumer._buffered_partitions
            ),
        }
        for tp, acked in consumer._acked.items():
            if (tp.topic, tp.partition) in wanted:
                view[f"{tp.topic}:{tp.partition}"] = {
                    "believed_committed": consumer._committed_offset.get(tp),
                    "acked_count": len(acked),
                    "acked_lowest": sorted(acked)[:5],
                    "gaps": len(consumer._gap.get(tp) or ()),
                }
        return view
    except (AttributeError, TypeError) as exc:
        return {"unknown": repr(exc)[:200]}


def waiting_tasks(loop: asyncio.AbstractEventLoop | None) -> str:
    """The stacks of the loop's tasks (a few frames each), cut to a few thousand characters.

    Read from the watch thread while the loop may run: a task list that changes meanwhile gives
    what it gives; this is a log line, not a measure."""
    if loop is None:
        return ""
    out = io.StringIO()
    try:
        for task in list(asyncio.all_tasks(loop)):
            out.write(f"--- {task.get_name()}\n")
            task.print_stack(limit=STACK_FRAMES, file=out)
    except RuntimeError as exc:  # the set changed size while read
        out.write(f"(tasks changed while read: {exc})\n")
    return out.getvalue()[:MAX_CHARS]
