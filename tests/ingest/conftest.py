"""Ingest tests run with a clean `INGEST_*` environment."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def _clean_ingest_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.upper().startswith("INGEST_"):
            monkeypatch.delenv(name)


def _import_kafka_quietly() -> None:
    """kafka-python 3.0 warns (DeprecationWarning) while importing; pytest turns that into an error.

    Until pyproject's filterwarnings ignores `DeprecationWarning:kafka.*`, import it once here.
    """
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import kafka  # noqa: F401
        import kafka.admin  # noqa: F401


_import_kafka_quietly()
