"""The pure query → result mapping (services/screening/yente.py, hs.py)."""

from __future__ import annotations

import pytest

from services.lists.matching import DEFAULT_THRESHOLD, MatchIndex
from services.screening import hs, yente
from services.screening.api import ScreeningRuntime
from tests.support.screening import CLEAN_PERSON, SANCTIONED_ID, SANCTIONED_PERSON


@pytest.fixture(scope="module")
def index(screening_runtime: ScreeningRuntime) -> MatchIndex:
    assert screening_runtime.registry.index is not None
    return screening_runtime.registry.index


def person(name: str, **props: list[str]) -> dict[str, object]:
    return {"schema": "Person", "properties": {"name": [name], **props}}


def test_an_ftm_query_becomes_name_queries_with_its_evidence() -> None:
    query = yente.parse_entity_query(
        "q1",
        {
            "schema": "Person",
            "properties": {
                "firstName": ["Dmitry"],
                "lastName": ["Rogozin"],
                "nationality": ["RU"],
                "birthDate": ["1963-12-21"],
                "innCode": ["7701"],
            },
        },
    )
    assert query.names == ("Dmitry Rogozin",)
    (name_query,) = query.name_queries()
    assert name_query.country == "ru" and name_query.birth_date == "1963-12-21"
    assert name_query.identifiers == {"innCode": "7701"}
    assert (name_query.first_name, name_query.last_name) == ("Dmitry", "Rogozin")
    assert yente.parse_entity_query(
        "k", {"schema": "Thing", "properties": {"name": "X"}}
    ).names == ("X",)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ([], "must be an object"),
        ({"schema": "Document", "properties": {"name": ["x"]}}, "'schema' must be one of"),
        ({"schema": "Person", "properties": []}, "'properties' must be"),
        ({"schema": "Person", "properties": {"name": [{"a": 1}]}}, "list of strings"),
        ({"schema": "Person", "properties": {"country": ["ru"]}}, "give a 'name'"),
        ({"schema": "Person", "properties": {"name": ["x" * 1001]}}, "longer than"),
    ],
)
def test_unusable_queries_are_refused_with_a_reason(data: object, reason: str) -> None:
    with pytest.raises(yente.QueryError, match=reason):
        yente.parse_entity_query("q", data)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ([], "JSON object"),
        ({}, "non-empty object"),
        ({"queries": {str(i): {} for i in range(3)}}, "at most 2"),
        ({"queries": {"a": person("x")}, "weights": []}, "'weights' must be an object"),
    ],
)
def test_unusable_bodies_are_refused(body: object, reason: str) -> None:
    with pytest.raises(yente.QueryError, match=reason):
        yente.parse_match_body(body, max_queries=2)


def test_match_params_follow_yente_defaults_and_bounds() -> None:
    params = yente.parse_match_params({}, max_limit=50)
    assert (params.threshold, params.cutoff, params.limit) == (DEFAULT_THRESHOLD, 0.5, 5)
    assert yente.parse_match_params({"algorithm": "logic-v2", "limit": "50"}, 50).limit == 50
    for bad in (
        {"threshold": "2"},
        {"threshold": "nan"},
        {"limit": "0"},
        {"limit": "51"},
        {"algorithm": "x"},
    ):
        with pytest.raises(yente.QueryError):
            yente.parse_match_params(bad, max_limit=50)


def test_a_sanctioned_name_matches_and_a_clean_one_does_not(index: MatchIndex) -> None:
    queries = yente.parse_match_body(
        {"queries": {"hit": person(SANCTIONED_PERSON), "clean": person(CLEAN_PERSON)}}, 10
    )
    answer = yente.match_response(index, queries, yente.MatchParams())
    assert answer["limit"] == 5
    hit = answer["responses"]["hit"]
    assert hit["status"] == 200 and hit["query"]["properties"]["name"] == [SANCTIONED_PERSON]
    top = hit["results"][0]
    assert top["id"] == SANCTIONED_ID and top["match"] is True and top["score"] >= 0.7
    assert top["datasets"] == ["us_ofac_sdn"] and top["schema"] == "Person"
    assert top["caption"] and top["properties"]["name"] == [top["caption"]]
    assert top["explanations"]["name_match"]["detail"] == top["explanation"]
    assert top["features"]["name_match"] == top["score"]
    assert hit["total"] == {"value": len(hit["results"]), "relation": "eq"}
    assert not any(r["match"] for r in answer["responses"]["clean"]["results"])


def test_threshold_sets_match_and_cutoff_drops(index: MatchIndex) -> None:
    queries = yente.parse_match_body({"queries": {"q": person(SANCTIONED_PERSON)}}, 1)
    strict = yente.match_response(index, queries, yente.MatchParams(threshold=1.0, cutoff=0.5))
    assert strict["responses"]["q"]["results"] and not any(
        r["match"] for r in strict["responses"]["q"]["results"] if r["score"] < 1.0
    )
    high = yente.match_response(index, queries, yente.MatchParams(threshold=0.99, cutoff=0.99))
    assert all(r["score"] >= 0.99 for r in high["responses"]["q"]["results"])


def test_a_dataset_restricts_results_and_an_unknown_one_is_a_lookup_error(
    index: MatchIndex,
) -> None:
    queries = yente.parse_match_body({"queries": {"q": person(SANCTIONED_PERSON)}}, 1)
    un_only = yente.match_response(index, queries, yente.MatchParams(), "un_sc_sanctions")
    assert all(r["datasets"] == ["un_sc_sanctions"] for r in un_only["responses"]["q"]["results"])
    with pytest.raises(LookupError):
        yente.match_response(index, queries, yente.MatchParams(), "no_such_list")


def test_search_catalog_and_entity(index: MatchIndex) -> None:
    found = yente.search_response(index, "Rogozin", limit=3)
    assert found["results"][0]["id"] == SANCTIONED_ID and found["limit"] == 3
    page = yente.search_response(index, "", "un_sc_sanctions", limit=2, offset=1)
    assert len(page["results"]) == 2 and page["total"]["value"] > 2
    catalog = yente.catalog_json(index, {})
    names = {d["name"]: d for d in catalog["datasets"]}
    assert set(names) == {"default", "us_ofac_sdn", "un_sc_sanctions"}
    assert names["default"]["children"] == ["un_sc_sanctions", "us_ofac_sdn"]
    entry = index.get(SANCTIONED_ID)
    assert entry is not None and yente.entity_json(entry)["id"] == SANCTIONED_ID


def test_hs_lookup_gives_tier_description_and_flagging_phrases(
    screening_runtime: ScreeningRuntime,
) -> None:
    answer = hs.hs_lookup(screening_runtime.catalog, "8542.31")
    assert answer["code"] == "854231" and answer["chpl_tier"] == "1"
    assert "integrated circuits" in (answer["description"] or "").lower()
    categories = {c["category"]: c for c in answer["phrase_categories"]}
    assert "integrated_circuit" in categories and categories["integrated_circuit"]["phrases"]
    assert hs.hs_lookup(screening_runtime.catalog, "0101.21")["chpl_tier"] is None
    with pytest.raises(ValueError):
        hs.hs_lookup(screening_runtime.catalog, "abc")


def test_answers_carry_every_field_yente_requires(index: MatchIndex) -> None:
    """yente's published response models: EntityMatchResponse needs responses, matcher, limit;
    each EntityMatches status, results, total, query; each result id, caption, schema,
    properties, features (name → number); DataCatalogModel's datasets need a string version."""
    queries = yente.parse_match_body({"queries": {"q": person(SANCTIONED_PERSON)}}, 1)
    answer = yente.match_response(index, queries, yente.MatchParams())
    assert {"responses", "matcher", "limit"} <= set(answer)
    matches = answer["responses"]["q"]
    assert {"status", "results", "total", "query"} <= set(matches)
    assert {"schema", "properties"} <= set(matches["query"])
    for result in matches["results"]:
        assert {"id", "caption", "schema", "properties", "datasets", "score", "match"} <= set(
            result
        )
        assert all(isinstance(v, float) for v in result["features"].values())
        assert all(isinstance(v, list) for v in result["properties"].values())
    for feature in answer["matcher"].values():
        assert {"description", "coefficient", "url"} <= set(feature)
    for dataset in yente.catalog_json(index, {})["datasets"]:
        assert isinstance(dataset["version"], str) and isinstance(dataset["title"], str)
        assert isinstance(dataset["load"], bool) and isinstance(dataset["children"], list)
