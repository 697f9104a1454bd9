"""1,000+ generated requests across every endpoint of a running server: never a 5xx, and every
4xx is JSON with an error code and a reason."""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.screening import OTHER_TOKEN, TOKEN, call

SEEN: list[int] = []
text = st.text(max_size=40)
prop_values = st.one_of(
    st.lists(st.one_of(text, st.integers(), st.none(), st.booleans()), max_size=3),
    text,
    st.integers(),
    st.none(),
    st.dictionaries(text, text, max_size=2),
)
properties = st.dictionaries(
    st.sampled_from(
        [
            "name",
            "firstName",
            "lastName",
            "alias",
            "country",
            "birthDate",
            "innCode",
            "imoNumber",
            "registrationNumber",
            "nationality",
        ]
    )
    | text,
    prop_values,
    max_size=5,
)
query_entity = st.one_of(
    st.fixed_dictionaries(
        {
            "schema": st.sampled_from(
                ["Person", "Company", "Organization", "Vessel", "Thing", "Document"]
            )
            | text,
            "properties": properties,
        }
    ),
    st.none(),
    text,
    st.lists(st.integers(), max_size=2),
)
match_body = st.one_of(
    st.fixed_dictionaries({"queries": st.dictionaries(text, query_entity, max_size=4)}),
    st.dictionaries(text, st.integers(), max_size=2),
    st.lists(st.integers(), max_size=2),
    st.none(),
)
datasets = st.sampled_from(["default", "us_ofac_sdn", "un_sc_sanctions", "nope"]) | st.text(
    st.characters(codec="ascii", exclude_characters="/?#%"), min_size=1, max_size=12
)
params = st.dictionaries(
    st.sampled_from(["threshold", "cutoff", "limit", "algorithm", "offset", "q", "schema"]),
    st.one_of(text, st.integers(-5, 600).map(str), st.floats(allow_nan=True).map(str)),
    max_size=4,
)
tokens = st.sampled_from([TOKEN, OTHER_TOKEN, None, "short", "x" * 40])


def _path(segment: str) -> str:
    return urllib.parse.quote(segment, safe="")


@st.composite
def requests(draw: st.DrawFn) -> tuple[str, str, bytes | None, str | None]:
    endpoint = draw(
        st.sampled_from(["match", "match_raw", "search", "entities", "catalog", "hs", "other"])
    )
    query = urllib.parse.urlencode(draw(params))
    token = draw(tokens)
    if endpoint == "match":
        return (
            "POST",
            f"/match/{_path(draw(datasets))}?{query}",
            json.dumps(draw(match_body)).encode(),
            token,
        )
    if endpoint == "match_raw":
        return "POST", f"/match/default?{query}", draw(st.binary(max_size=64)), token
    if endpoint == "search":
        return "GET", f"/search/{_path(draw(datasets))}?{query}", None, token
    if endpoint == "entities":
        entity = draw(
            st.sampled_from(["us_ofac_sdn:16649", "un_sc_sanctions:KPe.001"]) | text.filter(bool)
        )
        return "GET", f"/entities/{_path(entity)}", None, token
    if endpoint == "hs":
        code = draw(st.sampled_from(["8542.31", "8806", "0101.21", "9999.99"]) | text.filter(bool))
        return "GET", f"/hs/{_path(code)}", None, token
    if endpoint == "catalog":
        return "GET", f"/catalog?{query}", None, token
    method = draw(st.sampled_from(["GET", "POST", "PUT", "DELETE"]))
    return method, "/" + _path(draw(text)), None, token


@settings(
    max_examples=1_100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=requests())
def test_generated_requests_get_no_5xx_and_json_reasons(
    screening_url: str, request: tuple[str, str, bytes | None, str | None]
) -> None:
    method, path, body, token = request
    status, headers, raw = call(screening_url, method, path, body, token=token)
    SEEN.append(status)
    assert status < 500, (status, path, raw[:200])
    if status >= 400:
        assert headers.get("Content-Type", "").startswith("application/json"), (status, path)
        error: Any = json.loads(raw)
        assert isinstance(error.get("error"), str) and error.get("message"), (status, path, error)


def test_the_fuzzing_sent_enough_requests_and_reached_answers() -> None:
    assert len(SEEN) >= 1_000
    assert {200, 400, 401, 404} <= set(SEEN)
