"""README stays short and every link from it (and between docs/ pages) resolves to a file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
LINK = re.compile(r"\]\(([^)\s]+)\)")
MAX_README_LINES = 200


def local_links(path: Path) -> list[str]:
    """Relative link targets (no scheme, no pure #anchors), without their #fragment."""
    targets = []
    for target in LINK.findall(path.read_text(encoding="utf-8")):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        targets.append(target.split("#", 1)[0])
    return targets


def test_readme_is_short() -> None:
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_README_LINES, f"README.md has {lines} lines; move detail into docs/"


def test_readme_links_to_docs_pages() -> None:
    docs_links = [target for target in local_links(README) if target.startswith("docs/")]
    assert docs_links, "README.md links to no docs/ page"
    missing = [target for target in docs_links if not (ROOT / target).is_file()]
    assert not missing, f"README.md links to missing files: {missing}"


def test_every_local_link_in_readme_resolves() -> None:
    missing = [target for target in local_links(README) if not (ROOT / target).exists()]
    assert not missing, f"README.md links to missing files: {missing}"


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda page: page.name)
def test_links_between_docs_pages_resolve(page: Path) -> None:
    missing = [target for target in local_links(page) if not (page.parent / target).exists()]
    assert not missing, f"{page.name} links to missing files: {missing}"


def test_contract_examples_match_schemas_examples() -> None:
    """The example messages in docs/contract.md are the files in schemas/examples/."""
    text = (DOCS / "contract.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- example: (\S+) -->\n```json\n(.*?)\n```", text, flags=re.DOTALL)
    assert blocks, "no example blocks in docs/contract.md"
    for name, body in blocks:
        expected = json.loads((ROOT / "schemas" / "examples" / name).read_text(encoding="utf-8"))
        assert json.loads(body) == expected, f"docs/contract.md example {name} is stale"
