"""Where the public reference data lives: the shared folder beside the checkout, or the package.

The full watchlists are only in the shared folder (`../shared/data`, or CHOKEPOINT_SHARED_DATA).
The small reference tables the product needs (CHPL codes, HS 2022 nomenclature) ship with the
package in `services/common/data/`, so a clone and the Docker image work without that folder.
"""

from __future__ import annotations

import os
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGED_DATA_DIR = Path(__file__).resolve().parent / "data"
CHPL_FILE = "chpl_hs_codes.csv"
HS_2022_FILE = "harmonized-system-2022.csv"


def default_shared_data_dir() -> Path:
    """CHOKEPOINT_SHARED_DATA if set, else `../shared/data` beside the checkout."""
    configured = os.environ.get("CHOKEPOINT_SHARED_DATA")
    return Path(configured) if configured else _REPO_ROOT.parent / "shared" / "data"


def shared_data_present(shared_data: Path | None = None) -> bool:
    """Whether the shared folder (default: `default_shared_data_dir()`) exists."""
    return (shared_data or default_shared_data_dir()).is_dir()


def packaged_chpl_path() -> Path:
    """The packaged Common High Priority List (50 HS-6 codes with tiers)."""
    return PACKAGED_DATA_DIR / CHPL_FILE


def packaged_hs_nomenclature_path() -> Path:
    """The packaged HS 2022 nomenclature (chapters, headings, 5,613 subheadings)."""
    return PACKAGED_DATA_DIR / HS_2022_FILE
