"""Shared by the HTTP fuzz tests: generated requests and the property every answer must hold."""

from __future__ import annotations

import json
import os

from hypothesis import strategies as st

from tests.support.ingest_api import Reply

# ≥ 2,000 generated requests per endpoint in CI; set lower locally for a quick run.
EXAMPLES = int(os.environ.get("CHOKEPOINT_FUZZ_EXAMPLES", "2000"))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
content_types = st.sampled_from(
    [
        "application/json",
        "application/x-ndjson",
        "application/x-www-form-urlencoded",
        "text/plain",
        "application/json; charset=latin-1",
        "multipart/form-data; boundary=x",
    ]
)
header_text = st.text(
    st.characters(min_codepoint=32, max_codepoint=126), max_size=40
)  # what an HTTP client can put in a header
queries = st.sampled_from(["", "?partial=true", "?partial=%ff", "?x=" + "y" * 50, "?partial"])


def body_strategy(
    objects: st.SearchStrategy[dict[str, object]],
) -> st.SearchStrategy[bytes]:
    """Arbitrary bytes, arbitrary JSON, and near-valid objects of the endpoint's own shape."""
    return st.one_of(
        st.binary(max_size=300),
        json_values.map(lambda v: json.dumps(v).encode()),
        objects.map(lambda o: json.dumps(o).encode()),
        st.lists(objects.map(lambda o: json.dumps(o).encode()), max_size=3).map(b"\n".join),
    )


def assert_answer_is_sound(reply: Reply) -> None:
    """No server error; every client error is JSON with a reason."""
    assert reply.status < 500, reply.body
    if reply.status >= 400:
        assert isinstance(reply.body, dict), reply.body
        assert isinstance(reply.body.get("error"), str) and reply.body["error"], reply.body
        assert reply.headers.get("Content-Type", "").startswith("application/json")
