"""The notifier's own state on `Topics.notifier_state`: delivery intents, deliveries, start markers.

Keys: `msg:<message_id>` for intents and deliveries (a delivery supersedes its intent, so the
newest record per key is the truth and the topic compacts well), `marker:<marker_id>` for markers.
Every notifier instance reads the whole topic at start, which is how restarts and other instances
continue the same Slack threads and never post an alert twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from schemas.alerts import Alert

MessageRole = Literal["parent", "reply", "standalone"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DeliveryIntent(_Frozen):
    """Written just before a Slack call, so a crash before its DeliveryDone can be reconciled."""

    kind: Literal["intent"] = "intent"
    message_id: str = Field(
        description="Deterministic id of the message; also in its Slack metadata."
    )
    channel: str
    role: MessageRole
    group_key: str
    alert_ids: list[str]
    thread_ts: str | None = None
    parent_alert: Alert | None = None
    at: datetime


class DeliveryDone(_Frozen):
    """Slack confirmed a message: its alerts are delivered to the channel (idempotency record)."""

    kind: Literal["done"] = "done"
    message_id: str
    channel: str
    role: MessageRole
    group_key: str
    alert_ids: list[str]
    ts: str | None = Field(default=None, description="Slack message ts (None for webhook/console).")
    thread_ts: str | None = None
    parent_alert: Alert | None = Field(
        default=None, description="Parents keep their alert to re-render on chat.update."
    )
    at: datetime


class StateMarker(_Frozen):
    """Written at start-up to every partition; reading up to it means the state is fully loaded."""

    kind: Literal["marker"] = "marker"
    marker_id: str
    instance_id: str
    at: datetime


NotifierStateRecord = Annotated[
    DeliveryIntent | DeliveryDone | StateMarker, Field(discriminator="kind")
]
_STATE_ADAPTER: TypeAdapter[DeliveryIntent | DeliveryDone | StateMarker] = TypeAdapter(
    NotifierStateRecord
)


def parse_state_record(raw: bytes | str) -> DeliveryIntent | DeliveryDone | StateMarker:
    """Parse one message of the notifier state topic; raises pydantic.ValidationError."""
    return _STATE_ADAPTER.validate_json(raw)


def state_key(record: DeliveryIntent | DeliveryDone | StateMarker) -> str:
    """The Kafka key of a state record."""
    if isinstance(record, StateMarker):
        return f"marker:{record.marker_id}"
    return f"msg:{record.message_id}"
