"""The record line of an alert, as the notifier shows it: HS code, goods, sender → receiver and
the route, each with its fallback; news alerts carry the article's title, link and times."""

from __future__ import annotations

from datetime import UTC, datetime

from schemas import NewsRecord, ShipmentRecord
from services.detector.scoring.alerts import summarize_record
from tests.support.factories import news_dict, party_dict, shipment_dict


def _shipment(**overrides: object) -> ShipmentRecord:
    return ShipmentRecord.model_validate(shipment_dict(record_id="s-1", **overrides))


def test_a_shipment_reads_hs_goods_sender_receiver_and_route() -> None:
    ingested = datetime(2024, 3, 16, 8, 30, tzinfo=UTC)
    record = _shipment(
        hs_code="85423100",
        goods_description="Integrated circuits",
        exporter=party_dict("Alpha Co", "cn"),
        importer=party_dict("OOO Beta", "ru"),
        origin_country="cn",
        departure_country="ae",
        destination_country="ru",
        ingested_at=ingested.isoformat(),
    )
    summary = summarize_record(record)
    assert (
        summary.summary == "HS 8542.31.00 'Integrated circuits': Alpha Co → OOO Beta (CN → AE → RU)"
    )
    assert (summary.id, summary.type, summary.source, summary.url) == (
        "s-1",
        "shipment",
        "test-customs",
        None,
    )
    assert summary.occurred_at == datetime(2024, 3, 15, tzinfo=UTC)
    assert summary.ingested_at == ingested


def test_a_country_seen_twice_on_the_route_is_shown_once() -> None:
    record = _shipment(origin_country="cn", departure_country="cn", destination_country="ru")
    assert summarize_record(record).summary.endswith(" (CN → RU)")


def test_a_shipment_without_countries_has_no_route() -> None:
    record = _shipment(
        exporter=party_dict("Alpha Co", None),
        importer=party_dict("OOO Beta", None),
        origin_country=None,
        destination_country=None,
        goods_description="",
    )
    assert summarize_record(record).summary == "HS 8806.21 'goods': Alpha Co → OOO Beta"


def test_long_goods_are_cut_at_80_characters() -> None:
    record = _shipment(goods_description="g" * 79 + "hij")
    assert f"'{'g' * 79}h'" in summarize_record(record).summary


def test_the_receiver_is_the_importer_else_the_consignee_else_the_notify_party() -> None:
    consignee = _shipment(importer=None, consignee=party_dict("Cons Ltd"), notify_party=None)
    notify = _shipment(importer=None, consignee=None, notify_party=party_dict("Notify Ltd"))
    both = _shipment(consignee=party_dict("Cons Ltd"), notify_party=party_dict("Notify Ltd"))
    assert ": Shenzhen Example Trading Co Ltd → Cons Ltd (" in summarize_record(consignee).summary
    assert ": Shenzhen Example Trading Co Ltd → Notify Ltd (" in summarize_record(notify).summary
    assert "→ OOO Example Import (" in summarize_record(both).summary


def test_a_missing_sender_or_receiver_shows_a_question_mark() -> None:
    no_exporter = _shipment(exporter=None)
    no_receiver = _shipment(importer=None)
    assert ": ? → OOO Example Import (" in summarize_record(no_exporter).summary
    assert ": Shenzhen Example Trading Co Ltd → ? (" in summarize_record(no_receiver).summary


def test_a_news_alert_carries_the_title_link_and_times() -> None:
    published = datetime(2024, 3, 14, 9, 0, tzinfo=UTC)
    ingested = datetime(2024, 3, 14, 9, 5, tzinfo=UTC)
    record = NewsRecord.model_validate(
        news_dict(
            record_id="n-1",
            title="t" * 299 + "uv",
            url="https://news.example.org/a/1",
            source="wire",
            published_at=published.isoformat(),
            ingested_at=ingested.isoformat(),
        )
    )
    summary = summarize_record(record)
    assert (summary.id, summary.type, summary.source) == ("n-1", "news", "wire")
    assert summary.summary == "t" * 299 + "u"
    assert summary.url == "https://news.example.org/a/1"
    assert (summary.occurred_at, summary.ingested_at) == (published, ingested)
