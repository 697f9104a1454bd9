"""track_patterns and track_links: agents over re-keyed internal topics, one table entry per key."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import faust
import structlog

from schemas import Alert
from services.detector.agents.recent_values import RecentValues
from services.detector.channels import Channels
from services.detector.engine import DetectorEngine
from services.detector.publishing import Publisher
from services.detector.state import Leg, Sighting, decode_state

log = structlog.get_logger(__name__)
Observe = Callable[[str, bytes], list[Alert]]
# Parties (and listed entities) whose table values stay decoded between their legs (sightings).
REMEMBERED_KEYS = 4_096


def stateful_agent(name: str, observe: Observe, publisher: Publisher) -> Callable[..., Any]:
    """An agent over a re-keyed internal topic: each event updates its key's table entry."""

    async def agent(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        async for event in stream.events():
            key = event.key.decode() if isinstance(event.key, bytes) else str(event.key)
            try:
                alerts = observe(key, event.value)
            except Exception:  # a bad leg/sighting must not stop the agent
                log.exception("state.observe_failed", agent=name, key=key)
                continue
            publisher.publish_alerts(alerts)
            yield None

    return agent


def add_state_agents(
    app: faust.App, channels: Channels, engine: DetectorEngine, publisher: Publisher
) -> None:
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
            lambda key, raw: engine.observe_leg(key, decode_state(Leg, raw), patterns),
            publisher,
        )
    )
    app.agent(channels.sightings, name="track_links")(
        stateful_agent(
            "track_links",
            lambda key, raw: engine.observe_sighting(key, decode_state(Sighting, raw), links),
            publisher,
        )
    )
