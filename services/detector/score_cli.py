"""`chokepoint score`: the detector's scoring offline, for backtests — records on stdin, alerts on stdout."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from schemas import NewsRecord, ShipmentRecord
from services.common.logs import configure_logging
from services.detector.decoding import RecordType, decode_record
from services.detector.errors import PoisonRecord
from services.detector.settings import DetectorSettings


def _record_type(line: str) -> RecordType:
    """The record's declared type; records without one are told apart by their fields."""
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return "shipment"  # decode_record reports the JSON error
    if isinstance(data, dict):
        declared = data.get("record_type")
        if declared in ("shipment", "news"):
            return declared  # type: ignore[no-any-return]
        if declared is None and "url" in data and "title" in data:
            return "news"
    return "shipment"


def score_stream(
    source: TextIO, out: TextIO, err: TextIO, settings: DetectorSettings, watchlists: list[Path]
) -> int:
    """Score every line; returns the number of rejected lines."""
    from services.detector.bootstrap import build_engine
    from services.detector.engine import ScoringSession

    engine, _ = build_engine(settings, extra_watchlists=watchlists)
    session = ScoringSession(engine)
    rejected = Rejected()
    for record in decoded_records(source, err, rejected):
        for alert in session.process(record):
            out.write(alert.model_dump_json() + "\n")
        out.flush()
    return rejected.lines


@dataclass
class Rejected:
    lines: int = 0


def decoded_records(
    source: TextIO, err: TextIO, rejected: Rejected
) -> Iterator[ShipmentRecord | NewsRecord]:
    """Each valid record of the input, as it is read; a bad line is reported on `err` as
    {"line", "error", "detail", "path"} and counted."""
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            yield decode_record(line.encode("utf-8", "surrogateescape"), _record_type(line))
        except PoisonRecord as exc:
            rejected.lines += 1
            error = {
                "line": number,
                "error": exc.reason,
                "detail": exc.detail,
                "path": exc.field_path,
            }
            err.write(json.dumps(error, ensure_ascii=False) + "\n")


def read_records(source: TextIO, err: TextIO) -> tuple[list[ShipmentRecord | NewsRecord], int]:
    """Every valid record of the input; bad lines reported on `err` and counted."""
    rejected = Rejected()
    records = list(decoded_records(source, err, rejected))
    return records, rejected.lines


def rescreen_stream(
    source: TextIO, out: TextIO, err: TextIO, settings: DetectorSettings, old: Path, new: Path
) -> int:
    """Past records on stdin, screened against what list NEW changed from OLD (as the detector
    does when a new version is published); retro / delisted alerts on stdout. Returns the
    number of rejected lines."""
    from services.detector.monitoring.memory import MemoryPolicy
    from services.detector.monitoring.offline import rescreen_records
    from services.lists.watchlists import load_watchlists

    records, rejected = read_records(source, err)
    policy = MemoryPolicy(
        lookback_days=settings.party_memory_lookback_days,
        max_records=settings.party_memory_max_records,
    )
    alerts = rescreen_records(
        records, load_watchlists([old]), load_watchlists([new]), policy, datetime.now(UTC)
    )
    for alert in alerts:
        out.write(alert.model_dump_json() + "\n")
    return rejected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="chokepoint score",
        description=(
            "Score records offline with the detector's own code. Reads topic JSON (shipments and/or news, one per "
            "line) on stdin; writes one Alert JSON line per alert on stdout; bad lines are reported on stderr."
        ),
    )
    parser.add_argument(
        "--watchlist",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help="watchlist file or folder (repeatable; same formats as `chokepoint screen`); default: configured lists",
    )
    parser.add_argument(
        "--rescreen",
        nargs=2,
        type=Path,
        metavar=("OLD", "NEW"),
        help="backtest a list change: screen the parties of the records on stdin against what"
        " list NEW added, changed or removed from OLD (retro / delisted alerts, as the detector"
        " raises them when NEW is published)",
    )
    args = parser.parse_args(argv)
    for path in [*args.watchlist, *(args.rescreen or [])]:
        if not path.exists():
            parser.error(f"no such watchlist: {path}")
    try:
        settings = DetectorSettings()
    except ValidationError as exc:
        print(f"chokepoint score: invalid settings:\n{exc}", file=sys.stderr)
        return 2
    configure_logging("WARNING", json_logs=False)  # stdout carries alerts only; logs go to stderr
    if args.rescreen:
        old, new = args.rescreen
        rejected = rescreen_stream(sys.stdin, sys.stdout, sys.stderr, settings, old, new)
    else:
        rejected = score_stream(sys.stdin, sys.stdout, sys.stderr, settings, args.watchlist)
    return 1 if rejected else 0


if __name__ == "__main__":
    sys.exit(main())
