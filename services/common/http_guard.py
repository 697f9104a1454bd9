"""Who is calling (pure): named bearer tokens, the client address behind trusted proxies, and a
per-key token-bucket rate limit shared by the services' HTTP servers."""

from __future__ import annotations

import hmac
import ipaddress
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from pydantic import SecretStr

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
TOKEN_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,31}$")
MIN_TOKEN_CHARS = 16


def check_named_tokens(tokens: Mapping[str, SecretStr]) -> None:
    """Raise ValueError unless names are short slugs and tokens long enough and distinct."""
    bad = [name for name in tokens if not TOKEN_NAME.match(name)]
    if bad:
        raise ValueError(f"token names must match {TOKEN_NAME.pattern}: {sorted(bad)}")
    short = [name for name, token in tokens.items() if len(token.get_secret_value()) < 16]
    if short:
        raise ValueError(f"tokens need at least {MIN_TOKEN_CHARS} characters: {sorted(short)}")
    if len({t.get_secret_value() for t in tokens.values()}) < len(tokens):
        raise ValueError("two token names share one token; give each caller its own")


class ApiTokens:
    """Named bearer tokens; `identify` says which one a request carries, in constant time."""

    def __init__(self, tokens: Mapping[str, SecretStr]) -> None:
        self._tokens = [(name, t.get_secret_value().encode()) for name, t in tokens.items()]

    def __bool__(self) -> bool:
        return bool(self._tokens)

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self._tokens]

    def identify(self, authorization: str | None) -> str | None:
        """The name of the token in `Authorization: Bearer <token>`, or None."""
        scheme, _, presented = (authorization or "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        offered = presented.strip().encode("utf-8", "surrogateescape")
        found = None
        for name, token in self._tokens:  # compare with every token: no early exit to time
            if hmac.compare_digest(offered, token):
                found = name
        return found


def parse_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted(address: str | None, proxies: Sequence[IPNetwork]) -> bool:
    parsed = parse_address(address or "")
    return parsed is not None and any(parsed in network for network in proxies)


def client_address(
    peer: str | None, forwarded_for: str | None, proxies: Sequence[IPNetwork]
) -> str:
    """The caller's address: the socket peer, or, only when the peer is a trusted proxy, the
    right-most `X-Forwarded-For` hop that is not itself a trusted proxy."""
    if peer is None:
        return "unknown"
    if not forwarded_for or not is_trusted(peer, proxies):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",")]
    for hop in reversed(hops):
        if parse_address(hop) is None:
            return peer  # a hop a trusted proxy would not write: do not believe the header
        if not is_trusted(hop, proxies):
            return hop
    return hops[0]


@dataclass(frozen=True)
class Caller:
    """Who made a request: a token's name if it carried one, and the client address."""

    token: str | None
    address: str

    @property
    def rate_key(self) -> str:
        """One bucket per token; anonymous (or failed) callers per address."""
        return f"token:{self.token}" if self.token else f"addr:{self.address}"


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """A token bucket per key (`rate`/s, up to `burst`); remembers at most `max_clients`."""

    def __init__(
        self,
        rate: float,
        burst: int,
        *,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.max_clients = max_clients
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def allow(self, client: str) -> float:
        """0.0 if the request may go ahead, else the seconds to wait before retrying."""
        if self.rate <= 0:
            return 0.0
        now = self._clock()
        bucket = self._buckets.pop(client, None) or _Bucket(tokens=float(self.burst), updated=now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        self._buckets[client] = bucket
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)  # forget the least recently seen client
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate
