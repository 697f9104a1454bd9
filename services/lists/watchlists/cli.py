"""`chokepoint watchlist fetch|publish|list`: download lists, announce snapshots, show them.

    chokepoint watchlist fetch [--cache DIR] [--source NAME=URL …] [--min-bytes N] [NAME …]
    chokepoint watchlist publish PATH… [--name NAME] [--bootstrap-servers HOST:PORT] [--namespace NS]
    chokepoint watchlist list [PATH…]

`fetch` (no NAME: every official list) keeps a download only if it passes the refresher's checks
(validation.check_download: not HTML, whole, at least N bytes, loads, has entries).
`publish` puts the list's content on the (compacted) watchlists topic in chunks, then a
WatchlistSnapshot keyed by list name announcing version, digests and chunk count; every detector,
on any host, reassembles it, verifies both digests and swaps it in. Kafka settings come from the
detector's DETECTOR_KAFKA__* variables (SASL/TLS included), --bootstrap-servers overriding.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from schemas import Topics
from services.common.kafka_settings import add_kafka_options, kafka_from_args
from services.lists.watchlists import (
    WatchlistError,
    default_cache_dir,
    default_watchlist_paths,
    detect_format,
    load_watchlist,
)
from services.lists.watchlists.fetch import OFFICIAL_SOURCES, ListSource, fetch_source, list_source
from services.lists.watchlists.publish import SnapshotToPublish, build_snapshot, publish_snapshots
from services.lists.watchlists.validation import AcceptedList, DownloadRules, check_download

__all__ = ["OFFICIAL_SOURCES", "SnapshotToPublish", "build_snapshot", "main", "publish_snapshots"]


def _fetch(args: argparse.Namespace) -> int:
    unknown = [n for n in args.names if n not in OFFICIAL_SOURCES]
    if unknown:
        print(f"chokepoint watchlist fetch: unknown source {unknown}", file=sys.stderr)
        return 2
    # Named official sources; with no NAME all of them, unless only --source URLs were given.
    everything = [] if args.source else list(OFFICIAL_SOURCES)
    sources = [list_source(name) for name in args.names or everything]
    for spec in args.source:
        name, _, url = spec.partition("=")
        sources.append(list_source(name, url))
    rules = DownloadRules(min_bytes=args.min_bytes)
    status = 0
    for source in sources:
        try:
            fetched = fetch_source(source, args.cache, _checker(source, rules))
            print(json.dumps(fetched.as_json()))
        except (OSError, WatchlistError) as exc:
            print(json.dumps({"name": source.name, "status": "failed", "error": str(exc)}))
            status = 1
    return status


def _checker(source: ListSource, rules: DownloadRules) -> Callable[[Path], AcceptedList]:
    return lambda path: check_download(path, source.name, rules)


def _publish(args: argparse.Namespace) -> int:
    if args.name and len(args.paths) > 1:
        print("chokepoint watchlist publish: --name needs exactly one PATH", file=sys.stderr)
        return 2
    try:
        snapshots = [build_snapshot(Path(p), args.name) for p in args.paths]
    except (WatchlistError, OSError) as exc:
        print(f"chokepoint watchlist publish: {exc}", file=sys.stderr)
        return 2
    try:
        kafka, namespace = kafka_from_args(args, "DETECTOR_")
    except ValidationError as exc:
        print(f"chokepoint watchlist publish: invalid Kafka settings:\n{exc}", file=sys.stderr)
        return 2
    publish_snapshots(snapshots, kafka, Topics(namespace).watchlists)
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
        published = watchlist.published_at.isoformat() if watchlist.published_at else None
        row: dict[str, object] = {"name": watchlist.name, "version": watchlist.version}
        row.update(format=detect_format(path), published_at=published)
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
    fetch.add_argument(
        "--min-bytes",
        type=int,
        default=DownloadRules.min_bytes,
        metavar="N",
        help="refuse a download smaller than this (default %(default)s)",
    )
    fetch.set_defaults(run=_fetch)
    publish = commands.add_parser("publish", help="announce list snapshots on the watchlists topic")
    publish.add_argument("paths", nargs="+", metavar="PATH")
    publish.add_argument("--name", help="watchlist name (default: from the format or file name)")
    add_kafka_options(publish, "DETECTOR_")
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
