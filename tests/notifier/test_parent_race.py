"""Two instances opening a parent for the same brand-new group at the same instant end with one
parent in the channel and every alert in Slack once (against the local Slack API)."""

from __future__ import annotations

import asyncio
from collections import Counter

from services.notifier.delivery import ChannelWorker
from services.notifier.grouping import Batch
from services.notifier.ledger import DeliveryLedger
from services.notifier.metrics import NotifierMetrics
from services.notifier.parent_race import ts_order
from services.notifier.sinks import SlackWebSink
from tests.integration.test_notifier_delivery import alert_ids_in
from tests.notifier.test_delivery_failures import Recorder
from tests.support.alert_factory import make_alert
from tests.support.slack_api import FakeSlack


def _instance(slack: FakeSlack, window: float) -> tuple[ChannelWorker, SlackWebSink]:
    metrics, recorder = NotifierMetrics(), Recorder()
    sink = SlackWebSink(
        "xoxb-test", base_url=slack.base_url, timeout=10, metrics=metrics, max_rate_limit_retries=2
    )
    worker = ChannelWorker(
        "#c", sink=sink, ledger=DeliveryLedger(), write_state=recorder.write_state,
        dead_letter=recorder.dead_letter, settled=recorder.on_settled, metrics=metrics,
        interval=0.0, retry_initial=0.01, retry_max=0.02, parent_race_window=window,
    )  # fmt: skip
    return worker, sink


def _race(window: float) -> tuple[FakeSlack, set[str]]:
    a = [make_alert(f"SHP-A{i}") for i in range(3)]
    b = [make_alert(f"SHP-B{i}") for i in range(2)]
    with FakeSlack() as slack:

        async def run() -> None:
            (one, sink_one), (two, sink_two) = _instance(slack, window), _instance(slack, window)
            await asyncio.gather(  # both post a parent for the new group at the same time
                one.send_batch(Batch("#c", "entity=e1", a, None)),
                two.send_batch(Batch("#c", "entity=e1", b, None)),
            )
            await sink_one.close()
            await sink_two.close()

        asyncio.run(run())
    return slack, {x.alert_id for x in [*a, *b]}


def test_two_instances_end_with_one_parent_and_every_alert_once() -> None:
    slack, expected = _race(window=60.0)
    parents = slack.top_level("#c")
    assert len(parents) == 1 and len(slack.deleted) == 1
    assert ts_order(parents[0]["ts"]) < ts_order(slack.deleted[0]["ts"])  # the earliest won
    delivered = Counter(a for m in slack.snapshot() for a in alert_ids_in(m))
    assert set(delivered) == expected and max(delivered.values()) == 1
    assert all(
        m.get("thread_ts") == parents[0]["ts"] for m in slack.snapshot() if m is not parents[0]
    )


def test_without_the_check_both_parents_stay() -> None:
    slack, _ = _race(window=0.0)
    assert len(slack.top_level("#c")) == 2  # what the check prevents
