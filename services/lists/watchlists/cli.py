"""`chokepoint watchlist fetch|publish|list`: download lists, announce snapshots, show them.

    chokepoint watchlist fetch [--cache DIR] [--source NAME=URL …] [NAME …]  (no NAME: all)
    chokepoint watchlist publish PATH… [--name NAME] [--bootstrap-servers HOST:PORT] [--namespace NS]
    chokepoint watchlist list [PATH…]

`publish` puts the list's content on the (compacted) watchlists topic in chunks, then a
WatchlistSnapshot keyed by list name announcing version, digests and chunk count; every detector,
on any host, reassembles it, verifies both digests and swaps it in. Kafka settings come from the
detector's DETECTOR_KAFKA__* variables (SASL/TLS included), --bootstrap-servers overriding.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
import warnings
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from schemas import Topics, WatchlistChunk, WatchlistSnapshot
from services.common.kafka_settings import KafkaConnection, kafka_connection_from_env
from services.lists.watchlists import (
    WatchlistError,
    default_cache_dir,
    default_watchlist_paths,
    detect_format,
    load_watchlist,
)
from services.lists.watchlists.registry import snapshot_digest
from services.lists.watchlists.snapshot_content import chunk_key, pack, sha256_hex, split

# Official publication URLs (file name in the cache → URL). OpenSanctions data is CC BY-NC.
OFFICIAL_SOURCES: dict[str, tuple[str, str]] = {
    "us_ofac_sdn": ("sdn.xml", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.XML"),
    "us_ofac_cons": ("consolidated.xml", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONSOLIDATED.XML"),
    "un_sc_sanctions": ("un_consolidated.xml", "https://scsanctions.un.org/resources/xml/en/consolidated.xml"),
    "us_bis_dpl": ("dpl.txt", "https://www.bis.doc.gov/dpl/dpl.txt"),
}  # fmt: skip
FETCH_TIMEOUT_SECONDS = 120


def fetch_source(name: str, url: str, filename: str, cache: Path) -> dict[str, Any]:
    """Download one list into the cache; If-None-Match with the stored ETag skips unchanged ones."""
    cache.mkdir(parents=True, exist_ok=True)
    target, meta_path = cache / filename, cache / f"{filename}.meta.json"
    meta: dict[str, Any] = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    request = urllib.request.Request(url, headers={"User-Agent": "chokepoint-watchlist-fetch"})
    if meta.get("etag") and target.exists():
        request.add_header("If-None-Match", meta["etag"])
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310
            partial = target.with_suffix(target.suffix + ".part")
            partial.write_bytes(response.read())
            detect_format(partial)  # refuse an error page before it replaces a good list
            partial.replace(target)
            meta = {
                "name": name,
                "url": url,
                "etag": response.headers.get("ETag"),
                "last_modified": response.headers.get("Last-Modified"),
                "sha256": snapshot_digest(target),
                "fetched_at": datetime.now(UTC).isoformat(),
            }
            meta_path.write_text(json.dumps(meta, indent=2))
            return {
                "name": name,
                "status": "downloaded",
                "path": str(target),
                "sha256": meta["sha256"],
            }
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return {
                "name": name,
                "status": "unchanged",
                "path": str(target),
                "sha256": meta.get("sha256"),
            }
        raise


@dataclass(frozen=True)
class SnapshotToPublish:
    """The announcement and the chunks that carry its content."""

    snapshot: WatchlistSnapshot
    chunks: list[WatchlistChunk]


def build_snapshot(path: Path, name: str | None = None) -> SnapshotToPublish:
    """Load the list (to validate and count it), pack its content and describe it."""
    fmt = detect_format(path)
    watchlist = load_watchlist(path, name)
    digest = snapshot_digest(path)
    content = pack(path)
    now = datetime.now(UTC)
    version = f"{now:%Y%m%dT%H%M%SZ}-{digest[:6]}"
    chunks = split(watchlist.name, version, content)
    snapshot = WatchlistSnapshot(
        name=watchlist.name,
        version=version,
        format=fmt,
        sha256=digest,
        entry_count=len(watchlist.entries),
        published_at=now,
        chunk_count=len(chunks),
        content_sha256=sha256_hex(content),
    )
    return SnapshotToPublish(snapshot, chunks)


def publish_snapshots(
    snapshots: list[SnapshotToPublish], kafka: KafkaConnection, topic: str
) -> None:
    """Chunks first, then the announcement, all of one list on one partition, acks=all.

    Raises unless the broker confirms every message.
    """
    with warnings.catch_warnings():
        # kafka-python's protocol modules use importlib.resources APIs deprecated in 3.11.
        warnings.simplefilter("ignore", DeprecationWarning)
        from kafka import KafkaProducer
    producer = KafkaProducer(
        acks="all",
        max_request_size=1_000_000,
        request_timeout_ms=30_000,
        **kafka.kafka_python_config(),
    )
    try:
        partitions = sorted(producer.partitions_for(topic))
        for item in snapshots:
            partition = partitions[zlib.crc32(item.snapshot.name.encode()) % len(partitions)]
            futures = [
                producer.send(
                    topic,
                    key=chunk_key(chunk.name, chunk.index).encode(),
                    value=chunk.model_dump_json().encode(),
                    partition=partition,
                )
                for chunk in item.chunks
            ]
            futures.append(
                producer.send(
                    topic,
                    key=item.snapshot.name.encode(),
                    value=item.snapshot.model_dump_json().encode(),
                    partition=partition,
                )
            )
            for future in futures:
                future.get(timeout=60)
    finally:
        producer.close(timeout=30)


def _fetch(args: argparse.Namespace) -> int:
    unknown = [n for n in args.names if n not in OFFICIAL_SOURCES]
    if unknown:
        print(f"chokepoint watchlist fetch: unknown source {unknown}", file=sys.stderr)
        return 2
    # Named official sources; with no NAME all of them, unless only --source URLs were given.
    everything = {} if args.source else dict(OFFICIAL_SOURCES)
    sources = {name: OFFICIAL_SOURCES[name] for name in args.names} if args.names else everything
    for spec in args.source:
        name, _, url = spec.partition("=")
        sources[name] = (Path(url.split("?")[0]).name or f"{name}.dat", url)
    status = 0
    for name, (filename, url) in sources.items():
        try:
            print(json.dumps(fetch_source(name, url, filename, args.cache)))
        except (OSError, WatchlistError) as exc:
            print(json.dumps({"name": name, "status": "failed", "error": str(exc)}))
            status = 1
    return status


def _publish(args: argparse.Namespace) -> int:
    if args.name and len(args.paths) > 1:
        print("chokepoint watchlist publish: --name needs exactly one PATH", file=sys.stderr)
        return 2
    try:
        snapshots = [build_snapshot(Path(p), args.name) for p in args.paths]
    except (WatchlistError, OSError) as exc:
        print(f"chokepoint watchlist publish: {exc}", file=sys.stderr)
        return 2
    topic = Topics(args.namespace).watchlists
    try:
        kafka = kafka_connection_from_env("DETECTOR_", args.bootstrap_servers)
    except ValidationError as exc:
        print(f"chokepoint watchlist publish: invalid Kafka settings:\n{exc}", file=sys.stderr)
        return 2
    publish_snapshots(snapshots, kafka, topic)
    for item in snapshots:
        print(item.snapshot.model_dump_json())
    return 0


def _list(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or default_watchlist_paths()
    for path in paths:
        try:
            watchlist = load_watchlist(path)
        except WatchlistError as exc:
            print(json.dumps({"path": str(path), "error": str(exc)}))
            continue
        row = {"name": watchlist.name, "version": watchlist.version, "format": detect_format(path)}
        print(json.dumps({**row, "entries": len(watchlist.entries), "path": str(path)}))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chokepoint watchlist", description="Manage watchlists.")
    commands = parser.add_subparsers(dest="command", required=True)
    fetch = commands.add_parser("fetch", help="download official lists into the cache (ETag aware)")
    fetch.add_argument(
        "names", nargs="*", metavar="NAME", help=f"any of {', '.join(OFFICIAL_SOURCES)}"
    )
    fetch.add_argument("--cache", type=Path, default=default_cache_dir())
    fetch.add_argument(
        "--source", action="append", default=[], metavar="NAME=URL", help="extra or mirror source"
    )
    fetch.set_defaults(run=_fetch)
    publish = commands.add_parser("publish", help="announce list snapshots on the watchlists topic")
    publish.add_argument("paths", nargs="+", metavar="PATH")
    publish.add_argument("--name", help="watchlist name (default: from the format or file name)")
    publish.add_argument(
        "--bootstrap-servers",
        default=None,
        metavar="HOST:PORT[,…]",
        help="overrides DETECTOR_KAFKA__BOOTSTRAP_SERVERS (other DETECTOR_KAFKA__* apply)",
    )
    publish.add_argument("--namespace", default="", help="topic namespace (tests, parallel demos)")
    publish.set_defaults(run=_publish)
    listing = commands.add_parser("list", help="show lists with format, version and entry count")
    listing.add_argument("paths", nargs="*", metavar="PATH")
    listing.set_defaults(run=_list)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point for `chokepoint watchlist …`; returns the exit status."""
    args = _parser().parse_args(argv)
    status: int = args.run(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
