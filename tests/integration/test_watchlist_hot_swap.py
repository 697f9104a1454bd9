"""Lists update without a restart: a published snapshot is picked up by a running detector."""

from __future__ import annotations

import json
import secrets
import shutil
import uuid
from pathlib import Path

import pytest

from schemas import Topics
from services.common.local_broker import LocalBroker
from services.lists.watchlists import cli as watchlist_cli
from tests.support.detector_process import Detector
from tests.support.kafka_io import publish, read_topic, wait_for

pytestmark = pytest.mark.integration

SHIPMENT = {
    "record_id": "hot-swap-1",
    "source": "test",
    "declaration_date": "2026-10-20",
    "exporter": {"name": "Jiangsu Lianxin Furniture Co., Ltd.", "country": "cn"},
    "importer": {"name": "Vostok Precision Instruments LLC", "country": "ru"},
    "hs_code": "9403.60",
    "goods_description": "wooden office furniture",
    "destination_country": "ru",
}


def test_a_published_list_is_swapped_in_and_alerts_carry_its_version(
    broker: LocalBroker, topics: Topics, tmp_path: Path
) -> None:
    detector = Detector(broker, topics, f"detector-{uuid.uuid4().hex[:8]}", tmp_path)
    detector.start()
    try:
        publish(
            broker.bootstrap_servers,
            topics.shipments,
            [("before", json.dumps({**SHIPMENT, "record_id": "before"}).encode())],
        )
        wait_for(lambda: detector.scored() >= 1, timeout_seconds=60)

        # Published from a folder the detector never sees (removed right after publishing), and
        # large enough to travel in several chunks.
        publisher_dir = tmp_path / "publisher"
        publisher_dir.mkdir()
        custom = publisher_dir / "Analyst Blocklist.csv"
        filler = "".join(
            f"fill-{i},{secrets.token_hex(12)} {secrets.token_hex(8)} Holdings,Company,xx,FILL\n"
            for i in range(20_000)
        )
        custom.write_text(
            "id,name,schema,countries,programs\n"
            "vpi-1,Vostok Precision Instruments,Company,ru,ANALYST-WATCH\n" + filler,
            encoding="utf-8",
        )
        args = [
            "publish",
            str(custom),
            "--bootstrap-servers",
            broker.bootstrap_servers,
            "--namespace",
            topics.namespace,
        ]
        assert watchlist_cli.main(args) == 0
        shutil.rmtree(publisher_dir)
        chunks = read_topic(
            broker.bootstrap_servers, topics.watchlists, until=lambda found: len(found) >= 3
        )
        assert sum(1 for m in chunks if "data" in m) >= 2  # more than one message of content
        wait_for(
            lambda: (
                detector.metric('chokepoint_detector_watchlist_updates_total{status="applied"}')
                >= 1
            ),
            timeout_seconds=60,
        )
        publish(
            broker.bootstrap_servers,
            topics.shipments,
            [("after", json.dumps({**SHIPMENT, "record_id": "after"}).encode())],
        )
        alerts = read_topic(
            broker.bootstrap_servers,
            topics.alerts,
            until=lambda found: any(a["record"]["id"] == "after" for a in found),
        )
        # faust's own views (table contents, cluster layout) are not served; ours are.
        assert [detector.status(p) for p in ("/table/patterns", "/router/", "/graph/")] == [404] * 3
        assert detector.status("/metrics") == 200
    finally:
        detector.stop()
    assert not any(a["record"]["id"] == "before" for a in alerts)
    alert = next(a for a in alerts if a["record"]["id"] == "after")
    entity = next(r for r in alert["reasons"] if r["kind"] == "entity")
    assert entity["watchlist"] == "analyst_blocklist"
    assert entity["program"] == "ANALYST-WATCH"
    assert "analyst_blocklist" in alert["watchlist_versions"]
    assert "us_ofac_sdn" in alert["watchlist_versions"]  # the other lists stay loaded
