"""How the news scorer picks what to report: one mention per entry (the best evidenced, then the
best verified, counted once per place), one product per category (a span two lists name counts
once), one mention per country; how an alias's shape and a country are named; which product
terms it reads; which given names and acronyms the finder knows."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from services.detector.news import DEFAULT_PRODUCT_TERMS
from services.detector.news.countries import COUNTRY_TERMS
from services.detector.news.evidence import MentionEvidence
from services.detector.news.lexicon import ProductTerm
from services.detector.news.mentions import (
    CountryMention,
    EntityMention,
    Field,
    ProductMention,
    Span,
    country_lookup,
)
from services.detector.news.namekeys import NameKey, build_profiles, given_names, is_acronym
from services.detector.news.rarity import RarityTable, WordRarity
from services.detector.news.scorer import (
    _best_per_entry,
    _country_name,
    _first_per_category,
    _first_per_country,
    _shape,
    product_terms_for,
    product_terms_from_phrase_dir,
)
from services.lists.products.catalog import default_phrases_dir
from services.lists.watchlists.model import WatchlistEntry

ENTRY = WatchlistEntry(id="x:1", schema="Organization", names=("ZORVEX",), source="custom")
OTHER = WatchlistEntry(id="x:2", schema="Organization", names=("KESTREL",), source="custom")


def _span(start: int, end: int, field: Field = "body") -> Span:
    return Span(field, start, end, "text", "snippet")


def _mention(
    entry: WatchlistEntry,
    end: int,
    total: int = 3,
    verified: float = 1.0,
    content: tuple[str, ...] = ("zorveks",),
    acronym: bool = False,
) -> EntityMention:
    key = NameKey("zorveks", "zorvex", "strong", "ZORVEX", content, acronym)
    evidence = MentionEvidence(3, WordRarity("zorveks", 0.0), acronym, (), (), total)
    return EntityMention(entry, key, _span(end - 6, end), verified, evidence)


def test_an_entry_is_reported_once_by_its_best_evidenced_then_best_verified_mention() -> None:
    weak, strong = _mention(ENTRY, 10, total=3), _mention(ENTRY, 20, total=5, verified=0.8)
    close, closer = _mention(ENTRY, 30, total=5, verified=0.9), _mention(OTHER, 40)
    assert _best_per_entry([weak, strong, close, closer]) == [(close, 3), (closer, 1)]
    assert _best_per_entry([close, strong]) == [(close, 2)]
    assert _best_per_entry([strong, weak]) == [(strong, 2)]


def test_of_two_equal_mentions_the_first_is_kept_and_one_place_counts_once() -> None:
    first, same_end = _mention(ENTRY, 10), _mention(ENTRY, 10)
    [(kept, places)] = _best_per_entry([first, same_end])
    assert kept is first and places == 1
    assert _best_per_entry([]) == []


def _product(category: str, start: int, end: int) -> ProductMention:
    term = ProductTerm(phrase=category, category=category, hs_code="8806", tier="1")
    return ProductMention(term, _span(start, end))


def test_one_product_per_category_and_a_span_counts_for_its_first_list_only() -> None:
    drones, again = _product("drones", 0, 6), _product("drones", 20, 26)
    same_span, chips = _product("chips", 0, 6), _product("chips", 30, 35)
    assert _first_per_category([drones, again, same_span, chips]) == [drones, chips]


def test_one_mention_per_country_the_first() -> None:
    first, second, other = (
        CountryMention("ae", _span(0, 5)),
        CountryMention("ae", _span(9, 14)),
        CountryMention("ir", _span(20, 24)),
    )
    assert _first_per_country([first, second, other]) == [first, other]


def test_a_country_is_named_by_its_first_term_or_its_code_in_capitals() -> None:
    assert _country_name("ae") == COUNTRY_TERMS["ae"][0]
    assert _country_name("zz") == "ZZ"


@pytest.mark.parametrize(
    ("content", "acronym", "shape"),
    [
        (("zorveks",), False, "one-word name"),
        (("zorveks", "kestrel"), False, "multi-word name"),
        (("gru",), True, "one-word acronym"),
        (("a", "b", "c"), True, "multi-word acronym"),
    ],
)
def test_an_aliases_shape_is_told_by_its_words_and_capitals(
    content: tuple[str, ...], acronym: bool, shape: str
) -> None:
    assert _shape(_mention(ENTRY, 10, content=content, acronym=acronym)) == shape


def test_product_terms_add_the_catalogs_phrase_lists_when_it_has_them(tmp_path: Path) -> None:
    packaged = product_terms_from_phrase_dir(default_phrases_dir())
    assert packaged
    assert product_terms_for(None) == list(DEFAULT_PRODUCT_TERMS)
    assert product_terms_for(object()) == [*DEFAULT_PRODUCT_TERMS, *packaged]
    with_dir = SimpleNamespace(phrases_dir=str(default_phrases_dir()))
    assert product_terms_for(with_dir) == [*DEFAULT_PRODUCT_TERMS, *packaged]
    assert product_terms_for(SimpleNamespace(phrases_dir=tmp_path)) == list(DEFAULT_PRODUCT_TERMS)


def test_given_names_are_the_first_given_name_of_listed_people() -> None:
    entries = [
        WatchlistEntry(id="o", schema="Organization", names=("SMITH, Oliver",), source="s"),
        WatchlistEntry(id="p", schema="Person", names=("DOE, Richard Paul",), source="s"),
        WatchlistEntry(id="q", schema="Person", names=("Tom Hanks",), source="s"),
        WatchlistEntry(id="r", schema="Person", names=("LEE, Tom", "WU, Bo"), source="s"),
        WatchlistEntry(id="s", schema="Person", names=("NG, Trading",), source="s"),
        WatchlistEntry(id="t", schema="Person", names=("SMITH, John, Jr.",), source="s"),
    ]
    profiles = build_profiles(entries, country_lookup(), RarityTable({"en": {}, "ru": {}}))
    assert given_names(profiles) == frozenset({"richard", "tom", "john"})  # no comma kept


@pytest.mark.parametrize(
    ("words", "acronym"),
    [
        (["GRU"], True),
        (["ABCD"], True),
        (["ABCDE"], False),
        (["Gru"], False),
        (["G7"], False),
        (["GRU", "FSB"], False),
    ],
)
def test_an_acronym_is_one_word_of_at_most_four_capitals(words: list[str], acronym: bool) -> None:
    assert is_acronym(words) is acronym


def test_phrase_lists_give_a_term_per_phrase_of_a_known_category(tmp_path: Path) -> None:
    (tmp_path / "categories.csv").write_text(
        "category,label,hs_prefixes\n"
        "uav, unmanned aircraft ,8806 880730\n"
        " chips ,integrated circuits,\n",
        encoding="utf-8",
    )
    (tmp_path / "en.csv").write_text(
        "phrase,category\ndrone*,uav\n chip , chips \n,uav\ngizmo,unknown\nwidget,\n",
        encoding="utf-8",
    )
    (tmp_path / "b.csv").write_text("phrase,category\nквадрокоптер,uav\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("phrase,category\nignored,uav\n", encoding="utf-8")
    assert product_terms_from_phrase_dir(tmp_path) == [
        ProductTerm("квадрокоптер", "unmanned aircraft", "8806"),
        ProductTerm("drone", "unmanned aircraft", "8806"),
        ProductTerm("chip", "integrated circuits", ""),
    ]
