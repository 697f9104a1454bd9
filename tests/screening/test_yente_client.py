"""The `yente-client` package (PyPI, not written here) pointed at the running API."""

from __future__ import annotations

import pytest

from tests.support.screening import CLEAN_PERSON, SANCTIONED_ID, SANCTIONED_PERSON, TOKEN

yente_client = pytest.importorskip("yente_client")


def test_yente_client_gets_matches_for_a_sanctioned_name_and_none_for_a_clean_one(
    screening_url: str,
) -> None:
    from yente_client import Client
    from yente_client.entities import Person

    with Client(base_url=screening_url, api_key=TOKEN) as client:
        hit = client.match(Person(name=[SANCTIONED_PERSON]), threshold=0.7)
        assert hit.results and hit.results[0].id == SANCTIONED_ID and hit.results[0].match
        assert hit.results[0].explanations["name_match"].detail
        clean = client.match(Person(name=[CLEAN_PERSON], nationality=["de"]))
        assert not [r for r in clean.results if r.match]
        only_un = client.match(Person(name=[SANCTIONED_PERSON]), datasets=["un_sc_sanctions"])
        assert all(r.datasets == ["un_sc_sanctions"] for r in only_un.results)
        assert client.search("Rogozin").results[0].id == SANCTIONED_ID
        assert client.fetch(SANCTIONED_ID).caption.startswith("ROGOZIN")
        assert "us_ofac_sdn" in {d.name for d in client.datasets().datasets}
        assert client.healthz().status == "ok"
