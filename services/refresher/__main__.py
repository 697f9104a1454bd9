"""`python -m services.refresher` (or `chokepoint refresher`): settings from REFRESHER_* variables."""

from __future__ import annotations

import argparse
import sys

from kafka.errors import KafkaError

from services.common.logs import configure_logging
from services.common.startup import load_or_exit, run_or_exit
from services.refresher.server import run_refresher
from services.refresher.settings import RefresherSettings

PROG = "chokepoint-refresher"


def build_parser() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Keep the official watchlists current: every REFRESHER_INTERVAL_SECONDS (6 h) download"
            " each list with a conditional GET, validate it and publish a snapshot on the"
            " watchlists topic when its content changed. /metrics, /healthz, /readyz on"
            " REFRESHER_HTTP_PORT (8084). Settings come from REFRESHER_* variables; see"
            " docs/refresher.md."
        ),
        epilog="Exit codes: 0 stopped cleanly, 1 the refresh loop crashed, 2 bad settings or"
        " Kafka unreachable at start.",
    )


def main(argv: list[str] | None = None) -> int:
    build_parser().parse_args(argv)
    settings = load_or_exit(RefresherSettings, "REFRESHER_", PROG)
    configure_logging(settings.log_level, settings.log_json)
    return run_or_exit(PROG, lambda: run_refresher(settings), (KafkaError, OSError))


if __name__ == "__main__":
    sys.exit(main())
