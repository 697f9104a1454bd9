"""The stall watch: a partition is stalled when its committed offset stood still for the timeout
while records waited beyond it, and never while it is caught up."""

from __future__ import annotations

import pytest

from services.common.consumer_lag import Partition, Progress, lag_of
from services.common.stall_watch import Stalled, StallWatch

SHIPMENTS_0 = Partition("chokepoint.shipments.v1", 0)
SHIPMENTS_1 = Partition("chokepoint.shipments.v1", 1)


def test_a_partition_behind_with_no_commit_for_the_whole_timeout_is_stalled() -> None:
    watch = StallWatch(timeout_seconds=60)
    assert watch.observe({SHIPMENTS_0: Progress(10, 50)}, now=100.0) == []
    assert watch.observe({SHIPMENTS_0: Progress(10, 80)}, now=159.9) == []
    assert watch.observe({SHIPMENTS_0: Progress(10, 90)}, now=160.0) == [
        Stalled(SHIPMENTS_0, committed=10, end=90, since=100.0)
    ]


def test_a_moving_commit_restarts_the_clock() -> None:
    watch = StallWatch(timeout_seconds=60)
    watch.observe({SHIPMENTS_0: Progress(10, 50)}, now=100.0)
    assert watch.observe({SHIPMENTS_0: Progress(11, 50)}, now=150.0) == []
    assert watch.observe({SHIPMENTS_0: Progress(11, 50)}, now=209.0) == []
    assert [s.since for s in watch.observe({SHIPMENTS_0: Progress(11, 50)}, now=210.0)] == [150.0]


def test_a_caught_up_partition_is_never_stalled_and_its_wait_starts_when_records_arrive() -> None:
    watch = StallWatch(timeout_seconds=60)
    assert watch.observe({SHIPMENTS_0: Progress(50, 50)}, now=100.0) == []
    assert watch.observe({SHIPMENTS_0: Progress(50, 50)}, now=500.0) == []
    assert watch.observe({SHIPMENTS_0: Progress(50, 51)}, now=559.0) == []
    assert [s.since for s in watch.observe({SHIPMENTS_0: Progress(50, 51)}, now=560.0)] == [500.0]


def test_a_partition_never_committed_counts_from_offset_zero() -> None:
    watch = StallWatch(timeout_seconds=60)
    assert watch.observe({SHIPMENTS_0: Progress(None, 0)}, now=0.0) == []
    assert watch.observe({SHIPMENTS_0: Progress(None, 0)}, now=100.0) == []
    watch.observe({SHIPMENTS_0: Progress(None, 3)}, now=100.0)
    assert watch.observe({SHIPMENTS_0: Progress(None, 3)}, now=160.0) == [
        Stalled(SHIPMENTS_0, committed=None, end=3, since=100.0)
    ]


def test_an_empty_partition_the_group_never_committed_is_caught_up() -> None:
    watch = StallWatch(timeout_seconds=60)
    for now in (0.0, 60.0, 600.0):  # the broker answers -1 for "no committed offset"
        assert (
            watch.observe({SHIPMENTS_0: Progress(-1, 0), SHIPMENTS_1: Progress(None, 0)}, now) == []
        )


def test_only_the_stuck_partition_is_reported_and_an_unassigned_one_is_forgotten() -> None:
    watch = StallWatch(timeout_seconds=60)
    watch.observe({SHIPMENTS_0: Progress(1, 9), SHIPMENTS_1: Progress(1, 9)}, now=0.0)
    stalled = watch.observe({SHIPMENTS_0: Progress(1, 9), SHIPMENTS_1: Progress(5, 9)}, now=60.0)
    assert [s.partition for s in stalled] == [SHIPMENTS_0]
    watch.observe({SHIPMENTS_1: Progress(5, 9)}, now=61.0)  # partition 0 went to another worker
    assert watch.observe({SHIPMENTS_0: Progress(1, 9)}, now=62.0) == []  # back: a fresh clock


def test_reset_forgets_every_clock() -> None:
    watch = StallWatch(timeout_seconds=60)
    watch.observe({SHIPMENTS_0: Progress(1, 9)}, now=0.0)
    watch.reset()
    assert watch.observe({SHIPMENTS_0: Progress(1, 9)}, now=60.0) == []
    assert len(watch.observe({SHIPMENTS_0: Progress(1, 9)}, now=120.0)) == 1


def test_the_timeout_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        StallWatch(timeout_seconds=0)


def test_lag_per_topic_sums_end_minus_committed_over_partitions() -> None:
    progress = {
        SHIPMENTS_0: Progress(10, 50),
        SHIPMENTS_1: Progress(None, 7),
        Partition("chokepoint.news.v1", 0): Progress(3, 3),
    }
    assert lag_of(progress) == {"chokepoint.shipments.v1": 47, "chokepoint.news.v1": 0}
