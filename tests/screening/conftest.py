from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.screening.api import ScreeningRuntime
from tests.support.screening import make_runtime, running


@pytest.fixture(scope="session")
def screening_runtime() -> ScreeningRuntime:
    """Built once: loading and indexing the excerpt takes seconds."""
    return make_runtime()


@pytest.fixture(scope="module")
def screening_url(screening_runtime: ScreeningRuntime) -> Iterator[str]:
    with running(screening_runtime) as base:
        yield base
