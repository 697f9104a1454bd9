"""`chokepoint-ingest`: serve the HTTP API (default), import a file, or manage and run feeds."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

import structlog
from pydantic import ValidationError

from schemas import Topics
from services.common.logs import configure_logging
from services.common.startup import load_or_exit, run_or_exit
from services.ingest.errors import ConfigError, ImportFileError
from services.ingest.feeds_bridge import FeedRecordPublisher
from services.ingest.importer import FileImporter, guess_format
from services.ingest.kafka_link import connect_until_ready
from services.ingest.metrics import IngestMetrics
from services.ingest.publisher import KafkaPublisher
from services.ingest.server import build_validator, run_server
from services.ingest.settings import Settings

log = structlog.get_logger(__name__)
EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_KAFKA = 0, 1, 2, 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chokepoint-ingest",
        description="Ingest shipments and news into Kafka. Settings come from INGEST_* variables.",
        epilog="Exit codes: 0 ok, 1 records rejected, 2 bad usage or settings, 3 Kafka down.",
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("serve", help="serve the HTTP API (the default)")
    imp = commands.add_parser("import", help="import a CSV or NDJSON file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--type", choices=["shipment", "news"], dest="record_type")
    imp.add_argument("--format", choices=["csv", "ndjson"], dest="fmt")
    imp.add_argument("--dry-run", action="store_true", help="validate only; publish nothing")
    imp.add_argument("--no-progress", action="store_true", help="no progress bar")
    feeds = commands.add_parser("feeds", help="RSS/Atom news feeds")
    feed_commands = feeds.add_subparsers(dest="feeds_command", required=True)
    feed_commands.add_parser("run", help="poll the configured feeds until stopped")
    add = feed_commands.add_parser("add", help="add a feed to INGEST_FEEDS_CONFIG_PATH")
    add.add_argument("name")
    add.add_argument("url")
    add.add_argument("--interval-seconds", type=float, default=None)
    add.add_argument("--language", default=None)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_or_exit(Settings, "INGEST_", "chokepoint-ingest")
    configure_logging(settings.log_level, settings.log_json)
    return run_or_exit(
        "chokepoint-ingest",
        lambda: run_command(settings, args),
        (ConfigError, ImportFileError, OSError),
    )


def run_command(settings: Settings, args: argparse.Namespace) -> int:
    if args.command == "import":
        return run_import(settings, args)
    if args.command == "feeds":
        return run_feeds(settings, args)
    return run_server(settings)


def run_import(settings: Settings, args: argparse.Namespace) -> int:
    """Import one file and print the summary; non-zero if anything was rejected."""
    path: Path = args.file
    if not path.is_file():
        raise ImportFileError(f"no such file: {path}", path=str(path))
    fmt = args.fmt or guess_format(path)
    validator = build_validator(settings)
    publisher = None
    if not args.dry_run:
        publisher = _connect_once(settings)
        if publisher is None:
            print("chokepoint-ingest: Kafka is not reachable", file=sys.stderr)
            return EXIT_KAFKA
    importer = FileImporter(validator, publisher, Topics(settings.topic_namespace))
    try:
        summary = importer.run(path, fmt, args.record_type, progress=not args.no_progress)
    finally:
        if publisher is not None:
            publisher.close(settings.shutdown_timeout_seconds)
    print(summary.render())
    if summary.failure:
        return EXIT_KAFKA
    return EXIT_REJECTED if summary.rejected else EXIT_OK


def _connect_once(settings: Settings) -> KafkaPublisher | None:
    """Connect, giving up after the publish timeout: a CLI fails fast instead of waiting forever."""
    stop = threading.Event()
    timer = threading.Timer(settings.publish_timeout_seconds, stop.set)
    timer.start()
    try:
        return connect_until_ready(settings, stop)
    finally:
        timer.cancel()


def run_feeds(settings: Settings, args: argparse.Namespace) -> int:
    """`feeds add` edits the feed list; `feeds run` polls until SIGTERM/SIGINT."""
    from services.ingest.feeds import (
        FeedConfig,
        FeedPoller,
        add_feed,
        load_feed_configs,
    )

    path = settings.feeds_config_path
    if path is None:
        raise ConfigError("set INGEST_FEEDS_CONFIG_PATH to the feed list (YAML) file")
    if args.feeds_command == "add":
        fields = {"name": args.name, "url": args.url, "language": args.language}
        if args.interval_seconds is not None:
            fields["interval_seconds"] = args.interval_seconds
        try:
            feeds = add_feed(path, FeedConfig(**{k: v for k, v in fields.items() if v is not None}))
        except (ValidationError, ValueError) as exc:
            print(f"chokepoint-ingest: cannot add feed: {exc}", file=sys.stderr)
            return EXIT_USAGE
        print(f"added {args.name}; {path} lists {len(feeds)} feed(s)")
        return EXIT_OK
    publisher = _connect_once(settings)
    if publisher is None:
        print("chokepoint-ingest: Kafka is not reachable", file=sys.stderr)
        return EXIT_KAFKA
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    publish = FeedRecordPublisher(
        build_validator(settings),
        lambda: publisher,
        Topics(settings.topic_namespace),
        IngestMetrics(),
    )
    try:
        FeedPoller(
            load_feed_configs(path), settings.feeds_state_path, publish, reject=publish.reject
        ).run(stop)
    finally:
        publisher.close(settings.shutdown_timeout_seconds)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
