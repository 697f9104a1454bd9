"""`chokepoint-screening`: the screening API (settings from SCREENING_* variables)."""

from __future__ import annotations

import argparse
import sys

from services.common.logs import configure_logging
from services.common.startup import load_or_exit, run_or_exit
from services.lists.products import HsListError, PhraseListError
from services.lists.watchlists import WatchlistError
from services.screening.server import run_server
from services.screening.settings import ScreeningSettings

PROG = "chokepoint-screening"


def build_parser() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Serve the yente-compatible screening API (POST /match/{dataset}, GET /search,"
            " /entities, /catalog, /hs/{code}) over the live watchlists. Settings come from"
            " SCREENING_* variables; see docs/screening.md."
        ),
        epilog="Exit codes: 0 stopped cleanly, 2 bad settings or unusable lists.",
    )


def main(argv: list[str] | None = None) -> int:
    build_parser().parse_args(argv)
    settings = load_or_exit(ScreeningSettings, "SCREENING_", PROG)
    configure_logging(settings.log_level, settings.log_json)
    return run_or_exit(
        PROG, lambda: run_server(settings), (WatchlistError, HsListError, PhraseListError, OSError)
    )


if __name__ == "__main__":
    sys.exit(main())
