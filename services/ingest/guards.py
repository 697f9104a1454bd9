"""Request guards (pure): constant-time bearer-token check; the rate limit lives in common."""

from __future__ import annotations

import hmac

from pydantic import SecretStr

from services.common.http_guard import RateLimiter

__all__ = ["RateLimiter", "bearer_token_matches"]


def bearer_token_matches(authorization: str | None, expected: SecretStr) -> bool:
    """True when the header is `Bearer <expected>`, compared in constant time."""
    if not authorization:
        return False
    scheme, _, presented = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(
        presented.strip().encode("utf-8", "surrogateescape"),
        expected.get_secret_value().encode("utf-8"),
    )
