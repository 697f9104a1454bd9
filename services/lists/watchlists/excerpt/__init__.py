"""A small committed excerpt of official public lists (OFAC SDN, UN), for a clone without shared data.

The files here are built from the full official files in the shared data folder by
`python -m services.lists.watchlists.excerpt` (see `build.py` for the selection) and are
enough for the demo's sample alerts. They are installed with the package.
"""

from __future__ import annotations

from pathlib import Path

EXCERPT_DIR = Path(__file__).resolve().parent
# In load order, like SHARED_LIST_PATHS: the 2025 extract after the 2021 set, so its entries win.
EXCERPT_LIST_PATHS = ("ofac_sdn_2021-07", "ofac_sdn_2025-05", "un_dprk_entities.xml")


def excerpt_paths(directory: Path = EXCERPT_DIR) -> list[Path]:
    """The excerpt's lists, in load order."""
    return [directory / rel for rel in EXCERPT_LIST_PATHS]
