from __future__ import annotations

from pathlib import Path

import pytest

from services.common.shared_data import packaged_chpl_path, packaged_hs_nomenclature_path
from services.lists.products import HsListError, ProductCatalog, UnknownHsCode


@pytest.mark.parametrize(
    "declared", ["8542.31.00", "854231", "8542 31 0000", "8542310000", "85423190"]
)
def test_chpl_matches_every_code_form(catalog: ProductCatalog, declared: str) -> None:
    code = catalog.validate_code(declared)
    [entry] = catalog.listed(code)
    assert (entry.list_name, entry.prefix, entry.tier) == ("chpl", "854231", "1")


def test_custom_list_matches_by_heading_prefix(catalog: ProductCatalog) -> None:
    hits = catalog.listed(catalog.validate_code("8806.22.0000"))
    assert [(e.list_name, e.prefix, e.severity) for e in hits] == [
        ("custom_hs_example", "8806", "high")
    ]
    assert catalog.listed("940360") == []


def test_prefixes_of_every_length_match_most_specific_first(tmp_path: Path) -> None:
    custom = tmp_path / "mine.csv"
    custom.write_text(
        "code,tier,severity,label,source\n85,,low,Chapter 85,t\n8542.31.90,,critical,CN-8 line,t\n",
        encoding="utf-8",
    )
    catalog = ProductCatalog.load(packaged_chpl_path(), packaged_hs_nomenclature_path(), [custom])
    assert [e.prefix for e in catalog.listed("8542319000")] == ["85423190", "854231", "85"]
    assert [e.prefix for e in catalog.listed("85423100")] == ["854231", "85"]


def test_describe_uses_hs_2022_text(catalog: ProductCatalog) -> None:
    assert catalog.describe("8806.21.00") is not None
    assert "Unmanned aircraft" in (catalog.describe("8806.21.00") or "")
    assert catalog.describe("8542.31") == catalog.nomenclature["854231"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("declared", "why"),
    [
        ("8542.99.00", "subheading 854299 is not in HS 2022"),
        ("9999.99", "no such chapter"),
        ("7700.10", "no such chapter"),
        ("12AB", "only digits"),
        ("8542", "6 to 10 digits"),
    ],
)
def test_impossible_codes_are_validation_errors(
    catalog: ProductCatalog, declared: str, why: str
) -> None:
    assert not catalog.is_known_code(declared)
    with pytest.raises(UnknownHsCode, match=why):
        catalog.validate_code(declared)


def test_custom_list_with_impossible_code_fails_to_load(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,tier,severity,label,source\n8542.99,,high,No such code,t\n", encoding="utf-8"
    )
    with pytest.raises(HsListError, match="bad.csv:2.*not in HS 2022"):
        ProductCatalog.load(packaged_chpl_path(), packaged_hs_nomenclature_path(), [bad])


@pytest.mark.parametrize(
    ("text", "category", "matched"),
    [
        ("DJI Mavic 3 Pro", "uav", "mavic"),
        ("Квадрокоптеры с камерой", "uav", "квадрокоптеры"),
        ("беспилотный летательный аппарат Орлан", "uav", "беспилотный летательный аппарат"),
        ("无人机配件", "uav", "无人机"),
        ("Микросхемы интегральные", "integrated_circuit", "микросхемы"),
        ("集成电路", "integrated_circuit", "集成电路"),
        ("Multi-band GNSS-module", "gnss", "gnss module"),
        ("GNSS模块", "gnss", "gnss"),
        ("Thermal imaging camera cores", "thermal_imaging", "thermal imaging camera"),
    ],
)
def test_phrases_match_in_three_languages(
    catalog: ProductCatalog, text: str, category: str, matched: str
) -> None:
    hits = catalog.find_phrases(text)
    assert any(hit.category.name == category and hit.matched == matched for hit in hits), hits


@pytest.mark.parametrize(
    "text",
    [
        "Dronedarone hydrochloride tablets",
        "Potato chips, salted",
        "Softwood chips for pulp",
        "Androne valve",
        "",
    ],
)
def test_phrases_respect_word_boundaries(catalog: ProductCatalog, text: str) -> None:
    assert catalog.find_phrases(text) == []
