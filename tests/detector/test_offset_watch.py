"""The detector's offset watch: it exits on a stalled partition (not while a consumer is
rebalancing), ignores rescreen requests, and exports input lag."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any, cast

import faust
import pytest
from pydantic import ValidationError

from schemas import Topics
from services.common.consumer_lag import Partition, Progress
from services.detector.agents.batch_loop import BatchLoop
from services.detector.metrics import DetectorMetrics
from services.detector.settings import DetectorSettings
from services.detector.web import OffsetWatch

TOPICS = Topics()


@dataclass(frozen=True)
class TP:
    topic: str
    partition: int


@dataclass
class StubApp:
    assigned: list[TP]
    rebalancing: bool = False
    in_recovery: bool = False

    def __post_init__(self) -> None:
        self.consumer = type("Consumer", (), {"assignment": lambda _self: set(self.assigned)})()
        self.agents = type("Agents", (), {"human_tracebacks": lambda _self: "score_records: …"})()


@dataclass
class StubLoop:
    """A batch loop: it reads its topics among the app's assigned partitions."""

    app: StubApp
    topics: set[str]
    rebalancing: bool = False
    group_id: str = "detector-loop"

    def assignment(self) -> list[Partition]:
        return [
            Partition(tp.topic, tp.partition) for tp in self.app.assigned if tp.topic in self.topics
        ]

    def view(self) -> dict[str, object]:
        return {}


class StubProbe:
    def __init__(self, progress: dict[Partition, Progress]) -> None:
        self.progress_now = progress
        self.asked: list[list[Partition]] = []

    def progress(self, partitions: list[Partition]) -> dict[Partition, Progress]:
        self.asked.append(sorted(partitions))
        return {p: self.progress_now[p] for p in partitions if p in self.progress_now}


def new_watch(
    app: StubApp, probe: StubProbe, stalls: list[str], settings: DetectorSettings
) -> tuple[OffsetWatch, DetectorMetrics]:
    metrics = DetectorMetrics()
    records = cast(BatchLoop, StubLoop(app, {TOPICS.shipments, TOPICS.news}))
    state_topics = {
        TOPICS.detector_legs,
        TOPICS.detector_sightings,
        TOPICS.detector_parties,
        TOPICS.detector_rescreens,
    }
    state = cast(BatchLoop, StubLoop(app, state_topics))
    watch = OffsetWatch(
        cast(faust.App, app), records, [state], settings, metrics, lambda: stalls.append("exit")
    )
    watch._probe = probe  # type: ignore[assignment]
    watch._others = [(state, probe)]  # type: ignore[list-item]
    return watch, metrics


def watch_for(app: StubApp, probe: StubProbe, stalls: list[str]) -> tuple[OffsetWatch, Any]:
    return new_watch(app, probe, stalls, DetectorSettings(stall_timeout_seconds=60))


def run_ticks(watch: OffsetWatch, clock: list[float], monkeypatch: pytest.MonkeyPatch) -> None:
    for now in clock:
        monkeypatch.setattr("services.detector.web.time.monotonic", lambda now=now: now)
        watch.tick()


SHIP_0 = Partition(TOPICS.shipments, 0)
LEGS_0 = Partition(TOPICS.detector_legs, 0)


def test_a_stuck_input_partition_makes_the_worker_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    probe = StubProbe({SHIP_0: Progress(10, 50)})
    stalls: list[str] = []
    watch, metrics = watch_for(StubApp([TP(TOPICS.shipments, 0)]), probe, stalls)
    run_ticks(watch, [0.0, 59.0], monkeypatch)
    assert stalls == []
    run_ticks(watch, [60.0], monkeypatch)
    assert stalls == ["exit"]
    assert metrics.consumer_lag.labels("shipments")._value.get() == 40


def test_internal_topics_are_watched_but_rescreen_requests_are_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assigned = [
        TP(TOPICS.detector_legs, 0),
        TP(TOPICS.detector_parties, 0),
        TP(TOPICS.detector_rescreens, 0),
    ]
    parties_0 = Partition(TOPICS.detector_parties, 0)
    probe = StubProbe({LEGS_0: Progress(0, 5), parties_0: Progress(3, 3)})
    stalls: list[str] = []
    watch, _ = watch_for(StubApp(assigned), probe, stalls)
    run_ticks(watch, [0.0, 60.0], monkeypatch)
    asked = {p for partitions in probe.asked for p in partitions}
    assert asked == {LEGS_0, parties_0}
    assert stalls == ["exit"]


@pytest.mark.parametrize(
    "busy", ["faust rebalancing", "faust in_recovery", "records rebalancing", "state rebalancing"]
)
def test_no_stall_is_counted_while_rebalancing_or_recovering_tables(
    busy: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = StubApp([TP(TOPICS.shipments, 0)])
    probe = StubProbe({SHIP_0: Progress(10, 50)})
    stalls: list[str] = []
    watch, _ = watch_for(app, probe, stalls)
    owner_name, flag = busy.split()
    owners = {"faust": app, "records": watch._records, "state": watch._others[0][0]}
    owner = owners[owner_name]
    run_ticks(watch, [0.0], monkeypatch)
    setattr(owner, flag, True)
    run_ticks(watch, [30.0, 90.0], monkeypatch)
    assert stalls == []
    setattr(owner, flag, False)
    run_ticks(watch, [100.0, 159.0], monkeypatch)  # the clock starts again after
    assert stalls == []
    run_ticks(watch, [160.0], monkeypatch)
    assert stalls == ["exit"]


def test_a_stopped_watch_no_longer_acts(monkeypatch: pytest.MonkeyPatch) -> None:
    probe = StubProbe({SHIP_0: Progress(10, 50)})
    stalls: list[str] = []
    watch, _ = watch_for(StubApp([TP(TOPICS.shipments, 0)]), probe, stalls)
    run_ticks(watch, [0.0], monkeypatch)
    watch.stop()  # the worker is shutting down: its offsets rightly stand still
    run_ticks(watch, [60.0, 120.0], monkeypatch)
    assert stalls == []


def test_the_watch_ticks_in_its_own_thread_until_stopped() -> None:
    probe = StubProbe({SHIP_0: Progress(10, 50)})
    watch, metrics = watch_for(StubApp([TP(TOPICS.shipments, 0)]), probe, [])
    loop = asyncio.new_event_loop()
    watch.start(loop, interval_seconds=0.01)
    try:
        wait_until(lambda: len(probe.asked) >= 3)
    finally:
        watch.stop()
        watch.join(timeout_seconds=10)
        loop.close()
    assert metrics.consumer_lag.labels("shipments")._value.get() == 40


def wait_until(condition: Any, timeout_seconds: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met"
        time.sleep(0.01)


def test_the_watch_is_off_at_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    probe = StubProbe({SHIP_0: Progress(10, 50)})
    stalls: list[str] = []
    app = StubApp([TP(TOPICS.shipments, 0)])
    watch, _ = new_watch(app, probe, stalls, DetectorSettings(stall_timeout_seconds=0))
    run_ticks(watch, [0.0, 10_000.0], monkeypatch)
    assert stalls == []


def test_a_stall_timeout_shorter_than_a_rejoin_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least 10 s"):
        DetectorSettings(stall_timeout_seconds=5)
    assert DetectorSettings(stall_timeout_seconds=10)


class AwayProbe(StubProbe):
    def __init__(self, progress: dict[Partition, Progress]) -> None:
        super().__init__(progress)
        self.away = False

    def progress(self, partitions: list[Partition]) -> dict[Partition, Progress]:
        if self.away:
            raise ConnectionError("broker away")
        return super().progress(partitions)


def test_time_without_the_broker_does_not_count_as_a_stall(monkeypatch: pytest.MonkeyPatch) -> None:
    probe = AwayProbe({SHIP_0: Progress(10, 50)})
    stalls: list[str] = []
    watch, _ = watch_for(StubApp([TP(TOPICS.shipments, 0)]), probe, stalls)
    run_ticks(watch, [0.0], monkeypatch)
    probe.away = True
    run_ticks(watch, [30.0, 500.0], monkeypatch)
    probe.away = False
    run_ticks(watch, [505.0, 564.0], monkeypatch)
    assert stalls == []
    run_ticks(watch, [565.0], monkeypatch)
    assert stalls == ["exit"]
