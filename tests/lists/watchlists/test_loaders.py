"""Every loader on the real shared files: counts, ids, names, parsed remarks, ownership."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from services.lists.watchlists import (
    SHARED_LIST_PATHS,
    Watchlist,
    WatchlistEntry,
    default_watchlist_paths,
    detect_format,
    load_watchlist,
)
from services.lists.watchlists.excerpt import EXCERPT_DIR


def _entry(watchlist: Watchlist, entry_id: str) -> WatchlistEntry:
    return next(e for e in watchlist.entries if e.id == entry_id)


@pytest.fixture(scope="module")
def sdn_2021(shared_data: Path) -> Watchlist:
    return load_watchlist(shared_data / "ofac/sdn_full_2021-07")


def test_ofac_sdn_full_set_loads_every_entry_by_type(sdn_2021: Watchlist) -> None:
    assert sdn_2021.name == "us_ofac_sdn"
    assert len(sdn_2021.entries) == 8976
    assert Counter(e.schema for e in sdn_2021.entries) == {
        "Person": 4620,
        "Organization": 3673,
        "Vessel": 406,
        "Aircraft": 277,
    }
    assert len({e.id for e in sdn_2021.entries}) == 8976
    assert all(e.id.startswith("us_ofac_sdn:") for e in sdn_2021.entries)


def test_ofac_entries_carry_aliases_addresses_and_remarks_facts(sdn_2021: Watchlist) -> None:
    iran_aircraft = _entry(sdn_2021, "us_ofac_sdn:11195")
    assert iran_aircraft.names[0] == "IRAN AIRCRAFT MANUFACTURING INDUSTRIAL COMPANY"
    assert "HESA TRADE CENTER" in iran_aircraft.names  # from alt.csv
    assert "HTC" in iran_aircraft.weak_aliases  # a.k.a. in remarks: OFAC's weak aliases
    assert "ir" in iran_aircraft.countries  # from add.csv
    assert iran_aircraft.programs == ("NPWMD", "IFSR")  # "NPWMD] [IFSR" split
    vessels_with_imo = [
        e for e in sdn_2021.entries if e.schema == "Vessel" and dict(e.identifiers).get("imoNumber")
    ]
    assert len(vessels_with_imo) > 300


def test_ofac_2025_extract_parses_inn_birth_date_and_imo() -> None:
    # the excerpt holds the whole 2025 extract, byte for byte; a file: siblings too
    extract = load_watchlist(EXCERPT_DIR / "ofac_sdn_2025-05" / "sdn.csv")
    assert len(extract.entries) == 17
    khoroshev = _entry(extract, "us_ofac_sdn:48603")
    assert khoroshev.schema == "Person"
    assert khoroshev.birth_dates == ("1993-04-17",)
    assert ("innCode", "366110340670") in khoroshev.identifiers
    assert "ru" in khoroshev.countries
    assert "LOCKBITSUPP" in khoroshev.weak_aliases
    iran_aircraft = _entry(extract, "us_ofac_sdn:11195")
    assert ("registrationNumber", "26740") in iran_aircraft.identifiers
    assert "ISLAMIC REVOLUTIONARY GUARD CORPS" in iran_aircraft.linked_to
    tanker = _entry(extract, "us_ofac_sdn:47371")
    assert tanker.schema == "Vessel" and ("imoNumber", "9339301") in tanker.identifiers


def test_ofac_consolidated_set_is_its_own_list(shared_data: Path) -> None:
    cons = load_watchlist(shared_data / "ofac/consolidated_non_sdn_2025-12")
    assert cons.name == "us_ofac_cons" and len(cons.entries) == 442
    dji = _entry(cons, "us_ofac_cons:33111")
    assert dji.names[0] == "SZ DJI TECHNOLOGY CO., LTD."
    assert ("uscCode", "914403007954257495") in dji.identifiers


def test_un_consolidated_xml(shared_data: Path) -> None:
    un = load_watchlist(shared_data / "un/UN_consolidated.xml")
    assert un.name == "un_sc_sanctions"
    assert Counter(e.schema for e in un.entries) == {"Person": 730, "Organization": 273}
    assert un.version.startswith("20260227T000009Z-")
    saddam = _entry(un, "un_sc_sanctions:IQi.001")
    assert "صدام حسين التكريتي" in saddam.names  # NAME_ORIGINAL_SCRIPT
    assert "iq" in saddam.countries
    assert saddam.listed_on is not None


def test_bis_denied_persons_list(shared_data: Path) -> None:
    dpl = load_watchlist(shared_data / "us_bis/dpl.txt")
    assert dpl.name == "us_bis_dpl" and len(dpl.entries) == 581
    assert len({e.id for e in dpl.entries}) == 581
    again = load_watchlist(shared_data / "us_bis/dpl.txt")
    assert [e.id for e in again.entries] == [e.id for e in dpl.entries]  # stable ids
    zimo = [e for e in dpl.entries if e.names == ("ZIMO SHENG",)]
    assert any(e.countries == ("cn",) for e in zimo)
    assert {e.schema for e in dpl.entries} == {"LegalEntity"}


def test_opensanctions_ftm_targets_and_ownership_graph(shared_data: Path) -> None:
    zala = load_watchlist(shared_data / "opensanctions/zala_aero_cluster.entities.ftm.json")
    assert zala.name == "opensanctions"
    listed = [e for e in zala.entries if e.listed]
    assert len(listed) == 14
    zakharov = _entry(zala, "NK-aU5ybkbRFJucf8YMwsJvDw")
    assert zakharov.schema == "Person" and zakharov.birth_dates == ("1965-09-21",)
    assert "Александр Вячеславович Захаров" in zakharov.names
    assert ("innCode", "183111242406") in zakharov.identifiers
    cst = _entry(zala, "ru-inn-5920040846")
    assert cst.listed is False  # only an ownership-graph node
    assert len(zala.ownerships) == 14
    shares = {(o.owner_id, o.asset_id, o.percentage) for o in zala.ownerships}
    assert ("NK-aU5ybkbRFJucf8YMwsJvDw", "ru-inn-5920040846", 100.0) in shares


def test_opensanctions_targets_simple_csv(shared_data: Path) -> None:
    path = shared_data / "opensanctions/format_sample_wd_peps.targets.simple.csv"
    assert detect_format(path) == "targets_csv"
    peps = load_watchlist(path)
    assert len(peps.entries) == 10 and {e.schema for e in peps.entries} == {"Person"}
    assert all("sa" in e.countries for e in peps.entries)


def test_default_paths_cover_every_shared_list(shared_data: Path) -> None:
    paths = default_watchlist_paths(shared_data)
    assert [p.relative_to(shared_data).as_posix() for p in paths] == list(SHARED_LIST_PATHS)
