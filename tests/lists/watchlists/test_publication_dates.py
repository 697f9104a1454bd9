"""Each list's own publication date, read from the file by its loader (real formats)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.lists.watchlists import load_watchlist
from services.lists.watchlists.common import newest_past, utc_moment
from services.lists.watchlists.excerpt import EXCERPT_DIR
from tests.lists.watchlists.test_formats import OFAC_XML


def test_ofac_xml_publish_date(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(OFAC_XML, encoding="utf-8")
    assert load_watchlist(path).published_at == datetime(2025, 5, 16, tzinfo=UTC)


def test_ofac_xml_without_a_publish_date_has_none(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(OFAC_XML.replace("<Publish_Date>05/16/2025</Publish_Date>", ""), "utf-8")
    assert load_watchlist(path).published_at is None


def test_un_date_generated_in_the_committed_excerpt() -> None:
    un = load_watchlist(EXCERPT_DIR / "un_dprk_entities.xml")
    assert un.published_at == datetime(2026, 2, 27, 0, 0, 9, 554000, tzinfo=UTC)


def test_un_date_generated_in_the_full_list(shared_data: Path) -> None:
    un = load_watchlist(shared_data / "un/UN_consolidated.xml")
    assert un.published_at == datetime(2026, 2, 27, 0, 0, 9, 554000, tzinfo=UTC)


def test_bis_dpl_newest_last_update_skips_typos_in_the_future(shared_data: Path) -> None:
    # The file's Last_Update column has rows dated 2922-09-01 and 3017-08-22.
    dpl = load_watchlist(shared_data / "us_bis/dpl.txt")
    assert dpl.published_at == datetime(2022, 9, 2, tzinfo=UTC)


def test_ofac_legacy_csv_states_no_date(shared_data: Path) -> None:
    assert load_watchlist(shared_data / "ofac/sdn_full_2021-07").published_at is None
    assert load_watchlist(EXCERPT_DIR / "ofac_sdn_2025-05").published_at is None


def test_opensanctions_exports_are_dated_by_their_run(shared_data: Path) -> None:
    zala = load_watchlist(shared_data / "opensanctions/zala_aero_cluster.entities.ftm.json")
    assert zala.published_at == datetime(2026, 4, 29, 12, 53, 4, tzinfo=UTC)
    targets = shared_data / "opensanctions/format_sample_wd_peps.targets.simple.csv"
    assert load_watchlist(targets).published_at == datetime(2024, 3, 9, 2, 54, 48, tzinfo=UTC)


def test_custom_csv_states_no_date(tmp_path: Path) -> None:
    path = tmp_path / "partners.csv"
    path.write_text("id,name\nc1,Romashka Trading LLC\n", encoding="utf-8")
    assert load_watchlist(path).published_at is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-02-27T00:00:09.554Z", datetime(2026, 2, 27, 0, 0, 9, 554000, tzinfo=UTC)),
        ("2026-02-27T03:00:00+03:00", datetime(2026, 2, 27, tzinfo=UTC)),
        ("2026-02-27T12:00:00", datetime(2026, 2, 27, 12, tzinfo=UTC)),
        ("2022-09-02", datetime(2022, 9, 2, tzinfo=UTC)),
        ("", None),
        (None, None),
        ("09/02/2022", None),
        ("yesterday", None),
    ],
)
def test_utc_moment(text: str | None, expected: datetime | None) -> None:
    assert utc_moment(text) == expected


def test_newest_past_ignores_the_future_beyond_a_day() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    dates = [datetime(2026, 2, 1, tzinfo=UTC), None, datetime(3017, 8, 22, tzinfo=UTC)]
    assert newest_past(dates, now) == datetime(2026, 2, 1, tzinfo=UTC)
    assert newest_past([datetime(2026, 3, 1, 20, tzinfo=UTC)], now) is not None  # time zones
    assert newest_past([None], now) is None
