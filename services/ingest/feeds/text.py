"""Article text: HTML reduced to plain text, clipped to a size limit, language recorded.

Language comes from the entry, then the feed, then the feed's configured hint, and only then
from a small script-and-stopword guess (Cyrillic → ru/uk, English stopwords → en); else None.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_DROPPED = ("script", "style", "noscript", "iframe", "template", "svg", "head")
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "tr",
        "section",
        "article",
        "header",
        "footer",
    ]
)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_EN_STOPWORDS = frozenset(
    ["the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "on", "are", "by", "said"]
)
_LANG = re.compile(r"^([a-z]{2,3})(?:[-_].*)?$")


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment: scripts and styles dropped, blocks on their own lines."""
    if "<" not in html:
        return _tidy(html)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy(re.sub(r"<[^>]*>", " ", html))
    for element in list(root.iter(*_DROPPED)):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    return _tidy(root.text_content())


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\xa0", " ").split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clip(text: str, max_chars: int) -> str:
    """At most max_chars, cut at a word boundary where one is near."""
    if len(text) <= max_chars:
        return text
    cut = text.rfind(" ", max_chars - 200, max_chars)
    return text[: cut if cut > 0 else max_chars].rstrip()


def language_code(value: str | None) -> str | None:
    """`en-US`, `ru_RU`, `RU` → `en`, `ru`; None when it does not look like a language tag."""
    if not value:
        return None
    match = _LANG.match(value.strip().lower())
    return match.group(1) if match else None


def guess_language(text: str) -> str | None:
    """A cheap guess from the script (and English stopwords); None when unsure."""
    sample = text[:4_000]
    cyrillic, latin = len(_CYRILLIC.findall(sample)), len(_LATIN.findall(sample))
    if cyrillic > latin:
        return "uk" if len(_UKRAINIAN.findall(sample)) > cyrillic * 0.01 else "ru"
    words = re.findall(r"[a-z]+", sample.lower())
    if words and sum(w in _EN_STOPWORDS for w in words) >= max(2, len(words) // 20):
        return "en"
    return None
