"""Format detection, the custom CSV and OFAC XML contracts, and refusing bad or hostile files."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.lists.watchlists import WatchlistFormatError, detect_format, load_watchlist

OFAC_XML = """<?xml version="1.0" standalone="yes"?>
<sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">
  <publshInformation><Publish_Date>05/16/2025</Publish_Date></publshInformation>
  <sdnEntry>
    <uid>47371</uid><lastName>NS LEADER</lastName><sdnType>Vessel</sdnType>
    <programList><program>RUSSIA-EO14024</program></programList>
    <idList><id><uid>1</uid>
      <idType>Vessel Registration Identification</idType>
      <idNumber>IMO 9339301</idNumber></id></idList>
  </sdnEntry>
  <sdnEntry>
    <uid>48603</uid><lastName>KHOROSHEV</lastName><firstName>Dmitry Yuryevich</firstName>
    <sdnType>Individual</sdnType>
    <akaList>
      <aka><uid>2</uid><type>a.k.a.</type><category>strong</category>
        <lastName>KHOROSHEV</lastName><firstName>Dmitrii</firstName></aka>
      <aka><uid>3</uid><type>a.k.a.</type><category>weak</category><lastName>LOCKBITSUPP</lastName></aka>
    </akaList>
    <dateOfBirthList><dateOfBirthItem><uid>4</uid>
      <dateOfBirth>17 Apr 1993</dateOfBirth></dateOfBirthItem></dateOfBirthList>
    <nationalityList><nationality><uid>5</uid><country>Russia</country></nationality></nationalityList>
  </sdnEntry>
</sdnList>
"""


def test_ofac_xml_with_namespace_strong_and_weak_aliases(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(OFAC_XML, encoding="utf-8")
    assert detect_format(path) == "ofac_xml"
    sdn = load_watchlist(path)
    assert sdn.name == "us_ofac_sdn" and sdn.version.startswith("20250516-")
    vessel, person = sdn.entries
    assert vessel.id == "us_ofac_sdn:47371" and vessel.schema == "Vessel"
    assert ("imoNumber", "9339301") in vessel.identifiers
    assert person.names == ("KHOROSHEV, Dmitry Yuryevich", "KHOROSHEV, Dmitrii")
    assert person.weak_aliases == ("LOCKBITSUPP",)
    assert person.birth_dates == ("1993-04-17",) and person.countries == ("ru",)


def test_custom_csv_is_named_after_the_file(tmp_path: Path) -> None:
    path = tmp_path / "Internal Blocklist.csv"
    path.write_text(
        "id,name,schema,aliases,countries,identifiers,programs\n"
        "p1,Romashka Trading LLC,Company,ООО Ромашка;Romashka,ru,"
        '"innCode:7701234567;ogrnCode:1027700000000",internal\n',
        encoding="utf-8",
    )
    assert detect_format(path) == "custom_csv"
    custom = load_watchlist(path)
    assert custom.name == "internal_blocklist"
    (entry,) = custom.entries
    assert entry.id == "internal_blocklist:p1" and entry.schema == "Company"
    assert entry.names == ("Romashka Trading LLC", "ООО Ромашка", "Romashka")
    assert ("innCode", "7701234567") in entry.identifiers and entry.countries == ("ru",)


def test_custom_csv_bad_row_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("id,name,schema\np1,Foo,Spaceship\n", encoding="utf-8")
    with pytest.raises(WatchlistFormatError, match="row 2: schema 'Spaceship'"):
        load_watchlist(path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("hello world\n", "not a known watchlist format"),
        ("<html><body>hi</body></html>", "unknown XML list"),
        ('{"foo": 1}\n', "without FtM"),
        ("<sdnList><sdnEntry>", "invalid XML"),
    ],
)
def test_unknown_or_broken_files_raise_a_clear_error(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "list.dat"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(WatchlistFormatError, match=reason) as raised:
        load_watchlist(path)
    assert str(path) in str(raised.value)


def test_missing_path_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(WatchlistFormatError, match="no such file"):
        load_watchlist(tmp_path / "absent.csv")


def test_xml_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET NAME", encoding="utf-8")
    path = tmp_path / "evil.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>'
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>&s;</FIRST_NAME>"
        "<REFERENCE_NUMBER>X.1</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    loaded = load_watchlist(path)
    assert all("SECRET" not in name for e in loaded.entries for name in e.names)
