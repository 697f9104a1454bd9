"""Bearer-token check and rate limiter."""

from __future__ import annotations

from pydantic import SecretStr

from services.ingest.guards import RateLimiter, bearer_token_matches

TOKEN = SecretStr("s3cret-token-0123456789")


def test_bearer_token() -> None:
    assert bearer_token_matches("Bearer s3cret-token-0123456789", TOKEN)
    assert bearer_token_matches("bearer s3cret-token-0123456789", TOKEN)
    assert not bearer_token_matches("Bearer s3cret-token-012345678", TOKEN)
    assert not bearer_token_matches("Basic s3cret-token-0123456789", TOKEN)
    assert not bearer_token_matches(None, TOKEN)
    assert not bearer_token_matches("Bearer \udcff", TOKEN)


def test_rate_limiter_allows_a_burst_then_refills() -> None:
    now = [0.0]
    limiter = RateLimiter(rate=2.0, burst=3, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.allow("a") == 0.5
    assert limiter.allow("b") == 0.0  # clients have their own buckets
    now[0] = 0.5
    assert limiter.allow("a") == 0.0


def test_rate_limiter_forgets_old_clients_and_can_be_off() -> None:
    limiter = RateLimiter(rate=1.0, burst=1, max_clients=2, clock=lambda: 0.0)
    for client in ("a", "b", "c"):
        limiter.allow(client)
    assert limiter.allow("a") == 0.0  # "a" was evicted, so it starts with a full bucket
    assert RateLimiter(rate=0.0, burst=1).allow("x") == 0.0
