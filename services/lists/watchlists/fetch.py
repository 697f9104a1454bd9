"""Download a list into the cache with a conditional GET; `watchlist fetch` and the refresher share it.

The request carries If-None-Match / If-Modified-Since from the cached copy's `<file>.meta.json`, so
an unchanged list costs a 304. A download goes to `<file>.part` and replaces the cached copy only
once it was read whole and `accept` passed it (validation.check_download); else the old copy stays.
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from services.lists.watchlists.errors import WatchlistError
from services.lists.watchlists.registry import snapshot_digest
from services.lists.watchlists.validation import AcceptedList, DownloadRefused

# Official publication URLs (list name → file name in the cache, URL).
OFFICIAL_SOURCES: dict[str, tuple[str, str]] = {
    "us_ofac_sdn": ("sdn.xml", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.XML"),
    "us_ofac_cons": ("consolidated.xml", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONSOLIDATED.XML"),
    "un_sc_sanctions": ("un_consolidated.xml", "https://scsanctions.un.org/resources/xml/en/consolidated.xml"),
    "us_bis_dpl": ("dpl.txt", "https://www.bis.doc.gov/dpl/dpl.txt"),
}  # fmt: skip
FETCH_TIMEOUT_SECONDS = 120.0
MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024
_BLOCK = 1 << 16
USER_AGENT = "chokepoint-watchlist-fetch"


class FetchError(WatchlistError):
    """The list could not be downloaded: network error, HTTP error status, timeout or too big."""

    def __init__(self, name: str, detail: str) -> None:
        self.name = name
        self.detail = detail
        super().__init__(f"{name}: download failed: {detail}")


@dataclass(frozen=True)
class ListSource:
    """Where one list is downloaded from and under which file name it is cached."""

    name: str
    url: str
    filename: str


def list_source(name: str, url: str | None = None) -> ListSource:
    """An official list (its URL unless `url` overrides it) or a named extra source."""
    official = OFFICIAL_SOURCES.get(name)
    if url is None:
        if official is None:
            raise KeyError(f"no official source named {name!r}")
        url = official[1]
    filename = official[0] if official else (Path(url.split("?")[0]).name or f"{name}.dat")
    return ListSource(name, url, filename)


@dataclass(frozen=True)
class FetchResult:
    """The cached copy after a fetch: freshly `downloaded` (and accepted) or `unchanged` (304)."""

    source: ListSource
    status: Literal["downloaded", "unchanged"]
    path: Path
    sha256: str | None
    accepted: AcceptedList | None = None  # set for a download; a 304 loads nothing

    def as_json(self) -> dict[str, Any]:
        row: dict[str, Any] = {
            "name": self.source.name,
            "status": self.status,
            "path": str(self.path),
            "sha256": self.sha256,
        }
        if self.accepted is not None:
            row["entries"] = len(self.accepted.watchlist.entries)
            published = self.accepted.watchlist.published_at
            row["published_at"] = published.isoformat() if published else None
        return row


def _meta_path(target: Path) -> Path:
    return target.with_name(f"{target.name}.meta.json")


def _conditional_request(source: ListSource, target: Path) -> urllib.request.Request:
    request = urllib.request.Request(source.url, headers={"User-Agent": USER_AGENT})
    meta_path = _meta_path(target)
    if target.exists() and meta_path.exists():
        meta: dict[str, Any] = json.loads(meta_path.read_text())
        if meta.get("etag"):
            request.add_header("If-None-Match", meta["etag"])
        if meta.get("last_modified"):
            request.add_header("If-Modified-Since", meta["last_modified"])
    return request


def cached_sha256(target: Path) -> str | None:
    """The digest recorded when the cached copy was downloaded (None without a copy)."""
    meta_path = _meta_path(target)
    if not target.exists():
        return None
    if meta_path.exists():
        recorded = json.loads(meta_path.read_text()).get("sha256")
        if isinstance(recorded, str):
            return recorded
    return snapshot_digest(target)


def fetch_source(
    source: ListSource,
    cache: Path,
    accept: Callable[[Path], AcceptedList],
    *,
    timeout_seconds: float = FETCH_TIMEOUT_SECONDS,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
    should_stop: Callable[[], bool] = lambda: False,
) -> FetchResult:
    """Conditional GET of `source` into `cache`; `timeout_seconds` bounds the whole download.

    Raises FetchError (nothing usable arrived) or DownloadRefused (`accept` refused it); in both
    cases the cached copy is left as it was.
    """
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / source.filename
    partial = target.with_name(f"{target.name}.part")
    request = _conditional_request(source, target)
    deadline = time.monotonic() + timeout_seconds
    try:
        with urllib.request.urlopen(request, timeout=timeout_seconds) as response:  # noqa: S310
            _download(source, response, partial, deadline, max_bytes, should_stop)
            etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 304 and target.exists():
            return FetchResult(source, "unchanged", target, cached_sha256(target))
        raise FetchError(source.name, f"HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        partial.unlink(missing_ok=True)
        raise FetchError(
            source.name, str(getattr(exc, "reason", exc)) or type(exc).__name__
        ) from exc
    try:
        accepted = accept(partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return _keep(source, partial, target, accepted, etag, modified)


def _download(
    source: ListSource,
    response: http.client.HTTPResponse,
    partial: Path,
    deadline: float,
    max_bytes: int,
    should_stop: Callable[[], bool],
) -> None:
    """Stream the body to `partial`; a short body is refused as truncated."""
    expected = response.headers.get("Content-Length")
    received = 0
    try:
        with partial.open("wb") as out:
            # read1: what the socket has, so a trickling server meets the deadline check.
            while block := response.read1(_BLOCK):
                received += len(block)
                if received > max_bytes:
                    raise FetchError(source.name, f"larger than {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise FetchError(source.name, "the download took longer than its timeout")
                if should_stop():
                    raise FetchError(source.name, "stopped while downloading")
                out.write(block)
        if expected is not None and expected.isdigit() and received < int(expected):
            raise DownloadRefused(
                source.name, "truncated", f"{received} of {expected} bytes arrived"
            )
    except http.client.IncompleteRead as exc:
        partial.unlink(missing_ok=True)
        raise DownloadRefused(
            source.name, "truncated", f"the connection closed after {received} bytes"
        ) from exc
    except WatchlistError:
        partial.unlink(missing_ok=True)
        raise


def _keep(
    source: ListSource,
    partial: Path,
    target: Path,
    accepted: AcceptedList,
    etag: str | None,
    modified: str | None,
) -> FetchResult:
    partial.replace(target)
    sha256 = snapshot_digest(target)
    meta = {
        "name": source.name,
        "url": source.url,
        "etag": etag,
        "last_modified": modified,
        "sha256": sha256,
        "fetched_at": datetime.now(UTC).isoformat(),
    }
    _meta_path(target).write_text(json.dumps(meta, indent=2))
    return FetchResult(source, "downloaded", target, sha256, accepted)
