"""`chokepoint silence add|list|expire`: silences on the topic every notifier follows."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from kafka import KafkaConsumer, KafkaProducer
from pydantic import ValidationError

from schemas import Silence, Topics
from schemas.control import SilenceMatcher
from services.common.kafka_settings import KafkaConnection, add_kafka_options, kafka_from_args
from services.notifier.silences import SilenceBook, expired, new_silence, parse_duration


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chokepoint silence", description="Manage alert silences."
    )
    add_kafka_options(parser, "NOTIFIER_")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="silence matching alerts for a while")
    add.add_argument("--entity-id", help="list entry id, e.g. OFAC-12345")
    add.add_argument("--party", help="party name as it appears in records")
    add.add_argument("--record-type", choices=["shipment", "news"])
    add.add_argument("--severity", choices=["low", "medium", "high", "critical"])
    add.add_argument("--watchlist", help="e.g. us_ofac_sdn")
    add.add_argument("--hs-prefix", help="HS code prefix, e.g. 8542")
    add.add_argument("--duration", default="24h", help="90s, 30m, 12h, 7d (default 24h)")
    add.add_argument("--by", required=True, help="who is silencing")
    add.add_argument("--comment", default="")
    listing = commands.add_parser("list", help="show silences")
    listing.add_argument("--all", action="store_true", help="include expired silences")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    expire = commands.add_parser("expire", help="end a silence now")
    expire.add_argument("silence_id")
    return parser


def _connection(args: argparse.Namespace) -> tuple[KafkaConnection, Topics]:
    kafka, namespace = kafka_from_args(args, "NOTIFIER_")
    return kafka, Topics(namespace)


def read_silences(kafka: KafkaConnection, topic: str, idle_ms: int = 1_500) -> SilenceBook:
    """Read the whole silences topic, newest version per id."""
    consumer = KafkaConsumer(
        topic, group_id=None, enable_auto_commit=False, auto_offset_reset="earliest",
        consumer_timeout_ms=idle_ms, **kafka.kafka_python_config(),
    )  # fmt: skip
    book = SilenceBook()
    try:
        for message in consumer:
            try:
                book.upsert(Silence.model_validate_json(message.value))
            except ValidationError:
                continue  # not ours to judge here; the notifier logs invalid records
    finally:
        consumer.close()
    return book


def publish_silence(kafka: KafkaConnection, topic: str, silence: Silence) -> None:
    producer = KafkaProducer(acks="all", **kafka.kafka_python_config())
    try:
        producer.send(
            topic, key=silence.silence_id.encode(), value=silence.model_dump_json().encode()
        )
        producer.flush(timeout=30)
    finally:
        producer.close()


def _describe(silence: Silence, now: datetime) -> str:
    matcher = ", ".join(
        f"{k}={v}" for k, v in silence.matcher.model_dump(exclude_none=True).items()
    )
    state = "active" if silence.starts_at <= now < silence.ends_at else "expired"
    until = silence.ends_at.isoformat(timespec="minutes")
    who = f"by {silence.created_by}  {silence.comment}"
    return f"{silence.silence_id}  {state:<7}  until {until}  {matcher}  {who}"


def main(argv: list[str] | None = None) -> int:
    """Entry point for `chokepoint silence …`; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        kafka, topics = _connection(args)
    except ValidationError as exc:
        print(f"chokepoint silence: invalid configuration:\n{exc}", file=sys.stderr)
        return 2
    now = datetime.now(UTC)
    if args.command == "add":
        try:
            matcher = SilenceMatcher(
                entity_id=args.entity_id, party=args.party, record_type=args.record_type,
                severity=args.severity, watchlist=args.watchlist, hs_prefix=args.hs_prefix,
            )  # fmt: skip
            silence = new_silence(
                matcher, created_by=args.by, comment=args.comment,
                duration_seconds=parse_duration(args.duration), now=now,
            )  # fmt: skip
        except ValueError as exc:
            print(f"chokepoint silence: {exc}", file=sys.stderr)
            return 2
        publish_silence(kafka, topics.silences, silence)
        print(silence.silence_id)
        return 0
    book = read_silences(kafka, topics.silences)
    if args.command == "list":
        shown = book.all() if args.all else book.active(now)
        for silence in shown:
            print(
                json.dumps(silence.model_dump(mode="json"))
                if args.json
                else _describe(silence, now)
            )
        return 0
    current = next((s for s in book.all() if s.silence_id == args.silence_id), None)
    if current is None:
        print(f"chokepoint silence: no silence {args.silence_id}", file=sys.stderr)
        return 1
    publish_silence(kafka, topics.silences, expired(current, datetime.now(UTC)))
    print(f"expired {args.silence_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
