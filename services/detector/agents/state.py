"""track_patterns and track_links: batched agents over re-keyed internal topics, one table entry per key."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import faust
import structlog

from schemas import Alert
from services.detector.agents.event_context import processing
from services.detector.agents.recent_values import RecentValues
from services.detector.channels import Channels
from services.detector.engine import DetectorEngine
from services.detector.publishing import Publisher
from services.detector.settings import DetectorSettings
from services.detector.state import Leg, Sighting, State, StateFormatError, decode_state

log = structlog.get_logger(__name__)
ObserveAll = Callable[[str, list[bytes]], list[Alert]]
# Parties (and listed entities) whose table values stay decoded between their legs (sightings).
REMEMBERED_KEYS = 4_096


@dataclass(frozen=True)
class BatchSize:
    """Events per batch, and how long to wait to fill one."""

    records: int
    wait: float


def _by_key(events: Sequence[Any]) -> dict[str, list[Any]]:
    """A batch's events per key, in arrival order (a key's events share one partition)."""
    groups: dict[str, list[Any]] = {}
    for event in events:
        key = event.key.decode() if isinstance(event.key, bytes) else str(event.key)
        groups.setdefault(key, []).append(event)
    return groups


def stateful_agent(
    name: str, observe_all: ObserveAll, publisher: Publisher, batch: BatchSize
) -> Callable[..., Any]:
    """An agent over a re-keyed internal topic: a batch's events update their keys' table entries
    (one read and one write per key), and its alerts are on the broker before it is committed."""

    async def agent(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        batches = cast(faust.Stream[bytes], stream).take_events(batch.records, within=batch.wait)
        async for events in batches:
            alerts: list[Alert] = []
            for key, group in _by_key(events).items():
                with processing(group[-1]):
                    try:
                        alerts += observe_all(key, [event.value for event in group])
                    except Exception:  # a bad leg/sighting must not stop the agent
                        log.exception("state.observe_failed", agent=name, key=key)
            await publisher.send_and_wait(publisher.alert_messages(alerts))
            yield None

    return agent


def _decoded(model: type[State], values: list[bytes], agent: str) -> list[State]:
    """The values this detector can read; the others are logged and skipped."""
    decoded = []
    for raw in values:
        try:
            decoded.append(decode_state(model, raw))
        except StateFormatError:
            log.exception("state.unreadable", agent=agent)
    return decoded


def add_state_agents(
    app: faust.App,
    channels: Channels,
    engine: DetectorEngine,
    publisher: Publisher,
    settings: DetectorSettings,
) -> None:
    batch = BatchSize(settings.scoring_batch_max_records, settings.scoring_batch_max_wait_seconds)
    patterns = RecentValues(channels.patterns, REMEMBERED_KEYS)
    links = RecentValues(channels.links, REMEMBERED_KEYS)

    async def forget(*_: Any, **__: Any) -> None:
        patterns.forget()
        links.forget()

    app.on_partitions_revoked.connect(forget)
    app.on_partitions_assigned.connect(forget)
    app.agent(channels.legs, name="track_patterns")(
        stateful_agent(
            "track_patterns",
            lambda key, values: engine.observe_legs(
                key, _decoded(Leg, values, "track_patterns"), patterns
            ),
            publisher,
            batch,
        )
    )
    app.agent(channels.sightings, name="track_links")(
        stateful_agent(
            "track_links",
            lambda key, values: [
                alert
                for sighting in _decoded(Sighting, values, "track_links")
                for alert in engine.observe_sighting(key, sighting, links)
            ],
            publisher,
            batch,
        )
    )
