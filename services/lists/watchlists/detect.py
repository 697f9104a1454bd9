"""Recognise a watchlist file's format from its name and first bytes, and load it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from services.lists.watchlists.bis_dpl import load_bis_dpl
from services.lists.watchlists.errors import WatchlistFormatError
from services.lists.watchlists.ftm_json import load_ftm_json
from services.lists.watchlists.model import Watchlist
from services.lists.watchlists.ofac_csv import load_ofac_csv, primary_files
from services.lists.watchlists.ofac_xml import load_ofac_xml
from services.lists.watchlists.tabular import (
    CUSTOM_REQUIRED,
    TARGETS_COLUMNS,
    load_custom_csv,
    load_targets_csv,
    read_header,
)
from services.lists.watchlists.un_xml import load_un_xml
from services.lists.watchlists.xml_common import local, parse_xml

FORMATS = ("ofac_csv", "ofac_xml", "un_xml", "bis_dpl", "ftm_json", "targets_csv", "custom_csv")


def _head(path: Path, size: int = 4096) -> str:
    with path.open("rb") as handle:
        return handle.read(size).decode("utf-8", errors="replace").lstrip("\ufeff")


def detect_format(path: Path) -> str:
    """One of FORMATS; raises WatchlistFormatError when the file is none of them."""
    if not path.exists():
        raise WatchlistFormatError(path, "no such file or folder")
    if path.is_dir():
        if any((path / f).exists() for f in primary_files()):
            return "ofac_csv"
        raise WatchlistFormatError(
            path, "folder is not an OFAC CSV set (no sdn.csv or cons_prim.csv)"
        )
    head = _head(path)
    lowered = path.name.lower()
    if head.lstrip().startswith("<"):
        root = parse_xml(path)
        tag = local(root.tag)
        if tag == "sdnList":
            return "ofac_xml"
        if tag == "CONSOLIDATED_LIST":
            return "un_xml"
        raise WatchlistFormatError(path, f"unknown XML list (root element {tag!r})")
    first_line = head.splitlines()[0] if head.splitlines() else ""
    if first_line.startswith("{"):
        try:
            first = json.loads(first_line)
        except ValueError as exc:
            raise WatchlistFormatError(path, f"first line is not JSON: {exc}") from exc
        if isinstance(first, dict) and "schema" in first and "properties" in first:
            return "ftm_json"
        raise WatchlistFormatError(path, "JSON lines without FtM 'schema' and 'properties'")
    if (
        "\t" in first_line
        and "name" in first_line.lower()
        and "street_address" in first_line.lower()
    ):
        return "bis_dpl"
    if lowered in primary_files() or (first_line[:1].isdigit() and ',"' in first_line):
        return "ofac_csv"
    header = {h.strip().lower() for h in read_header(path)}
    if header >= TARGETS_COLUMNS:
        return "targets_csv"
    if header >= CUSTOM_REQUIRED:
        return "custom_csv"
    raise WatchlistFormatError(
        path, "not a known watchlist format (see docs: OFAC CSV/XML, UN XML, BIS DPL, FtM, CSV)"
    )


def _xml_loader(fn: Callable[..., Watchlist]) -> Callable[[Path, str | None], Watchlist]:
    return lambda path, name: fn(parse_xml(path), path, name)


_LOADERS: dict[str, Callable[[Path, str | None], Watchlist]] = {
    "ofac_csv": load_ofac_csv,
    "ofac_xml": _xml_loader(load_ofac_xml),
    "un_xml": _xml_loader(load_un_xml),
    "bis_dpl": load_bis_dpl,
    "ftm_json": load_ftm_json,
    "targets_csv": load_targets_csv,
    "custom_csv": load_custom_csv,
}


def load_watchlist_as(path: Path, fmt: str, name: str | None = None) -> Watchlist:
    """Load a file in a known format (as a WatchlistSnapshot names it)."""
    if fmt not in _LOADERS:
        raise WatchlistFormatError(path, f"unknown format {fmt!r}; expected one of {FORMATS}")
    try:
        return _LOADERS[fmt](path, name)
    except WatchlistFormatError:
        raise
    except (ValueError, KeyError, IndexError, UnicodeDecodeError) as exc:
        raise WatchlistFormatError(path, f"malformed {fmt}: {exc}") from exc
