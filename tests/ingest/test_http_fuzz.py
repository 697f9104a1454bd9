"""Property-based fuzzing of every ingest endpoint: thousands of generated requests, no 5xx,
every 4xx a JSON body with a reason (CHOKEPOINT_FUZZ_EXAMPLES sets the count; default 2,000)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas import NewsRecord, ShipmentRecord
from tests.support.factories import news_dict, shipment_dict
from tests.support.fuzz import (
    EXAMPLES,
    assert_answer_is_sound,
    body_strategy,
    content_types,
    header_text,
    json_values,
    queries,
)
from tests.support.ingest_api import (
    AUTH,
    FakeSink,
    SyncClient,
    make_settings,
    ready_runtime,
    running_app,
)

FIELDS = list(ShipmentRecord.model_fields) + list(NewsRecord.model_fields) + ["x"]


@st.composite
def near_valid(draw: st.DrawFn) -> dict[str, Any]:
    record: dict[str, Any] = draw(st.sampled_from([shipment_dict, news_dict]))()
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
        if draw(st.booleans()):
            record[name] = draw(json_values)
        else:
            record.pop(name, None)
    return record


auth_headers = st.one_of(
    st.just(AUTH), st.just({}), header_text.map(lambda t: {"Authorization": f"Bearer {t}"})
)


@pytest.fixture(scope="module")
def api() -> Iterator[SyncClient]:
    runtime = ready_runtime(
        make_settings(max_body_bytes=8_192, max_record_bytes=4_096, max_batch_records=5),
        FakeSink(),
    )
    with running_app(runtime) as client:
        yield client


@pytest.mark.parametrize("route", ["/v1/shipments", "/v1/news"])
def test_record_routes_never_answer_5xx(api: SyncClient, route: str) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        body=body_strategy(near_valid()),
        content_type=content_types,
        auth=auth_headers,
        query=queries,
        method=st.sampled_from(["POST", "POST", "POST", "GET", "PUT"]),
    )
    def one_request(
        body: bytes, content_type: str, auth: dict[str, str], query: str, method: str
    ) -> None:
        headers = {"Content-Type": content_type, **auth}
        assert_answer_is_sound(api.request(method, route + query, body, headers))

    one_request()


@pytest.mark.parametrize("route", ["/metrics", "/healthz", "/readyz", "/nowhere"])
def test_ops_routes_never_answer_5xx(api: SyncClient, route: str) -> None:
    @settings(max_examples=max(EXAMPLES // 10, 50), deadline=None)
    @given(method=st.sampled_from(["GET", "POST", "DELETE"]), body=st.binary(max_size=100))
    def one_request(method: str, body: bytes) -> None:
        assert_answer_is_sound(api.request(method, route, body))

    one_request()
