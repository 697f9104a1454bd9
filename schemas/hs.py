"""HS code normalisation (format only; the nomenclature check lives in the services)."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s.\-/]")
# Chapter 77 is reserved in the Harmonized System; 00 does not exist.
_INVALID_CHAPTERS = frozenset({"00", "77"})


def normalize_hs_code(value: str) -> str:
    """`8542.31.00`, `8542 31 0000`, `854231` → digits only; raises ValueError when impossible."""
    digits = _SEPARATORS.sub("", value.strip())
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"HS code {value!r} must contain only digits, dots, spaces or dashes")
    if not 6 <= len(digits) <= 10:
        raise ValueError(f"HS code {value!r} must have 6 to 10 digits, got {len(digits)}")
    chapter = digits[:2]
    if chapter in _INVALID_CHAPTERS or int(chapter) > 97:
        raise ValueError(f"HS code {value!r} has no such chapter {chapter}")
    return digits
