"""The product catalog: HS nomenclature, listed codes by prefix, description phrases."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from schemas.hs import normalize_hs_code
from services.lists.products.hs_lists import (
    PREFIX_LENGTHS,
    HsListEntry,
    UnknownHsCode,
    file_version,
    load_chpl,
    load_custom_hs_list,
    load_hs_nomenclature,
)
from services.lists.products.phrases import PhraseHit, PhraseMatcher, load_phrase_matcher


def packaged_data_dir() -> Path:
    """`services/lists/data`: phrases/, custom_hs_example.csv."""
    return Path(str(resources.files("services.lists.data")))


def default_phrases_dir() -> Path:
    return packaged_data_dir() / "phrases"


def example_custom_hs_list() -> Path:
    return packaged_data_dir() / "custom_hs_example.csv"


class ProductCatalog:
    """Everything known about goods, precompiled so a lookup is a few dict probes."""

    def __init__(
        self,
        entries: Sequence[HsListEntry],
        nomenclature: dict[str, str] | None,
        phrases: PhraseMatcher,
        versions: dict[str, str],
    ) -> None:
        self.nomenclature = nomenclature
        self.phrases = phrases
        self.versions = dict(versions)
        self._by_prefix: dict[str, list[HsListEntry]] = {}
        for entry in entries:
            self._by_prefix.setdefault(entry.prefix, []).append(entry)
        self._listed_lengths = tuple(
            n for n in PREFIX_LENGTHS if any(len(p) == n for p in self._by_prefix)
        )

    @classmethod
    def load(
        cls,
        chpl_csv: Path,
        hs_nomenclature_csv: Path | None,
        custom_lists: Sequence[Path] = (),
        phrases_dir: Path | None = None,
    ) -> ProductCatalog:
        """Load and compile the lists; None phrases_dir = the packaged phrase lists."""
        nomenclature = load_hs_nomenclature(hs_nomenclature_csv) if hs_nomenclature_csv else None
        entries = load_chpl(chpl_csv)
        versions = {"chpl": file_version(chpl_csv)}
        for path in custom_lists:
            entries.extend(load_custom_hs_list(path, nomenclature))
            versions[f"hs:{path.stem}"] = file_version(path)
        if nomenclature is not None:
            unknown = [e.prefix for e in entries if e.prefix[:6] not in nomenclature]
            if unknown:
                raise UnknownHsCode(unknown[0], f"listed in {chpl_csv.name} but not in HS 2022")
        directory = phrases_dir or default_phrases_dir()
        matcher = load_phrase_matcher(directory)
        versions["phrases"] = _directory_version(directory)
        return cls(entries, nomenclature, matcher, versions)

    @property
    def listed_prefixes(self) -> list[str]:
        return sorted(self._by_prefix)

    def listed(self, hs_code: str) -> list[HsListEntry]:
        """Every list entry whose prefix the (normalised) code starts with, most specific first."""
        hits: list[HsListEntry] = []
        for length in self._listed_lengths:
            if length <= len(hs_code):
                hits.extend(self._by_prefix.get(hs_code[:length], ()))
        return hits

    def describe(self, hs_code: str) -> str | None:
        """HS 2022 text for the longest known prefix of the code, or None."""
        if self.nomenclature is None:
            return None
        code = _digits_or_none(hs_code)
        if code is None:
            return None
        for length in (6, 4, 2):
            text = self.nomenclature.get(code[:length])
            if text is not None:
                return text
        return None

    def is_known_code(self, hs_code: str) -> bool:
        """True when the code is well-formed and its HS-6 part exists in HS 2022."""
        try:
            self.validate_code(hs_code)
        except UnknownHsCode:
            return False
        return True

    def validate_code(self, hs_code: str) -> str:
        """The normalised digits, or UnknownHsCode saying what is wrong (ingest's rule)."""
        try:
            code = normalize_hs_code(hs_code)
        except ValueError as exc:
            raise UnknownHsCode(hs_code, str(exc)) from exc
        if self.nomenclature is not None and code[:6] not in self.nomenclature:
            heading = self.nomenclature.get(code[:4])
            where = f"heading {code[:4]} exists" if heading else f"no heading {code[:4]} either"
            raise UnknownHsCode(hs_code, f"subheading {code[:6]} is not in HS 2022 ({where})")
        return code

    def find_phrases(self, description: str) -> list[PhraseHit]:
        return self.phrases.find(description)


def _digits_or_none(hs_code: str) -> str | None:
    try:
        return normalize_hs_code(hs_code)
    except ValueError:
        digits = "".join(c for c in hs_code if c.isdigit())
        return digits if len(digits) >= 2 else None


def _directory_version(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.csv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
