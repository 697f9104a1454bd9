"""Shared fixtures: the embedded broker (once per session), per-test topic namespaces, shared data paths."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemas import Topics
from services.common.embedded_broker import EmbeddedBroker

REPO_ROOT = Path(__file__).resolve().parent.parent


def shared_data_dir() -> Path:
    """`../shared/data` next to the checkout, or CHOKEPOINT_SHARED_DATA."""
    configured = os.environ.get("CHOKEPOINT_SHARED_DATA")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir()
    if not path.is_dir():
        pytest.fail(f"shared reference data not found at {path} (set CHOKEPOINT_SHARED_DATA)")
    return path


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker]:
    """One embedded Tansu broker for the whole test session."""
    log_path = tmp_path_factory.mktemp("broker") / "tansu.log"
    with EmbeddedBroker(log_path=log_path) as running:
        yield running


@pytest.fixture
def topics() -> Topics:
    """A fresh topic namespace per test."""
    return Topics(namespace=f"t{uuid.uuid4().hex[:12]}")


@pytest.fixture
def group_id() -> str:
    return f"g{uuid.uuid4().hex[:12]}"
