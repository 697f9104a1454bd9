"""Continuous monitoring on the broker: a list change screens the parties of past records again.

A detector runs on the lists it started with; 50 shipments flow, five of them naming a company
that no list names yet (three in Latin letters, two in Cyrillic). A snapshot of an analyst list
that adds the company, with a Cyrillic alias, is published: one retro alert per remembered
spelling of the party reaches the local Slack API, in one message with a thread, naming the list,
the listing date and the past records. The same list published again raises nothing; a version
without the company raises one `delisted` note (one message, the second spelling in its thread),
and a restarted detector screens nothing again.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from schemas import Topics
from services.common.local_broker import LocalBroker
from services.lists.watchlists import cli as watchlist_cli
from tests.support.detector_process import Detector
from tests.support.kafka_io import publish, read_topic, wait_for
from tests.support.notifier_harness import RunningNotifier, fast_settings
from tests.support.slack_api import FakeSlack, alert_ids_in

pytestmark = pytest.mark.integration

LATIN = "Severny Potok Elektronika LLC"
CYRILLIC = "ООО «Северный Поток Электроника»"
LISTED_ON = "2026-11-28"
X_RECORDS = {f"cm-{i:03d}" for i in (3, 11, 19, 27, 35)}
LIST_HEADER = "id,name,aliases,schema,countries,programs,listed_on\n"
LIST_OTHERS = (
    "blk-1,Kuznetsky Most Trading House,,Company,ru,ANALYST-WATCH,2026-01-15\n"
    "blk-2,Altai Heavy Machinery Works,,Company,ru,ANALYST-WATCH,2026-02-03\n"
)
LIST_X = (
    f"blk-x,Severny Potok Elektronika,Северный Поток Электроника,Company,ru,ANALYST-WATCH,"
    f"{LISTED_ON}\n"
)


def shipment(number: int) -> dict[str, Any]:
    record_id = f"cm-{number:03d}"
    importer = f"Trade Partner {number} GmbH"
    if record_id in X_RECORDS:
        importer = LATIN if number < 20 else CYRILLIC
    return {
        "record_id": record_id,
        "source": "test",
        "declaration_date": f"2026-{(number % 9) + 1:02d}-{(number % 27) + 1:02d}",
        "exporter": {"name": f"Harbour Supplier {number} Ltd", "country": "cn"},
        "importer": {"name": importer, "country": "ru"},
        "hs_code": "6109.10" if number % 2 else "9403.60",  # on no list: no record alerts
        "goods_description": "garments and furniture",
        "origin_country": "cn",
        "destination_country": "ru",
    }


def publish_list(broker: LocalBroker, topics: Topics, path: Path, body: str) -> None:
    path.write_text(LIST_HEADER + body, encoding="utf-8")
    args = ["publish", str(path), "--bootstrap-servers", broker.bootstrap_servers]
    assert watchlist_cli.main([*args, "--namespace", topics.namespace]) == 0


# A guard against a hang, not a speed target: the time from listing to Slack is printed (the docs
# quote it); on a quiet machine it is a few seconds, on a loaded CI machine it can be much longer.
SLACK_WAIT_SECONDS = 120


def alerts_of(broker: LocalBroker, topics: Topics, kind: str, count: int) -> list[dict[str, Any]]:
    found = read_topic(
        broker.bootstrap_servers,
        topics.alerts,
        until=lambda found: len({a["alert_id"] for a in found if a["kind"] == kind}) >= count,
        timeout_seconds=SLACK_WAIT_SECONDS,
    )
    return list({a["alert_id"]: a for a in found if a["kind"] == kind}.values())


def test_a_list_change_screens_past_records_again(
    broker: LocalBroker, topics: Topics, tmp_path: Path
) -> None:
    lists = tmp_path / "lists"
    lists.mkdir()
    blocklist = lists / "Analyst Blocklist.csv"
    detector = Detector(broker, topics, f"detector-{uuid.uuid4().hex[:8]}", tmp_path)
    with FakeSlack() as slack:
        settings = fast_settings(
            broker.bootstrap_servers, topics.namespace, f"notifier-{uuid.uuid4().hex[:8]}",
            slack_bot_token="xoxb-test", slack_base_url=slack.base_url,
        )  # fmt: skip
        detector.start()
        try:
            with RunningNotifier(settings):
                # The older list: the analyst list without X.
                publish_list(broker, topics, blocklist, LIST_OTHERS)
                wait_for(lambda: detector.metric(UPDATES) >= 1, timeout_seconds=60)
                messages = [(f"cm-{i:03d}", json.dumps(shipment(i)).encode()) for i in range(50)]
                publish(broker.bootstrap_servers, topics.shipments, messages)
                wait_for(lambda: detector.scored() >= 50, timeout_seconds=60)
                wait_for(lambda: detector.metric(REMEMBERED) >= 100, timeout_seconds=60)
                early = read_topic(broker.bootstrap_servers, topics.alerts, until=lambda _: True)
                assert not [a for a in early if "Potok" in json.dumps(a, ensure_ascii=False)]

                # X is listed, with a Cyrillic alias.
                publish_list(broker, topics, blocklist, LIST_OTHERS + LIST_X)
                listed_at = time.monotonic()
                deadline = listed_at + SLACK_WAIT_SECONDS
                retro = alerts_of(broker, topics, "retro", 2)
                wait_for(
                    lambda: (
                        len(
                            {i for m in slack.snapshot() for i in alert_ids_in(m)}
                            & {a["alert_id"] for a in retro}
                        )
                        == 2
                    ),
                    timeout_seconds=max(deadline - time.monotonic(), 0.1),
                )
                print(
                    f"retro alerts in Slack {time.monotonic() - listed_at:.1f} s after the listing"
                )
                check_retro_alerts(retro)
                check_retro_messages(slack, retro)

                # The same list again: nothing to screen. Then X removed: one delisted note.
                publish_list(broker, topics, blocklist, LIST_OTHERS + LIST_X)
                wait_for(lambda: detector.metric(UPDATES) >= 3, timeout_seconds=60)
                publish_list(broker, topics, blocklist, LIST_OTHERS)
                delisted = alerts_of(broker, topics, "delisted", 2)
                wait_for(
                    lambda: (
                        len(
                            {i for m in slack.snapshot() for i in alert_ids_in(m)}
                            & {a["alert_id"] for a in delisted}
                        )
                        == 2
                    ),
                    timeout_seconds=SLACK_WAIT_SECONDS,
                )
                check_one_message(slack, delisted)
                final = read_topic(broker.bootstrap_servers, topics.alerts, until=lambda _: True)

                # A restart applies the newest version again: every partition has it marked done.
                detector.stop()
                detector.start()
                wait_for(lambda: detector.metric(ALREADY_DONE) >= PARTITIONS, timeout_seconds=90)
                assert detector.metric(SCREENED) == 0
        finally:
            detector.stop()
    kinds = Counter(a["kind"] for a in {a["alert_id"]: a for a in final}.values())
    assert kinds["retro"] == 2 and kinds["delisted"] == 2  # the republished list raised nothing
    for alert in delisted:
        assert alert["headline"].startswith(
            "Severny Potok Elektronika was removed from analyst_blocklist"
        )
    assert sorted(a["reasons"][0]["matched"] for a in delisted) == sorted([LATIN, CYRILLIC])
    posted = Counter(i for m in slack.snapshot() for i in alert_ids_in(m))
    assert all(count == 1 for count in posted.values())  # each alert posted once


UPDATES = 'chokepoint_detector_watchlist_updates_total{status="applied"}'
ALREADY_DONE = (
    'chokepoint_detector_rescreens_total{status="already_done",watchlist="analyst_blocklist"}'
)
SCREENED = 'chokepoint_detector_rescreens_total{status="screened"'
PARTITIONS = 3  # the detector harness's DETECTOR_TOPIC_PARTITIONS
REMEMBERED = 'chokepoint_detector_party_sightings_total{status="remembered"}'


def check_retro_alerts(retro: list[dict[str, Any]]) -> None:
    """One alert per remembered spelling, each naming the list, the listing date and the records."""
    by_party = {a["reasons"][0]["matched"]: a for a in retro}
    assert set(by_party) == {LATIN, CYRILLIC}
    latin, cyrillic = by_party[LATIN], by_party[CYRILLIC]
    assert set(latin["reasons"][0]["related_record_ids"]) == {"cm-003", "cm-011", "cm-019"}
    assert set(cyrillic["reasons"][0]["related_record_ids"]) == {"cm-027", "cm-035"}
    for alert in retro:
        assert alert["headline"].startswith(
            f"Severny Potok Elektronika (added to analyst_blocklist on {LISTED_ON},"
            " program ANALYST-WATCH) matches"
        )
        assert alert["facets"]["entity_ids"] == ["analyst_blocklist:blk-x"]
        assert "analyst_blocklist" in alert["watchlist_versions"]
    assert "in 3 past records" in latin["headline"]
    assert "in 2 past records" in cyrillic["headline"]


def check_one_message(slack: FakeSlack, alerts: list[dict[str, Any]]) -> dict[str, Any]:
    """The alerts are one channel message for the entity, the second spelling in its thread."""
    ids = {a["alert_id"] for a in alerts}
    parents = [m for m in slack.top_level() if set(alert_ids_in(m)) & ids]
    assert len(parents) == 1
    [parent] = parents
    in_thread = [i for m in slack.replies(parent["ts"]) for i in alert_ids_in(m)]
    assert sorted([*alert_ids_in(parent), *in_thread]) == sorted(ids)
    return parent


def check_retro_messages(slack: FakeSlack, retro: list[dict[str, Any]]) -> None:
    """One message with a thread, naming the list and the listing date, listing the records."""
    parent = check_one_message(slack, retro)
    text = json.dumps(parent["blocks"], ensure_ascii=False)
    assert "Past records" in text and LISTED_ON in text and "analyst_blocklist" in text
