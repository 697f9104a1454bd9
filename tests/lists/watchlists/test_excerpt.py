"""The committed excerpt and the packaged tables: enough for a clone, reproducible from the shared data."""

from __future__ import annotations

import json
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

from schemas import NewsRecord, ShipmentRecord
from services.common.shared_data import (
    CHPL_FILE,
    HS_2022_FILE,
    PACKAGED_DATA_DIR,
    packaged_chpl_path,
    packaged_hs_nomenclature_path,
)
from services.demo import SAMPLES
from services.detector.engine import DetectorEngine, ScoringSession
from services.detector.scoring import load_risk_config
from services.detector.settings import DetectorSettings
from services.lists.matching import MatchIndex
from services.lists.products import ProductCatalog
from services.lists.watchlists import load_watchlists, resolve_default_watchlists
from services.lists.watchlists.excerpt import EXCERPT_DIR, excerpt_paths
from services.lists.watchlists.excerpt.__main__ import main as excerpt_main
from services.lists.watchlists.excerpt.__main__ import stale_files
from services.lists.watchlists.excerpt.build import build_excerpt
from tests.conftest import REPO_ROOT


@pytest.fixture
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("CHOKEPOINT_WATCHLIST_CACHE", str(cache))
    return cache


def test_without_shared_data_or_cache_the_excerpt_is_used(
    tmp_path: Path, empty_cache: Path
) -> None:
    default = resolve_default_watchlists(tmp_path / "no-shared")
    assert (default.origin, default.paths) == ("excerpt", excerpt_paths())
    assert all(path.exists() for path in default.paths)
    assert "excerpt" in default.describe()


def test_shared_lists_come_first_then_the_cache(tmp_path: Path, empty_cache: Path) -> None:
    empty_cache.mkdir()
    (empty_cache / "sdn.xml").write_text("<sdnList/>", encoding="utf-8")
    (empty_cache / "sdn.xml.meta.json").write_text("{}", encoding="utf-8")
    cached = resolve_default_watchlists(tmp_path / "no-shared")
    assert (cached.origin, cached.paths) == ("cache", [empty_cache / "sdn.xml"])
    (tmp_path / "empty-shared").mkdir()  # a folder without any of the lists does not count
    assert resolve_default_watchlists(tmp_path / "empty-shared").origin == "cache"
    shared = tmp_path / "shared"
    (shared / "un").mkdir(parents=True)
    (shared / "un" / "UN_consolidated.xml").write_text("<CONSOLIDATED_LIST/>", encoding="utf-8")
    found = resolve_default_watchlists(shared)
    assert (found.origin, found.paths) == ("shared", [shared / "un" / "UN_consolidated.xml"])


def test_excerpt_keeps_the_full_lists_names_and_ids() -> None:
    sdn_2021, sdn_2025, un = load_watchlists(excerpt_paths())
    assert (sdn_2021.name, sdn_2025.name, un.name) == (
        "us_ofac_sdn",
        "us_ofac_sdn",
        "un_sc_sanctions",
    )
    assert (len(sdn_2021.entries), len(sdn_2025.entries), len(un.entries)) == (348, 17, 75)
    stc = next(e for e in sdn_2021.entries if e.id == "us_ofac_sdn:21332")
    assert stc.names[0] == "SPECIAL TECHNOLOGY CENTER"
    assert ("innCode", "7802170553") in stc.identifiers
    assert "us_ofac_sdn:47371" in {e.id for e in sdn_2025.entries}  # the tanker NS LEADER
    assert any("KOREA MINING DEVELOPMENT" in e.names[0] for e in un.entries)


def test_no_opensanctions_data_is_committed() -> None:
    data = [
        p
        for folder in (EXCERPT_DIR, PACKAGED_DATA_DIR)
        for p in folder.rglob("*")
        if p.suffix in (".csv", ".xml")
    ]
    assert len(data) == 11
    for path in data:
        body = path.read_bytes()
        assert b"opensanctions" not in body.lower() and b'"NK-' not in body, path


def test_demo_samples_alert_as_expected_on_the_excerpt_alone() -> None:
    engine = DetectorEngine(
        MatchIndex.build(load_watchlists(excerpt_paths())),
        ProductCatalog.load(packaged_chpl_path(), packaged_hs_nomenclature_path()),
        load_risk_config(),
    )
    session = ScoringSession(engine)
    alerted: dict[str, set[str]] = {}
    for name, model in (("shipments.ndjson", ShipmentRecord), ("news.ndjson", NewsRecord)):
        for line in (SAMPLES / name).read_text(encoding="utf-8").splitlines():
            record = model.model_validate_json(line)
            for alert in session.process(record):
                alerted.setdefault(alert.record.id, set()).add(alert.severity)
    expected = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
    assert sorted(alerted) == sorted(expected["alert"])
    assert alerted["demo-shp-0001"] == alerted["demo-shp-0002"] == {"critical"}
    assert alerted["demo-news-0001"] == {"high"}


def test_detector_defaults_to_the_packaged_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHOKEPOINT_SHARED_DATA", str(tmp_path / "no-shared"))
    settings = DetectorSettings()
    assert settings.resolved_chpl_path() == packaged_chpl_path()
    assert settings.resolved_hs_nomenclature_path() == packaged_hs_nomenclature_path()
    catalog = ProductCatalog.load(
        settings.resolved_chpl_path(), settings.resolved_hs_nomenclature_path()
    )
    assert catalog.is_known_code("880730")


def test_excerpt_script_without_shared_data_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert excerpt_main(["--shared-data", str(tmp_path), "--check"]) == 2
    assert "cannot build" in capsys.readouterr().err


def test_packaged_tables_are_the_shared_ones(shared_data: Path) -> None:
    for name in (CHPL_FILE, HS_2022_FILE):
        assert (PACKAGED_DATA_DIR / name).read_bytes() == (shared_data / "hs" / name).read_bytes()


def test_committed_excerpt_is_what_the_script_builds(shared_data: Path, tmp_path: Path) -> None:
    built = build_excerpt(shared_data)
    assert stale_files(built, EXCERPT_DIR) == [], "run python -m services.lists.watchlists.excerpt"
    assert stale_files(built, tmp_path) == sorted(built)  # the check can fail


def test_every_data_file_is_declared_package_data() -> None:
    """So `pip install .` (the Docker image) carries the excerpt and the tables."""
    declared = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = declared["tool"]["setuptools"]["package-data"]["*"]
    files = [p for p in (*EXCERPT_DIR.rglob("*"), *PACKAGED_DATA_DIR.rglob("*")) if p.is_file()]
    data = [p for p in files if p.suffix not in (".py", ".pyc", ".md")]
    assert data and all(any(fnmatch(p.name, pattern) for pattern in patterns) for p in data)
