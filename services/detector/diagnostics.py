"""What a stalled worker logs before it exits, beside the batch loops' own view: the stacks of
the tasks that are waiting."""

from __future__ import annotations

import asyncio
import io

STACK_FRAMES = 6
MAX_CHARS = 6_000


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
