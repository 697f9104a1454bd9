"""Where a service reads its lists from: settings shared by the detector and the screening service."""

from __future__ import annotations

from pathlib import Path
from typing import Self

from pydantic import BaseModel, Field, model_validator

from services.common.shared_data import (
    default_shared_data_dir,
    packaged_chpl_path,
    packaged_hs_nomenclature_path,
)


class ListSourceFields(BaseModel):
    """Watchlists, CHPL, the HS nomenclature and custom HS lists (mixed into a service's settings)."""

    shared_data_dir: Path = Field(
        default_factory=default_shared_data_dir,
        description="Folder with the full public lists (default: CHOKEPOINT_SHARED_DATA or ../shared/data).",
    )
    watchlist_paths: list[Path] = Field(
        default_factory=list,
        description="Watchlist files/folders; empty = the shared lists, else the fetch cache,"
        " else the packaged excerpt of official lists.",
    )
    chpl_path: Path | None = Field(default=None, description="CHPL CSV; default: the packaged copy")
    hs_nomenclature_path: Path | None = Field(
        default=None, description="HS 2022 CSV; default: the packaged copy"
    )
    custom_hs_lists: list[Path] = Field(
        default_factory=list,
        description="JSON list of custom HS list CSVs (format in the scoring docs).",
    )

    @model_validator(mode="after")
    def _list_paths_exist(self) -> Self:
        for path in [*self.watchlist_paths, *self.custom_hs_lists]:
            if not path.exists():
                raise ValueError(f"configured path does not exist: {path}")
        for optional in (self.chpl_path, self.hs_nomenclature_path):
            if optional is not None and not optional.exists():
                raise ValueError(f"configured path does not exist: {optional}")
        return self

    def resolved_chpl_path(self) -> Path:
        return self.chpl_path or packaged_chpl_path()

    def resolved_hs_nomenclature_path(self) -> Path:
        return self.hs_nomenclature_path or packaged_hs_nomenclature_path()
