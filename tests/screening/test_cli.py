"""`chokepoint-screening`: --help, refused settings, serving and a clean stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

from services.lists.watchlists.excerpt import excerpt_paths
from tests.support.screening import TOKEN, free_port

PROG = [sys.executable, "-m", "services.screening"]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCREENING_")}
    return {**env, **extra}


def test_help_and_refused_settings() -> None:
    shown = subprocess.run(
        [*PROG, "--help"], capture_output=True, text=True, timeout=60, env=_env()
    )
    assert shown.returncode == 0 and "SCREENING_" in shown.stdout
    no_token = subprocess.run(PROG, capture_output=True, text=True, timeout=60, env=_env())
    assert no_token.returncode == 2 and "SCREENING_API_TOKEN" in no_token.stderr
    typo = subprocess.run(
        PROG, capture_output=True, text=True, timeout=60, env=_env(SCREENING_API_TOKNE="x")
    )
    assert typo.returncode == 2 and "SCREENING_API_TOKNE" in typo.stderr


def test_serves_then_stops_cleanly_on_sigterm() -> None:
    port = free_port()
    env = _env(
        SCREENING_API_TOKEN=TOKEN,
        SCREENING_HTTP_HOST="127.0.0.1",
        SCREENING_HTTP_PORT=str(port),
        SCREENING_FOLLOW_WATCHLISTS="false",
        SCREENING_WATCHLIST_PATHS="[" + ",".join(f'"{p}"' for p in excerpt_paths()) + "]",
        SCREENING_LOG_JSON="true",
    )
    process = subprocess.Popen(PROG, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:  # noqa: S310
                    assert r.status == 200
                    break
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "never ready"
                time.sleep(0.5)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        logs = process.stderr.read().decode() if process.stderr else ""
        assert '"event": "screening.stopped"' in logs
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
