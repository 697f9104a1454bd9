"""How the detector leaves when only a new process can help: exit code 75 (EX_TEMPFAIL, "try
again"); the orchestrator starts it again (compose: `restart: unless-stopped`)."""

from __future__ import annotations

import logging
import os

EXIT_STALLED = 75


def exit_to_restart() -> None:
    """Leave at once: a graceful stop would wait for what is stuck. Nothing past the committed
    offsets is lost; the new worker scores from there (at least once)."""
    logging.shutdown()
    os._exit(EXIT_STALLED)
