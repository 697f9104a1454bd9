"""Exactly-once on Kafka: every send made while processing an event joins that event's transaction.

faust's exactly_once keeps one transactional producer per assigned source partition and commits
a partition's transaction together with that partition's consumed offsets. Its TransactionManager
picks the transaction from the *destination* partition of each message, though: a message whose
destination topic this app does not consume (the alerts topic) is sent outside any transaction,
and one re-keyed to another partition (a leg for the pattern table) joins a transaction that the
source partition's commit never closes, so it is aborted. Both lose the guarantee (faust issues
177 and 517 describe the symptoms).

Here a send made while an event is being processed joins the transaction of the partition the
event came from, which the next commit of that partition's offsets closes; sends outside an event
(faust's own changelog writes, flushed from its buffer) keep faust's choice. Sends must be awaited
inside the agent (`await topic.send(...)`) for the current event to be known.
"""

from __future__ import annotations

from typing import Any

import faust
from faust.streams import current_event
from faust.transport.consumer import TransactionManager


class SourcePartitionTransactionManager(TransactionManager):
    """Route a send to the transaction of the current event's source partition."""

    async def send(  # type: ignore[override]
        self,
        topic: str,
        key: bytes | None,
        value: bytes | None,
        partition: int | None,
        timestamp: float | None,
        headers: Any,
        *,
        transactional_id: str | None = None,
    ) -> Any:
        event = current_event()
        if event is None:
            return await super().send(
                topic, key, value, partition, timestamp, headers, transactional_id=transactional_id
            )
        source = event.message.tp
        group = self.app.assignor.group_for_topic(source.topic)
        return await self.producer.send(
            topic,
            key,
            value,
            partition,
            timestamp,
            headers,
            transactional_id=f"{self.app.conf.id}-{group}-{source.partition}",
        )


def use_source_partition_transactions(app: faust.App) -> None:
    """Make `app` (configured exactly_once) use SourcePartitionTransactionManager."""
    app.transport.TransactionManager = SourcePartitionTransactionManager  # type: ignore[misc]
