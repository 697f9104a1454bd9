"""Pairing and party keys at their edges: an inbound leg on the onward leg's own day is the nearer
one, only same-HS-4 legs compete, and a Russian party's tax id is its INN."""

from __future__ import annotations

from datetime import date

from schemas import Party
from services.detector.scoring.pairing import nearest_inbound, onward_paired_with
from services.detector.scoring.party_keys import party_keys
from services.detector.state import Leg


def _leg(record_id: str, direction: str, on: str, hs_code: str = "85423100") -> Leg:
    return Leg(
        record_id=record_id, direction=direction, declared_on=date.fromisoformat(on),
        hs_code=hs_code, hs4=hs_code[:4], grade="1", list_name="chpl", subscore=1.0,
        origin="cn", destination="ae" if direction == "in" else "ru", party="Gulf Bridge",
        role="importer" if direction == "in" else "exporter",
    )  # fmt: skip


EARLY = _leg("in-1", "in", "2024-01-10")
LATE = _leg("in-2", "in", "2024-02-01")


def test_a_later_inbound_leg_takes_the_onward_legs_from_its_day_on() -> None:
    before = _leg("out-1", "out", "2024-01-31")
    same_day = _leg("out-2", "out", "2024-02-01")
    after = _leg("out-3", "out", "2024-02-05")
    outbound = [before, same_day, after]
    assert onward_paired_with(EARLY, [EARLY, LATE], outbound, 90) == [before]
    assert onward_paired_with(LATE, [EARLY, LATE], outbound, 90) == [same_day, after]
    assert [nearest_inbound(o, [EARLY, LATE], 90) for o in outbound] == [EARLY, LATE, LATE]


def test_an_inbound_leg_of_other_goods_takes_nothing_away() -> None:
    other_goods = _leg("in-9", "in", "2024-02-01", hs_code="88062100")
    outbound = [_leg("out-1", "out", "2024-02-05")]
    assert onward_paired_with(EARLY, [EARLY, other_goods], outbound, 90) == outbound


def test_a_party_with_no_other_inbound_leg_keeps_every_onward_leg_in_the_window() -> None:
    outbound = [_leg("out-1", "out", "2024-01-10"), _leg("out-2", "out", "2024-04-09")]
    assert onward_paired_with(EARLY, [EARLY], outbound, 90) == outbound


def test_a_russian_partys_tax_id_is_keyed_as_its_inn() -> None:
    party = Party(name="OOO Foo", country="ru", identifiers={"tax_id": "7802170553", "ogrn": "1"})
    assert party_keys(party)[1:] == ["ogrn:1", "inn:7802170553"]


def test_a_tax_id_elsewhere_keeps_its_scheme() -> None:
    party = Party(name="Foo GmbH", country="de", identifiers={"tax_id": "de-123 456"})
    assert party_keys(party)[1:] == ["tax_id:DE123456"]
