"""Where the shared public reference data lives (watchlists, HS nomenclature, CHPL)."""

from __future__ import annotations

import os
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parents[2]


def default_shared_data_dir() -> Path:
    """CHOKEPOINT_SHARED_DATA if set, else `../shared/data` beside the checkout."""
    configured = os.environ.get("CHOKEPOINT_SHARED_DATA")
    return Path(configured) if configured else _REPO_ROOT.parent / "shared" / "data"
