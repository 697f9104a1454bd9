"""The notifier's rules at their edges: silences, routing, the ledger's threads, delivery's dedup."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from schemas.control import SilenceMatcher
from schemas.notifier import DeliveryDone, DeliveryIntent, StateMarker
from services.notifier.delivery import ChannelWorker, reconcile_window_start
from services.notifier.errors import ConfigError
from services.notifier.grouping import Batch, Grouper, Thread, group_field, group_key
from services.notifier.ledger import DeliveryLedger, message_id_for
from services.notifier.metrics import NotifierMetrics
from services.notifier.routing import Route, RouteMatch, RoutingConfig, load_routing
from services.notifier.silences import (
    SilenceBook,
    expired,
    false_positive_silence,
    matcher_covers,
    new_silence,
    parse_duration,
)
from tests.notifier.test_delivery_failures import FlakySink, Recorder
from tests.support.alert_factory import make_alert

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _silence(matcher: SilenceMatcher, seconds: float = 3600) -> tuple[SilenceBook, object]:
    book = SilenceBook()
    silence = new_silence(matcher, created_by="ana", comment="", duration_seconds=seconds, now=NOW)
    book.upsert(silence)
    return book, silence


# --- silences ---------------------------------------------------------------------------------


def test_a_silence_covers_its_first_instant_and_not_its_end_instant() -> None:
    book, silence = _silence(SilenceMatcher(entity_id="OFAC-12345"), seconds=60)
    alert = make_alert()
    assert book.covering(alert, NOW) == silence
    assert book.covering(alert, NOW + timedelta(seconds=59.999)) == silence
    assert book.covering(alert, NOW + timedelta(seconds=60)) is None
    assert book.covering(alert, NOW - timedelta(microseconds=1)) is None


def test_an_empty_matcher_covers_no_alert() -> None:
    assert matcher_covers(SilenceMatcher(), make_alert()) is False


def test_each_matcher_field_alone_covers_a_matching_alert_and_only_that() -> None:
    alert = make_alert(severity="high", hs_code="85423100")
    covering = [
        SilenceMatcher(entity_id="ofac-12345"),
        SilenceMatcher(party="ooo arteks"),
        SilenceMatcher(party="SKYLINE TRADING FZE"),
        SilenceMatcher(record_type="shipment"),
        SilenceMatcher(severity="high"),
        SilenceMatcher(watchlist="US_OFAC_SDN"),
        SilenceMatcher(hs_prefix="8542"),
        SilenceMatcher(hs_prefix="85423100"),
    ]
    for matcher in covering:
        assert matcher_covers(matcher, alert), matcher
    missing = [
        SilenceMatcher(entity_id="OFAC-99999"),
        SilenceMatcher(party="OOO Other"),
        SilenceMatcher(record_type="news"),
        SilenceMatcher(severity="critical"),
        SilenceMatcher(watchlist="eu_fsf"),
        SilenceMatcher(hs_prefix="8471"),
    ]
    for matcher in missing:
        assert not matcher_covers(matcher, alert), matcher


def test_a_matcher_needs_every_field_it_sets() -> None:
    alert = make_alert(severity="high")
    assert matcher_covers(SilenceMatcher(entity_id="OFAC-12345", severity="high"), alert)
    assert not matcher_covers(SilenceMatcher(entity_id="OFAC-12345", severity="low"), alert)
    assert not matcher_covers(SilenceMatcher(entity_id="OFAC-0", severity="high"), alert)


def test_a_party_matcher_also_finds_the_party_named_in_an_entity_reason() -> None:
    alert = make_alert()
    alert = alert.model_copy(update={"facets": alert.facets.model_copy(update={"parties": []})})
    assert matcher_covers(SilenceMatcher(party="OOO ARTEKS"), alert)


def test_an_hs_prefix_matcher_never_covers_an_alert_without_hs_code() -> None:
    alert = make_alert()
    alert = alert.model_copy(update={"facets": alert.facets.model_copy(update={"hs_code": None})})
    assert not matcher_covers(SilenceMatcher(hs_prefix="8"), alert)


def test_prune_keeps_a_silence_ended_exactly_the_retention_ago() -> None:
    book, silence = _silence(SilenceMatcher(party="x"), seconds=60)
    ended = NOW + timedelta(seconds=60)
    book.prune(ended + timedelta(seconds=100), retention_seconds=100)
    assert book.all() == [silence]
    book.prune(ended + timedelta(seconds=100.5), retention_seconds=100)
    assert book.all() == []


def test_all_lists_silences_by_start_time() -> None:
    book = SilenceBook()
    later = new_silence(
        SilenceMatcher(party="b"),
        created_by="a",
        comment="",
        duration_seconds=9,
        now=NOW + timedelta(hours=1),
    )
    earlier = new_silence(
        SilenceMatcher(party="a"), created_by="a", comment="", duration_seconds=9, now=NOW
    )
    book.upsert(later)
    book.upsert(earlier)
    assert book.all() == [earlier, later]


def test_a_new_silence_starts_now_and_lasts_its_duration() -> None:
    silence = new_silence(
        SilenceMatcher(party="x"), created_by="ana", comment="why", duration_seconds=90, now=NOW
    )
    assert (silence.starts_at, silence.ends_at) == (NOW, NOW + timedelta(seconds=90))
    assert (silence.created_by, silence.comment) == ("ana", "why")
    assert silence.matcher == SilenceMatcher(party="x")
    other = new_silence(
        SilenceMatcher(party="x"), created_by="ana", comment="why", duration_seconds=90, now=NOW
    )
    assert other.silence_id != silence.silence_id and len(silence.silence_id) == 32


@pytest.mark.parametrize("seconds", [0, -1])
def test_a_silence_of_no_duration_is_refused(seconds: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        new_silence(
            SilenceMatcher(party="x"), created_by="a", comment="", duration_seconds=seconds, now=NOW
        )


def test_a_silence_needs_a_matcher_field() -> None:
    with pytest.raises(ValueError, match="at least one matcher field"):
        new_silence(SilenceMatcher(), created_by="a", comment="", duration_seconds=60, now=NOW)


def test_expiring_a_silence_that_has_not_started_ends_it_at_its_start() -> None:
    _, silence = _silence(SilenceMatcher(party="x"))
    early = expired(silence, NOW - timedelta(hours=1))
    assert early.ends_at == silence.starts_at and early.silence_id == silence.silence_id
    assert expired(silence, NOW + timedelta(minutes=5)).ends_at == NOW + timedelta(minutes=5)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("30m", 1800),
        ("12h", 43200),
        ("7d", 604800),
        ("2w", 1209600),
        (" 1.5H ", 5400),
        ("45", 45),
    ],
)
def test_durations_read_every_unit(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["0", "0s", "-5m", ""])
def test_durations_of_zero_or_less_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


# --- routing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "routed"),
    [("medium", False), ("high", True), ("critical", True)],
)
def test_a_minimum_severity_routes_that_severity_and_above(severity: str, routed: bool) -> None:
    assert RouteMatch(min_severity="high").matches(make_alert(severity=severity)) is routed


def test_a_severity_list_routes_only_the_listed_severities() -> None:
    match = RouteMatch(severity=["high"])
    assert match.matches(make_alert(severity="high"))
    assert not match.matches(make_alert(severity="critical"))


def test_each_route_condition_must_hold() -> None:
    alert = make_alert()
    assert RouteMatch().matches(alert)
    assert RouteMatch(record_type=["shipment"], watchlist=["US_OFAC_SDN"]).matches(alert)
    assert RouteMatch(program=["russia-eo14024"], country=["RU"]).matches(alert)
    assert not RouteMatch(record_type=["news"]).matches(alert)
    assert not RouteMatch(watchlist=["eu_fsf"]).matches(alert)
    assert not RouteMatch(program=["IRAN"]).matches(alert)
    assert not RouteMatch(country=["ir"]).matches(alert)
    assert not RouteMatch(watchlist=["us_ofac_sdn"], country=["ir"]).matches(alert)


def test_the_first_matching_route_wins_unless_it_continues() -> None:
    alert = make_alert(severity="critical")
    routes = [
        Route(match=RouteMatch(min_severity="high"), channels=["#a", "#b"], continue_=True),
        Route(match=RouteMatch(severity=["low"]), channels=["#never"]),
        Route(match=RouteMatch(), channels=["#b", "#c"]),
        Route(match=RouteMatch(), channels=["#after-stop"]),
    ]
    assert RoutingConfig(routes=routes).channels_for(alert, "#default") == ["#a", "#b", "#c"]


def test_no_matching_route_sends_to_the_file_default_then_the_service_default() -> None:
    alert = make_alert(severity="low")
    routes = [Route(match=RouteMatch(min_severity="medium"), channels=["#a"])]
    assert RoutingConfig(routes=routes).channels_for(alert, "#svc") == ["#svc"]
    config = RoutingConfig(default_channel="#file", routes=routes)
    assert config.channels_for(alert, "#svc") == ["#file"]


def test_route_channels_are_trimmed_and_never_blank() -> None:
    assert Route(channels=[" #a "]).channels == ["#a"]
    with pytest.raises(ValueError):
        Route(channels=["#a", "  "])


# --- delivery ledger --------------------------------------------------------------------------


def _done(
    message_id: str,
    role: str,
    alert_ids: list[str],
    *,
    ts: str | None,
    thread_ts: str | None = None,
    at: float = 1000.0,
    channel: str = "#c",
) -> DeliveryDone:
    return DeliveryDone(
        message_id=message_id,
        channel=channel,
        role=role,
        group_key="k",
        alert_ids=alert_ids,
        ts=ts,
        thread_ts=thread_ts,
        at=datetime.fromtimestamp(at, UTC),
    )


def test_a_parent_opens_a_thread_counting_its_alerts() -> None:
    ledger = DeliveryLedger()
    ledger.apply(_done("m1", "parent", ["a1"], ts="1.0", at=1000))
    thread = ledger.threads[("#c", "k")]
    assert (thread.ts, thread.count, thread.posted_at, thread.last_flush_at) == (
        "1.0",
        1,
        1000,
        1000,
    )
    assert ledger.is_delivered("a1", "#c") and not ledger.is_delivered("a1", "#other")


def test_replies_in_the_thread_add_to_its_count_and_move_its_last_flush() -> None:
    ledger = DeliveryLedger()
    ledger.apply(_done("m1", "parent", ["a1"], ts="1.0", at=1000))
    ledger.apply(_done("m2", "reply", ["a2", "a3"], ts="2.0", thread_ts="1.0", at=1010))
    ledger.apply(_done("m3", "reply", ["a4"], ts="3.0", thread_ts="1.0", at=1005))
    thread = ledger.threads[("#c", "k")]
    assert thread.count == 4
    assert (thread.posted_at, thread.last_flush_at) == (1000, 1010)


def test_a_reply_to_another_thread_leaves_the_count_alone() -> None:
    ledger = DeliveryLedger()
    ledger.apply(_done("m1", "parent", ["a1"], ts="1.0", at=1000))
    ledger.apply(_done("m2", "reply", ["a2"], ts="2.0", thread_ts="0.5", at=1010))
    assert ledger.threads[("#c", "k")].count == 1
    assert ledger.is_delivered("a2", "#c")


def test_a_reply_before_any_parent_opens_no_thread() -> None:
    ledger = DeliveryLedger()
    ledger.apply(_done("m2", "reply", ["a2"], ts="2.0", thread_ts="1.0", at=1010))
    assert ledger.threads == {}


def test_the_newer_parent_of_a_group_wins_even_when_it_arrives_first() -> None:
    ledger = DeliveryLedger()
    ledger.apply(_done("m2", "parent", ["a2"], ts="2.0", at=2000))
    ledger.apply(_done("m1", "parent", ["a1"], ts="1.0", at=1000))
    assert ledger.threads[("#c", "k")].ts == "2.0"
    ledger.apply(_done("m3", "standalone", ["a3"], ts="3.0", at=2000))
    assert ledger.threads[("#c", "k")].ts == "3.0"  # same instant: the later record wins


def test_a_done_record_seen_twice_is_counted_once() -> None:
    ledger = DeliveryLedger()
    ledger.apply(_done("m1", "parent", ["a1"], ts="1.0", at=1000))
    reply = _done("m2", "reply", ["a2"], ts="2.0", thread_ts="1.0", at=1010)
    ledger.apply(reply)
    ledger.apply(reply)
    assert ledger.threads[("#c", "k")].count == 2


def test_an_intent_is_pending_until_its_done_and_ignored_when_all_is_delivered() -> None:
    ledger = DeliveryLedger()
    intent = DeliveryIntent(
        message_id="m1",
        channel="#c",
        role="parent",
        group_key="k",
        alert_ids=["a1", "a2"],
        at=datetime.fromtimestamp(900, UTC),
    )
    ledger.apply(intent)
    assert ledger.intents == {"m1": intent}
    ledger.apply(_done("m1", "parent", ["a1", "a2"], ts="1.0"))
    assert ledger.intents == {}
    ledger.apply(intent)  # replayed after its done: both alerts delivered
    assert ledger.intents == {}
    partly = intent.model_copy(update={"message_id": "m9", "alert_ids": ["a1", "a3"]})
    ledger.apply(partly)
    assert "m9" in ledger.intents
    ledger.apply(StateMarker(marker_id="start-1", instance_id="i", at=NOW))
    assert ledger.markers == {"start-1"}


def test_prune_keeps_what_is_exactly_at_the_cutoff() -> None:
    ledger = DeliveryLedger()
    ledger.apply(_done("m1", "parent", ["a1"], ts="1.0", at=1000))
    ledger.apply(_done("m2", "parent", ["a2"], ts="2.0", at=999, channel="#d"))
    ledger.apply(StateMarker(marker_id="x", instance_id="i", at=NOW))
    removed = ledger.prune(now=1100, retention_seconds=100)
    assert removed == 3  # a2's delivery, its done id and its thread
    assert ledger.is_delivered("a1", "#c") and not ledger.is_delivered("a2", "#d")
    assert list(ledger.threads) == [("#c", "k")]
    assert ledger.markers == set()


def test_prune_drops_intents_older_than_the_cutoff() -> None:
    ledger = DeliveryLedger()
    for message_id, at in (("old", 899.0), ("edge", 900.0)):
        ledger.apply(
            DeliveryIntent(
                message_id=message_id,
                channel="#c",
                role="parent",
                group_key="k",
                alert_ids=[message_id],
                at=datetime.fromtimestamp(at, UTC),
            )
        )
    ledger.prune(now=1000, retention_seconds=100)
    assert list(ledger.intents) == ["edge"]


def test_message_ids_depend_on_channel_role_and_the_set_of_alerts() -> None:
    base = message_id_for("#c", "parent", ["a", "b"])
    assert base == message_id_for("#c", "parent", ["b", "a"]) and len(base) == 32
    assert base != message_id_for("#d", "parent", ["a", "b"])
    assert base != message_id_for("#c", "reply", ["a", "b"])
    assert base != message_id_for("#c", "parent", ["a"])
    assert message_id_for("#c", "parent", ["ab"]) != message_id_for("#c", "parent", ["a", "b"])


# --- delivery ---------------------------------------------------------------------------------


def _worker(sink: FlakySink, recorder: Recorder, ledger: DeliveryLedger) -> ChannelWorker:
    return ChannelWorker(
        "#c",
        sink=sink,
        ledger=ledger,
        write_state=recorder.write_state,
        dead_letter=recorder.dead_letter,
        settled=recorder.on_settled,
        metrics=NotifierMetrics(),
        interval=0.0,
        retry_initial=0.001,
        retry_max=0.002,
    )


def test_an_alert_already_delivered_to_the_channel_is_not_posted_again_but_is_settled() -> None:
    sink, recorder, ledger = FlakySink(failures=0), Recorder(), DeliveryLedger()
    first, second = make_alert("D-1"), make_alert("D-2")
    ledger.apply(_done("m0", "standalone", [first.alert_id], ts=None))
    batch = Batch("#c", "k", [first, second], None)
    asyncio.run(_worker(sink, recorder, ledger).send_batch(batch))
    posted = [r.alert_ids for r in recorder.state if isinstance(r, DeliveryDone)]
    assert posted == [[second.alert_id]]
    assert recorder.settled == [first.alert_id, second.alert_id]


def test_an_alert_delivered_to_another_channel_is_still_posted_here() -> None:
    sink, recorder, ledger = FlakySink(failures=0), Recorder(), DeliveryLedger()
    alert = make_alert("D-3")
    ledger.apply(_done("m0", "standalone", [alert.alert_id], ts=None, channel="#elsewhere"))
    asyncio.run(_worker(sink, recorder, ledger).send_batch(Batch("#c", "k", [alert], None)))
    assert len(sink.posted) == 1
    assert ledger.is_delivered(alert.alert_id, "#c")


def test_a_batch_whose_alerts_were_all_delivered_posts_nothing() -> None:
    sink, recorder, ledger = FlakySink(failures=0), Recorder(), DeliveryLedger()
    alert = make_alert("D-4")
    ledger.apply(_done("m0", "standalone", [alert.alert_id], ts=None))
    asyncio.run(_worker(sink, recorder, ledger).send_batch(Batch("#c", "k", [alert], None)))
    assert sink.posted == [] and recorder.state == []
    assert recorder.settled == [alert.alert_id]


def test_delivery_writes_an_intent_before_the_post_and_a_done_after() -> None:
    sink, recorder, ledger = FlakySink(failures=0), Recorder(), DeliveryLedger()
    alert = make_alert("D-5")
    asyncio.run(_worker(sink, recorder, ledger).send_batch(Batch("#c", "grp", [alert], None)))
    intent, done = recorder.state
    assert isinstance(intent, DeliveryIntent) and isinstance(done, DeliveryDone)
    assert intent.message_id == done.message_id == message_id_for("#c", "parent", [alert.alert_id])
    assert (done.role, done.group_key, done.ts, done.channel) == ("parent", "grp", "1.000", "#c")
    assert done.parent_alert == alert
    assert ledger.threads[("#c", "grp")].ts == "1.000"


def test_reconciliation_looks_five_minutes_before_the_intent() -> None:
    at = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert reconcile_window_start(at) == at.timestamp() - 300


# --- false-positive silences, messages, identities ---------------------------------------------


def test_a_false_positive_silence_matches_the_entry_and_the_party_together() -> None:
    silence = false_positive_silence(
        "OFAC-12345", "OOO Arteks", user="ana", alert_id="a1", duration_seconds=60, now=NOW
    )
    assert silence is not None
    assert silence.matcher == SilenceMatcher(entity_id="OFAC-12345", party="OOO Arteks")
    assert not matcher_covers(silence.matcher, make_alert(entity_id="OFAC-99999"))


def test_a_false_positive_silence_id_is_the_same_for_the_same_pair_in_any_case() -> None:
    first = false_positive_silence(
        "OFAC-12345", "OOO Arteks", user="a", alert_id="a1", duration_seconds=60, now=NOW
    )
    again = false_positive_silence(
        "ofac-12345", "ooo arteks", user="b", alert_id="a2", duration_seconds=9, now=NOW
    )
    other = false_positive_silence(
        "OFAC-12345", "OOO Other", user="a", alert_id="a1", duration_seconds=60, now=NOW
    )
    assert first is not None and again is not None and other is not None
    digest = hashlib.sha256(b"ofac-12345\x1fooo arteks").hexdigest()[:24]
    assert first.silence_id == again.silence_id == f"fp-{digest}"
    assert other.silence_id != first.silence_id


def test_a_product_reason_is_not_a_party_a_silence_can_name() -> None:
    assert not matcher_covers(SilenceMatcher(party="85423100"), make_alert(hs_code="85423100"))


def test_a_silence_of_a_second_or_less_than_a_second_is_allowed() -> None:
    for seconds in (1, 0.5):
        silence = new_silence(
            SilenceMatcher(party="x"), created_by="a", comment="", duration_seconds=seconds, now=NOW
        )
        assert silence.ends_at == NOW + timedelta(seconds=seconds)
    assert parse_duration("1s") == 1
    assert parse_duration("0.5m") == 30


def test_refusals_say_what_is_wrong() -> None:
    with pytest.raises(ValueError, match="^duration must be positive$"):
        new_silence(
            SilenceMatcher(party="x"), created_by="a", comment="", duration_seconds=0, now=NOW
        )
    with pytest.raises(ValueError, match="^a silence needs at least one matcher field$"):
        new_silence(SilenceMatcher(), created_by="a", comment="", duration_seconds=5, now=NOW)
    with pytest.raises(ValueError, match=r"^duration '-2h' must be positive$"):
        parse_duration("-2h")


def test_a_broken_routing_file_is_reported_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "routing.yaml"
    path.write_text("routes: [{channels: []}]", encoding="utf-8")
    with pytest.raises(ConfigError, match="routing file .*routing.yaml is invalid"):
        load_routing(path)


def test_a_routing_file_is_read_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "routing.yaml"
    path.write_text("default_channel: '#алерты'\n", encoding="utf-8")
    assert load_routing(path).default_channel == "#алерты"
    assert load_routing(None) == RoutingConfig()


def test_message_ids_are_stable_across_releases() -> None:
    material = "#c\x1fparent\x1fa\x1fb"
    expected = hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]
    assert message_id_for("#c", "parent", ["b", "a"]) == expected


# --- grouping ---------------------------------------------------------------------------------


def test_each_group_field_reads_its_facet() -> None:
    alert = make_alert(countries=("ru", "cn"), severity="high")
    assert group_field(alert, "entity") == "ofac-12345"
    assert group_field(alert, "counterparty") == "skyline trading fze"
    assert group_field(alert, "hs4") == "8542"
    assert group_field(alert, "record_type") == "shipment"
    assert group_field(alert, "severity") == "high"
    assert group_field(alert, "watchlist") == "us_ofac_sdn"
    assert group_field(alert, "program") == "RUSSIA-EO14024"
    assert group_field(alert, "country") == "cn,ru"
    assert group_field(alert, "alert_id") == alert.alert_id
    with pytest.raises(ValueError, match="unknown group field 'colour'"):
        group_field(alert, "colour")


def test_list_facets_join_sorted_with_commas() -> None:
    alert = make_alert()
    facets = alert.facets.model_copy(
        update={
            "entity_ids": ["B-2", "a-1"],
            "watchlists": ["w2", "w1"],
            "programs": ["P2", "P1"],
            "parties": ["Zeta", "Alpha", "OOO Arteks"],
        }
    )
    alert = alert.model_copy(update={"facets": facets})
    assert group_field(alert, "entity") == "a-1,b-2"
    assert group_field(alert, "watchlist") == "w1,w2"
    assert group_field(alert, "program") == "P1,P2"
    assert group_field(alert, "counterparty") == "alpha,zeta"


def test_an_alert_without_hs_code_groups_under_an_empty_hs4() -> None:
    alert = make_alert()
    alert = alert.model_copy(update={"facets": alert.facets.model_copy(update={"hs_code": None})})
    assert group_field(alert, "hs4") == ""


def test_group_keys_name_their_fields_and_no_fields_means_one_group_per_alert() -> None:
    alert = make_alert(severity="low")
    assert group_key(alert, ["severity", "hs4"]) == "severity=low|hs4=8542"
    assert group_key(alert, []) == f"alert_id={alert.alert_id}"


def _thread(posted_at: float, last_flush_at: float) -> Thread:
    return Thread("1.0", None, 1, posted_at, last_flush_at)


def test_a_group_waits_group_wait_then_is_due_exactly_then() -> None:
    grouper = Grouper(group_wait=10, group_interval=60, repeat_interval=3600)
    grouper.add("#c", "k", make_alert(), now=100)
    assert grouper.due(109.9, {}) == []
    assert grouper.next_due_in(100, {}) == 10
    [batch] = grouper.due(110, {})
    assert (batch.channel, batch.group_key, batch.thread) == ("#c", "k", None)
    assert grouper.next_due_in(110, {}) is None


def test_a_group_in_flight_waits_for_its_release() -> None:
    grouper = Grouper(group_wait=0, group_interval=0, repeat_interval=3600)
    grouper.add("#c", "k", make_alert("G-1"), now=0)
    grouper.add("#c", "other", make_alert("G-9"), now=0)
    assert len(grouper.due(0, {})) == 2
    grouper.add("#c", "k", make_alert("G-2"), now=1)
    assert grouper.due(5, {}) == [] and grouper.next_due_in(5, {}) is None
    grouper.release("#c", "k")
    assert grouper.next_due_in(5, {}) == 0.0  # overdue waits are never negative
    assert [b.alerts[0].alert_id for b in grouper.due(5, {})] == [make_alert("G-2").alert_id]


def test_an_in_flight_group_does_not_hold_back_the_others() -> None:
    grouper = Grouper(group_wait=0, group_interval=0, repeat_interval=3600)
    grouper.add("#c", "a", make_alert("H-1"), now=0)
    grouper.due(0, {})
    grouper.add("#c", "a", make_alert("H-2"), now=1)
    grouper.add("#c", "b", make_alert("H-3"), now=1)
    assert [b.group_key for b in grouper.due(1, {})] == ["b"]


def test_later_alerts_join_the_thread_after_group_interval() -> None:
    grouper = Grouper(group_wait=10, group_interval=60, repeat_interval=3600)
    threads = {("#c", "k"): _thread(posted_at=1000, last_flush_at=1030)}
    grouper.add("#c", "k", make_alert(), now=1040)
    assert grouper.due(1089, threads) == []
    assert grouper.next_due_in(1040, threads) == 50
    [batch] = grouper.due(1090, threads)
    assert batch.thread is threads[("#c", "k")]


def test_after_exactly_repeat_interval_a_group_starts_a_new_parent() -> None:
    grouper = Grouper(group_wait=10, group_interval=60, repeat_interval=3600)
    threads = {("#c", "k"): _thread(posted_at=1000, last_flush_at=4500)}
    grouper.add("#c", "k", make_alert(), now=4590)
    [batch] = grouper.due(4600, threads)  # 3600 s after the parent: new parent, group_wait only
    assert batch.thread is None


def test_just_before_repeat_interval_a_group_still_replies() -> None:
    grouper = Grouper(group_wait=10, group_interval=60, repeat_interval=3600)
    threads = {("#c", "k"): _thread(posted_at=1000, last_flush_at=4500)}
    grouper.add("#c", "k", make_alert(), now=4500)
    [batch] = grouper.due(4599.5, threads)
    assert batch.thread is threads[("#c", "k")]


def test_an_alert_added_twice_to_a_group_is_kept_once() -> None:
    grouper = Grouper(group_wait=0, group_interval=0, repeat_interval=1)
    grouper.add("#c", "k", make_alert("I-1"), now=0)
    grouper.add("#c", "k", make_alert("I-1"), now=0)
    grouper.add("#c", "k", make_alert("I-2"), now=0)
    assert grouper.pending_count() == 2
