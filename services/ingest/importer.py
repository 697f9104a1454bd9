"""`chokepoint-ingest import FILE`: validate every record, publish the good, dead-letter the bad."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

import structlog
from tqdm import tqdm

from schemas import Topics
from services.ingest.dead_letters import dead_letter_message, record_topic
from services.ingest.errors import ImportFileError, PublishError
from services.ingest.file_readers import RawItem, read_csv, read_ndjson
from services.ingest.parsing import AcceptedRecord, RecordError, RecordType, RecordValidator
from services.ingest.publisher import MessageSink, OutgoingMessage

log = structlog.get_logger(__name__)
FileFormat = Literal["csv", "ndjson"]
MAX_LISTED_ERRORS = 20


@dataclass
class ImportSummary:
    """What an import did: acknowledged records, rejections by reason, the first errors."""

    path: str
    accepted: int = 0
    rejected: int = 0
    dead_lettered: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    errors: list[RecordError] = field(default_factory=list)
    failure: str | None = None
    dry_run: bool = False

    def reject(self, error: RecordError) -> None:
        self.rejected += 1
        self.reasons[error.reason] += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(error)

    def render(self) -> str:
        """The human summary printed at the end."""
        verb = "valid (dry run, nothing published)" if self.dry_run else "accepted"
        lines = [f"{self.path}: {self.accepted} {verb}, {self.rejected} rejected"]
        if self.reasons:
            by_reason = ", ".join(f"{r}={n}" for r, n in sorted(self.reasons.items()))
            lines.append(f"  rejected by reason: {by_reason}")
            if not self.dry_run:
                lines.append(f"  dead-lettered: {self.dead_lettered}")
        for error in self.errors:
            where = f"line {error.line}" + (f" {error.path}" if error.path else "")
            lines.append(f"  {where}: {error.message} ({error.reason})")
        if self.rejected > len(self.errors):
            lines.append(f"  … and {self.rejected - len(self.errors)} more")
        if self.failure:
            lines.append(f"  STOPPED: {self.failure}")
        return "\n".join(lines)


def guess_format(path: Path) -> FileFormat:
    """csv for `.csv`, ndjson for `.ndjson`, `.jsonl` and `.json`."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".ndjson", ".jsonl", ".json"):
        return "ndjson"
    raise ImportFileError(f"cannot tell the format of {path.name}; pass --format", path=str(path))


class FileImporter:
    """Validates a file's records, publishes them in acknowledged batches (no sink: dry run)."""

    def __init__(
        self,
        validator: RecordValidator,
        sink: MessageSink | None,
        topics: Topics,
        *,
        batch_size: int = 500,
    ) -> None:
        self.validator = validator
        self.sink = sink
        self.topics = topics
        self.batch_size = batch_size

    def run(
        self, path: Path, fmt: FileFormat, record_type: RecordType | None, *, progress: bool = True
    ) -> ImportSummary:
        """Import one file; stops early (summary.failure) only if Kafka stops acknowledging."""
        summary = ImportSummary(path=path.name, dry_run=self.sink is None)
        if fmt == "csv" and record_type is None:
            record_type = "shipment"
        try:
            stream = path.open("rb")
        except OSError as exc:
            raise ImportFileError(f"cannot open {path}: {exc}", path=str(path)) from exc
        size = path.stat().st_size
        with (
            stream,
            tqdm(
                total=size, unit="B", unit_scale=True, desc=path.name, disable=not progress or None
            ) as bar,
        ):
            items = self._items(stream, fmt, record_type, path)
            pending: list[tuple[OutgoingMessage, AcceptedRecord | RecordError]] = []
            for item in items:
                bar.update(item.consumed)
                outcome = self._validate(item, record_type)
                if isinstance(outcome, RecordError):
                    summary.reject(outcome)
                    message = dead_letter_message(
                        outcome, self.topics, record_type, origin=path.name
                    )
                else:
                    message = OutgoingMessage(
                        record_topic(self.topics, outcome.record_type), outcome.key, outcome.value
                    )
                pending.append((message, outcome))
                if len(pending) >= self.batch_size and not self._flush(pending, summary):
                    return summary
            self._flush(pending, summary)
        return summary

    def _items(
        self, stream: BinaryIO, fmt: FileFormat, record_type: RecordType | None, path: Path
    ) -> Iterator[RawItem]:
        limit = self.validator.max_record_bytes
        if fmt == "csv":
            assert record_type is not None
            return read_csv(stream, record_type, f"import:{path.name}", limit)
        return read_ndjson(stream, limit)

    def _validate(
        self, item: RawItem, record_type: RecordType | None
    ) -> AcceptedRecord | RecordError:
        if item.problem is not None:
            return RecordError(item.problem_reason, item.problem, "csv_row", item.raw, item.line)
        if item.mapped is not None:
            return self.validator.validate_object(
                item.mapped, item.raw, record_type, line=item.line
            )
        return self.validator.validate_bytes(item.raw, record_type, line=item.line)

    def _flush(
        self,
        pending: list[tuple[OutgoingMessage, AcceptedRecord | RecordError]],
        summary: ImportSummary,
    ) -> bool:
        """Publish and count the batch; False (and summary.failure) if Kafka did not acknowledge."""
        accepted = sum(1 for _, outcome in pending if isinstance(outcome, AcceptedRecord))
        if self.sink is not None and pending:
            try:
                self.sink.publish([message for message, _ in pending])
            except PublishError as exc:
                first = pending[0][1].line
                summary.failure = f"Kafka did not acknowledge the batch from line {first}: {exc}"
                log.error("import.publish_failed", path=summary.path, line=first, error=str(exc))
                pending.clear()
                return False
            summary.dead_lettered += len(pending) - accepted
        summary.accepted += accepted
        pending.clear()
        return True
