"""The settings tables in docs/, generated from the settings models' `Field(description=…)`.

    python -m services.common.settings_docs           # rewrite the tables in docs/
    python -m services.common.settings_docs --check   # exit 1 if a table is stale

Each table sits between marker comments in its page:

    <!-- settings-table: ingest -->
    …generated…
    <!-- /settings-table: ingest -->

tests/docs/test_settings_docs.py fails when a table differs from what the models say.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import sys
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, SecretStr
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined
from pydantic_settings import BaseSettings

from services.common.kafka_settings import KafkaConnection

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCS_DIR = REPO_ROOT / "docs"


@dataclass(frozen=True)
class SettingsTable:
    """One generated table: which model, under which variable prefix, in which page."""

    name: str
    page: str
    prefix: str
    load: Callable[[], type[BaseModel]]


KAFKA_LINK = "operations.md#kafka-settings-for-real-clusters"


def _service_settings(module_name: str, prefix: str) -> Callable[[], type[BaseModel]]:
    """The BaseSettings class defined in module_name that reads `prefix` variables."""

    def load() -> type[BaseModel]:
        module = importlib.import_module(module_name)
        return _settings_class_in(module, prefix)

    return load


def _topic_settings() -> type[BaseModel]:
    """TopicSettings of deploy/create_topics.py (a script, not a package)."""
    path = REPO_ROOT / "deploy" / "create_topics.py"
    spec = importlib.util.spec_from_file_location("_chokepoint_create_topics", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves the model's annotations through it
    spec.loader.exec_module(module)
    return _settings_class_in(module, "TOPICS_")


def _settings_class_in(module: types.ModuleType, prefix: str) -> type[BaseModel]:
    defined = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, BaseSettings)
        and value.__module__ == module.__name__
    ]
    matching = [cls for cls in defined if cls.model_config.get("env_prefix") == prefix]
    if len(matching) == 1:
        return matching[0]
    if not matching and len(defined) == 1:
        return defined[0]
    raise RuntimeError(f"{module.__name__}: expected one settings class for {prefix}*")


TABLES: tuple[SettingsTable, ...] = (
    SettingsTable(
        "ingest", "ingest.md", "INGEST_", _service_settings("services.ingest.settings", "INGEST_")
    ),
    SettingsTable(
        "detector",
        "detector.md",
        "DETECTOR_",
        _service_settings("services.detector.settings", "DETECTOR_"),
    ),
    SettingsTable(
        "notifier",
        "notifier.md",
        "NOTIFIER_",
        _service_settings("services.notifier.settings", "NOTIFIER_"),
    ),
    SettingsTable(
        "screening",
        "screening.md",
        "SCREENING_",
        _service_settings("services.screening.settings", "SCREENING_"),
    ),
    SettingsTable(
        "refresher",
        "refresher.md",
        "REFRESHER_",
        _service_settings("services.refresher.settings", "REFRESHER_"),
    ),
    SettingsTable("topics", "operations.md", "TOPICS_", _topic_settings),
    SettingsTable("kafka", "operations.md", "KAFKA__", lambda: KafkaConnection),
)


@dataclass(frozen=True)
class Row:
    variable: str
    default: str
    meaning: str
    described: bool


def rows(model: type[BaseModel], prefix: str) -> list[Row]:
    """One row per variable; the nested Kafka connection is one row pointing at its own table."""
    out: list[Row] = []
    for name, field in model.model_fields.items():
        variable = f"{prefix}{name.upper()}"
        nested = _nested_model(field)
        if nested is not None and not issubclass(nested, KafkaConnection):
            out.extend(rows(nested, f"{variable}__"))
            continue
        if nested is not None:
            names = ", ".join(f"`__{sub.upper()}`" for sub in nested.model_fields)
            meaning = (
                f"Kafka connection, nested with `__` ({names}): see [Kafka settings]({KAFKA_LINK})."
            )
            out.append(Row(f"{variable}__*", "—", meaning, True))
            continue
        description = (field.description or "").strip()
        out.append(
            Row(variable, _default_text(field), _meaning(field, description), bool(description))
        )
    return out


def _nested_model(field: FieldInfo) -> type[BaseModel] | None:
    annotation = field.annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _annotation_args(annotation: object) -> list[object]:
    """The annotation and, for unions and Literals, everything inside it."""
    found: list[object] = [annotation]
    for arg in typing.get_args(annotation):
        found.extend(_annotation_args(arg))
    return found


def _meaning(field: FieldInfo, description: str) -> str:
    parts = [description] if description else []
    choices = [
        choice
        for arg in _annotation_args(field.annotation)
        if typing.get_origin(arg) is typing.Literal
        for choice in typing.get_args(arg)
    ]
    if choices:
        parts.append("One of " + ", ".join(f"`{choice}`" for choice in choices) + ".")
    bounds = _bounds(field)
    if bounds:
        parts.append(f"Range: {bounds}.")
    if any(arg is SecretStr for arg in _annotation_args(field.annotation)):
        parts.append("Secret: never logged.")
    return " ".join(parts)


_BOUNDS = (("ge", "≥"), ("gt", ">"), ("le", "≤"), ("lt", "<"))


def _bounds(field: FieldInfo) -> str:
    """The numeric limits the model enforces, e.g. `≥ 1024, ≤ 1000000`."""
    found = []
    for constraint in field.metadata:
        for attribute, sign in _BOUNDS:
            value = getattr(constraint, attribute, None)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                found.append(f"{sign} {_value_text(value).strip('`')}")
    return ", ".join(found)


def _default_text(field: FieldInfo) -> str:
    if field.default_factory is not None:
        try:
            value = field.default_factory()  # type: ignore[call-arg]
        except TypeError:
            return "computed"
        # Only plain containers are shown: a computed path or host name differs per machine.
        if isinstance(value, (list, dict, tuple)):
            return f"`{json.dumps(value)}`"
        return "computed"
    if field.default is PydanticUndefined:
        return "required"
    return _value_text(field.default)


def _value_text(value: object) -> str:
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float) and value.is_integer():
        return f"`{int(value)}`"
    if isinstance(value, str) and value == "":
        return "empty"
    if isinstance(value, Path):
        return f"`{value.as_posix()}`"
    return f"`{value}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_table(table: SettingsTable) -> str:
    """The Markdown table for one model."""
    header = "| Variable | Default | Meaning |\n|---|---|---|\n"
    body = "".join(
        f"| `{row.variable}` | {_cell(row.default)} | {_cell(row.meaning)} |\n"
        for row in rows(table.load(), table.prefix)
    )
    return header + body


def start_marker(name: str) -> str:
    return f"<!-- settings-table: {name} -->"


def end_marker(name: str) -> str:
    return f"<!-- /settings-table: {name} -->"


def replace_table(text: str, name: str, table: str) -> str:
    """text with the part between the markers of `name` replaced by table."""
    start, end = start_marker(name), end_marker(name)
    if text.count(start) != 1 or text.count(end) != 1:
        raise ValueError(f"expected one {start!r} and one {end!r}")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{table}{end}{tail}"


def rendered_pages(docs_dir: Path = DOCS_DIR) -> dict[Path, tuple[str, str]]:
    """Per page: (text on disk, text with every table regenerated)."""
    pages: dict[Path, tuple[str, str]] = {}
    for table in TABLES:
        path = docs_dir / table.page
        current, updated = pages.get(path) or (path.read_text(encoding="utf-8"),) * 2
        pages[path] = (current, replace_table(updated, table.name, render_table(table)))
    return pages


def undescribed_settings() -> list[str]:
    """Variables whose model field has no description."""
    return [
        row.variable
        for table in TABLES
        for row in rows(table.load(), table.prefix)
        if not row.described
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m services.common.settings_docs",
        description="Write the settings tables in docs/ from the settings models.",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if a table is stale")
    args = parser.parse_args(argv)
    stale = []
    for path, (current, updated) in rendered_pages().items():
        if current == updated:
            continue
        stale.append(path.relative_to(REPO_ROOT).as_posix())
        if not args.check:
            path.write_text(updated, encoding="utf-8")
    if args.check and stale:
        print(
            f"stale settings tables in {', '.join(stale)}; run python -m services.common.settings_docs"
        )
        return 1
    for name in stale:
        print(f"updated {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
