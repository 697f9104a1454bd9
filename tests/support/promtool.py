"""Run promtool (Debian package `prometheus`) from tests; the service tests call check_metrics_text.

Without promtool a test is skipped with the reason, except under CI (env CI set), where it fails:
CI installs promtool, so its absence there is a broken pipeline, not a reason to pass.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

PROMTOOL_TIMEOUT_SECONDS = 60


def require_promtool() -> str:
    """The promtool executable; skips the test if missing (fails it under CI)."""
    path = shutil.which("promtool")
    if path is None:
        reason = (
            "promtool not found: apt-get install prometheus (the Debian package ships promtool)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must install it (.ci/run does)")
        pytest.skip(reason)
    return path


def run_promtool(*args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `promtool <args>` and return the finished process (never raises on a non-zero exit)."""
    return subprocess.run(
        [require_promtool(), *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=PROMTOOL_TIMEOUT_SECONDS,
        check=False,
    )


def check_metrics_text(text: str) -> None:
    """Raise AssertionError unless a /metrics body parses and passes `promtool check metrics`."""
    try:
        families = list(text_string_to_metric_families(text))
    except ValueError as exc:
        raise AssertionError(f"exposition text does not parse: {exc}") from exc
    if not families:
        raise AssertionError("exposition text holds no metric families")
    result = run_promtool("check", "metrics", stdin=text)
    if result.returncode != 0:
        raise AssertionError(
            f"promtool check metrics failed (exit {result.returncode}):\n"
            f"{result.stdout}{result.stderr}"
        )
