"""Safe XML parsing: no entity resolution, no network, no DTD loading (billion laughs, XXE)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from services.lists.watchlists.errors import WatchlistFormatError


def parse_xml(path: Path) -> etree._Element:
    """Parse a list file with entity resolution and network access off."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
    )
    try:
        return etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        raise WatchlistFormatError(path, f"invalid XML: {exc}") from exc


def local(tag: object) -> str:
    """A tag name without its namespace."""
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """Direct children with this local name, whatever the namespace."""
    return [child for child in element if local(child.tag) == name]


def text_of(element: etree._Element | None, name: str) -> str:
    """Stripped text of the first child with this local name, or ''."""
    if element is None:
        return ""
    for child in element:
        if local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def texts(element: etree._Element, path: str) -> list[str]:
    """Texts of every descendant along a `/`-separated local-name path."""
    nodes = [element]
    for step in path.split("/"):
        nodes = [c for n in nodes for c in children(n, step)]
    return [(n.text or "").strip() for n in nodes if (n.text or "").strip()]
