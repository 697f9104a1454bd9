"""Consumer lag as the broker sees it: end offset minus the group's committed offset, per partition.

Read through the admin API (ListOffsets + OffsetFetch), so a consumer that fell behind, stalled or
never committed shows its full lag. Each instance reports the partitions assigned to it, so
summing the metric over instances gives the group's lag. End offsets are asked at the
read_committed level: transaction markers do not count as lag.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import structlog
from kafka import TopicPartition
from kafka.admin import KafkaAdminClient
from kafka.protocol.consumer.offsets import IsolationLevel, OffsetSpec

from services.common.kafka_settings import KafkaConnection

log = structlog.get_logger(__name__)


class Partition(NamedTuple):
    topic: str
    partition: int


class Progress(NamedTuple):
    """Where a group stands on one partition: its committed offset (None: never) and the end."""

    committed: int | None
    end: int


def lag_by_topic(
    end_offsets: dict[Partition, int], committed: dict[Partition, int | None]
) -> dict[str, int]:
    """Sum per topic of end − committed (a partition never committed lags by its whole length)."""
    totals: dict[str, int] = {}
    for tp, end in end_offsets.items():
        done = committed.get(tp)
        totals[tp.topic] = totals.get(tp.topic, 0) + max(
            0, end - (done if done is not None and done >= 0 else 0)
        )
    return totals


def lag_of(progress: dict[Partition, Progress]) -> dict[str, int]:
    """Lag per topic from each partition's progress."""
    return lag_by_topic(
        {tp: p.end for tp, p in progress.items()},
        {tp: p.committed for tp, p in progress.items()},
    )


def _committed_offset(meta: object) -> int | None:
    """The committed offset, or None when the group never committed (the broker answers -1)."""
    offset = getattr(meta, "offset", None)
    return int(offset) if offset is not None and offset >= 0 else None


class LagProbe:
    """Blocking admin calls (run it in an executor from async code); reconnects after errors."""

    def __init__(self, kafka: KafkaConnection, group_id: str, timeout_seconds: float = 5.0) -> None:
        self._kafka = kafka
        self._group_id = group_id
        self._timeout_ms = int(timeout_seconds * 1000)
        self._admin: KafkaAdminClient | None = None

    def _client(self) -> KafkaAdminClient:
        if self._admin is None:
            self._admin = KafkaAdminClient(
                client_id=f"{self._group_id}-lag",
                request_timeout_ms=self._timeout_ms,
                bootstrap_timeout_ms=self._timeout_ms,
                **self._kafka.kafka_python_config(),
            )
        return self._admin

    def lag(self, partitions: Iterable[Partition]) -> dict[str, int]:
        """Lag per topic over the given partitions."""
        return lag_of(self.progress(partitions))

    def progress(self, partitions: Iterable[Partition]) -> dict[Partition, Progress]:
        """The group's committed offset and the end offset of each given partition."""
        wanted = [TopicPartition(p.topic, p.partition) for p in partitions]
        if not wanted:
            return {}
        try:
            admin = self._client()
            ends = admin.list_partition_offsets(
                {tp: OffsetSpec.LATEST for tp in wanted},
                isolation_level=IsolationLevel.READ_COMMITTED,
            )
            committed = admin.list_group_offsets({self._group_id: wanted})[self._group_id]
        except Exception:
            self.close()
            raise
        done = {
            Partition(tp.topic, tp.partition): _committed_offset(meta)
            for tp, meta in committed.items()
        }
        return {
            Partition(tp.topic, tp.partition): Progress(
                done.get(Partition(tp.topic, tp.partition)), int(info.offset)
            )
            for tp, info in ends.items()
        }

    def close(self) -> None:
        if self._admin is not None:
            try:
                self._admin.close()
            finally:
                self._admin = None
