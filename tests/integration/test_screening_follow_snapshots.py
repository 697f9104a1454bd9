"""A list published with `chokepoint watchlist publish` is swapped into the running service."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from schemas import Topics
from services.common.local_broker import LocalBroker
from services.lists.watchlists.cli import main as watchlist_main
from services.screening.server import build_runtime
from tests.support.screening import call_json, make_settings, running

NEW_PARTY = "Zelenodolsk Avionika Trading LLC"


def _match(base: str) -> list[dict[str, object]]:
    query = {"queries": {"q": {"schema": "Company", "properties": {"name": [NEW_PARTY]}}}}
    status, body = call_json(base, "POST", "/match/default", query)
    assert status == 200, body
    results: list[dict[str, object]] = body["responses"]["q"]["results"]
    return [r for r in results if r["match"]]


@pytest.mark.integration
def test_a_published_snapshot_is_swapped_into_the_running_service(
    broker: LocalBroker, topics: Topics, tmp_path: Path
) -> None:
    settings = make_settings(
        follow_watchlists=True,
        topic_namespace=topics.namespace,
        kafka={"bootstrap_servers": broker.bootstrap_servers},
    )
    runtime = build_runtime(settings)
    with running(runtime) as base:
        assert _match(base) == []
        path = tmp_path / "partners.csv"
        path.write_text(f"id,name,schema\np1,{NEW_PARTY},Company\n", encoding="utf-8")
        status = watchlist_main(
            [
                "publish",
                str(path),
                "--bootstrap-servers",
                broker.bootstrap_servers,
                "--namespace",
                topics.namespace,
            ]
        )
        assert status == 0
        deadline = time.monotonic() + 60
        while not (found := _match(base)) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert found and found[0]["datasets"] == ["partners"]
        _, catalog = call_json(base, "GET", "/catalog")
        assert "partners" in catalog["current"]
        while (status := call_json(base, "GET", "/readyz", token=None)[0]) != 200:
            assert time.monotonic() < deadline, "never caught up with the watchlists topic"
            time.sleep(0.5)
        _, ready = call_json(base, "GET", "/readyz", token=None)
        assert ready["checks"] == {"watchlists": True, "watchlist_topic": True}
        assert runtime.metrics.watchlist_updates.labels("applied")._value.get() == 1
