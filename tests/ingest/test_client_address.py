"""X-Forwarded-For is believed only from trusted proxies, and only up to the first hop they did
not write; named tokens are told apart in constant time."""

from __future__ import annotations

from ipaddress import ip_network

import pytest
from pydantic import SecretStr

from services.common.http_guard import ApiTokens, Caller, check_named_tokens, client_address

PROXIES = [ip_network("10.0.0.0/8"), ip_network("::1/128")]


@pytest.mark.parametrize(
    ("peer", "header", "expected"),
    [
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),  # not a proxy: header ignored
        ("10.0.0.2", None, "10.0.0.2"),
        ("10.0.0.2", "203.0.113.9", "203.0.113.9"),
        ("10.0.0.2", "1.2.3.4, 203.0.113.9, 10.0.0.3", "203.0.113.9"),  # spoofed left part
        ("10.0.0.2", "203.0.113.9, not-an-ip", "10.0.0.2"),
        ("10.0.0.2", "10.0.0.5, 10.0.0.3", "10.0.0.5"),
        ("::1", "2001:db8::1", "2001:db8::1"),
        (None, "203.0.113.9", "unknown"),
    ],
)
def test_client_address(peer: str | None, header: str | None, expected: str) -> None:
    assert client_address(peer, header, PROXIES) == expected


def test_tokens_are_identified_by_name() -> None:
    tokens = ApiTokens(
        {"ops": SecretStr("ops-token-0123456789"), "ci": SecretStr("ci-0123456789abcdef")}
    )
    assert tokens.identify("Bearer ci-0123456789abcdef") == "ci"
    assert tokens.identify("bearer ops-token-0123456789") == "ops"
    assert tokens.identify("Bearer ops-token-012345678") is None
    assert tokens.identify("Basic ops-token-0123456789") is None
    assert tokens.identify(None) is None
    assert Caller("ci", "1.2.3.4").rate_key == "token:ci"
    assert Caller(None, "1.2.3.4").rate_key == "addr:1.2.3.4"


@pytest.mark.parametrize(
    "tokens",
    [
        {"Bad Name": "x" * 16},
        {"short": "x" * 15},
        {"a": "same-token-0123456789", "b": "same-token-0123456789"},
    ],
)
def test_bad_token_settings_are_refused(tokens: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        check_named_tokens({k: SecretStr(v) for k, v in tokens.items()})
