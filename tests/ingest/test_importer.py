"""File import: CSV and NDJSON readers, batches, summary (fake sink, no broker)."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas import Topics
from services.ingest.errors import ImportFileError
from services.ingest.importer import FileImporter, guess_format
from services.ingest.parsing import RecordValidator
from tests.support.factories import json_bytes, ndjson_bytes, news_dict, shipment_dict
from tests.support.ingest_api import FakeSink

T = Topics("imp")
CSV = (
    "record_id,declaration_date,exporter_name,exporter_country,importer_name,importer_country,"
    "importer_inn,hs_code,goods_description\n"
    "c-1,2024-01-10,SZ Drone Co,cn,OOO Vostok,ru,7701234567,8806.21,quadcopters\n"
    'c-2,2024-01-11,"Dubai Parts, FZE",ae,OOO Vostok,ru,,8542.31,"chips\nsecond line"\n'
    "c-3,2024-01-12,Acme,xx,OOO Vostok,ru,,8542.31,bad country\n"
    "c-4,2024-01-12,Acme,cn,OOO Vostok,ru,,0101.99,no such subheading\n"
    "\n"
    "c-5,2024-01-12,Acme,cn\n"
)


def importer(sink: FakeSink | None, **kwargs: int) -> FileImporter:
    validator = RecordValidator(known_hs6=frozenset({"880621", "854231"}))
    return FileImporter(validator, sink, T, **kwargs)


def test_csv_import_publishes_valid_rows_and_dead_letters_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "shipments.csv"
    path.write_bytes(CSV.encode())
    sink = FakeSink()
    summary = importer(sink, batch_size=2).run(path, "csv", None, progress=False)
    assert (summary.accepted, summary.rejected, summary.dead_lettered) == (2, 3, 3)
    records = sink.records(T.shipments)
    assert [r["record_id"] for r in records] == ["c-1", "c-2"]
    assert records[0]["importer"]["identifiers"] == {"inn": "7701234567"}
    assert records[1]["goods_description"] == "chips\nsecond line"
    letters = sink.dead_letters(T.shipments_dlq)
    assert [(d.reason, d.field_path) for d in letters] == [
        ("validation_error", "exporter.country"),
        ("unknown_hs_code", "hs_code"),
        ("validation_error", None),
    ]
    assert letters[0].original.startswith("c-3,2024-01-12,Acme,xx")  # the row as it was in the file
    assert [e.line for e in summary.errors] == [5, 6, 8]  # physical lines; row c-2 spans two
    text = summary.render()
    assert "2 accepted, 3 rejected" in text and "line 5 exporter.country" in text


def test_ndjson_import_with_poison_lines(tmp_path: Path) -> None:
    path = tmp_path / "mixed.ndjson"
    body = ndjson_bytes([shipment_dict(record_id="n-1"), news_dict(record_id="n-2")])
    body += b"\xff\xfe garbage\n" + b"x" * 5_000 + b"\n" + json_bytes({"record_type": "invoice"})
    path.write_bytes(body)
    sink = FakeSink()
    validator = RecordValidator(max_record_bytes=2_000)
    summary = FileImporter(validator, sink, T).run(path, "ndjson", None, progress=False)
    assert summary.accepted == 2 and sink.on(T.news)[0].key == "n-2"
    assert dict(summary.reasons) == {
        "invalid_encoding": 1,
        "too_large": 1,
        "unknown_record_type": 1,
    }


def test_dry_run_publishes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(CSV.encode())
    summary = importer(None).run(path, "csv", "shipment", progress=False)
    assert (summary.accepted, summary.rejected) == (2, 3)
    assert "dry run" in summary.render()


def test_kafka_failure_stops_the_import(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(CSV.encode())
    summary = importer(FakeSink(down=True)).run(path, "csv", None, progress=False)
    assert summary.failure and summary.accepted == 0


def test_unknown_csv_columns_refuse_the_file(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("record_id,importer_nmae\n1,x\n")
    with pytest.raises(ImportFileError, match="importer_nmae"):
        importer(None).run(path, "csv", None, progress=False)


def test_format_is_guessed_from_the_suffix() -> None:
    assert guess_format(Path("a.CSV")) == "csv"
    assert guess_format(Path("a.jsonl")) == "ndjson"
    with pytest.raises(ImportFileError):
        guess_format(Path("a.xlsx"))
