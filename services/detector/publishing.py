"""What the agents send: alerts (with their metrics and log lines) and dead letters.

at_least_once: sends are buffered and faust flushes the producer before it commits offsets, so a
crash re-scores and re-sends. Alert ids are deterministic and the notifier drops repeats; the
pattern tracker re-emits a repeated leg's alerts (docs: delivery guarantees).
"""

from __future__ import annotations

from typing import Any

import structlog

from schemas import Alert, DeadLetter
from services.detector.channels import Channels
from services.detector.decoding import RecordType
from services.detector.errors import PoisonRecord
from services.detector.metrics import DetectorMetrics

log = structlog.get_logger(__name__)


class Publisher:
    def __init__(self, channels: Channels, metrics: DetectorMetrics) -> None:
        self._channels = channels
        self._metrics = metrics

    def publish_alerts(self, alerts: list[Alert]) -> None:
        for alert in alerts:
            self._channels.alerts.send_soon(
                key=alert.alert_id.encode(), value=alert.model_dump_json().encode()
            )
            self._metrics.alerts_emitted.labels(alert.severity, alert.kind).inc()
            for reason in alert.reasons:
                self._metrics.alert_reasons.labels(reason.kind, reason.watchlist or "none").inc()
            log.info(
                "alert.emitted",
                alert_id=alert.alert_id,
                record_id=alert.record.id,
                severity=alert.severity,
            )

    async def dead_letter(self, event: Any, kind: RecordType, exc: PoisonRecord) -> None:
        """The original bytes and the reason on the record type's dead-letter topic."""
        message = event.message
        key = message.key.decode("utf-8", "replace") if isinstance(message.key, bytes) else None
        envelope = DeadLetter.wrap(
            message.value or b"",
            reason=exc.reason,
            detail=exc.detail,
            field_path=exc.field_path,
            service="detector",
            topic=message.topic,
            partition=message.partition,
            offset=message.offset,
            key=key,
        )
        await self._channels.dead_letters[kind].send(
            key=message.key, value=envelope.model_dump_json().encode()
        )
        self._metrics.dead_letters.labels(kind, exc.reason).inc()
        self._metrics.records_failed.labels(kind, exc.reason).inc()
        log.warning(
            "record.dead_lettered",
            key=key,
            topic=message.topic,
            reason=exc.reason,
            detail=exc.detail[:300],
        )
