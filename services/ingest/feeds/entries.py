"""A parsed feed entry → a NewsRecord (or the reason it cannot be one)."""

from __future__ import annotations

import calendar
import hashlib
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from schemas import NewsRecord
from services.ingest.feeds.text import clip, guess_language, html_to_text, language_code


class EntryRejected(ValueError):
    """An entry has no usable link/guid or fails NewsRecord validation."""


def news_record_id(guid_or_url: str) -> str:
    """Stable id: the same guid (or URL) always gives the same record id and Kafka key."""
    return "news:" + hashlib.sha256(guid_or_url.strip().encode("utf-8")).hexdigest()[:32]


def entry_identity(entry: Any) -> str | None:
    """The entry's guid, else its link."""
    return (entry.get("id") or entry.get("guid") or entry.get("link") or "").strip() or None


def _published(entry: Any, fallback: datetime) -> datetime:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    return fallback


def _body_html(entry: Any) -> tuple[str, str | None]:
    """The richest body the entry has, with its declared language if any."""
    for content in entry.get("content") or []:
        if content.get("value"):
            return str(content["value"]), content.get("language")
    detail = entry.get("summary_detail") or {}
    return str(entry.get("summary") or ""), detail.get("language")


def build_news_record(
    entry: Any,
    *,
    source: str,
    feed_language: str | None,
    hint_language: str | None,
    now: datetime,
    max_body_chars: int,
) -> NewsRecord:
    """Reduce one entry to a NewsRecord; raises EntryRejected with the reason."""
    identity = entry_identity(entry)
    link = (entry.get("link") or "").strip()
    if not link.startswith(("http://", "https://")):
        link = identity if identity and identity.startswith(("http://", "https://")) else ""
    if not identity or not link:
        raise EntryRejected(f"entry has no http(s) link or guid (guid={identity!r})")
    body_html, body_language = _body_html(entry)
    body = clip(html_to_text(body_html), max_body_chars)
    title = (
        clip(html_to_text(str(entry.get("title") or "")), 1_000) or clip(body, 200) or link[:1_000]
    )
    title_detail = entry.get("title_detail") or {}
    language = (
        language_code(body_language)
        or language_code(title_detail.get("language"))
        or language_code(feed_language)
        or hint_language
        or guess_language(f"{title}\n{body}")
    )
    try:
        return NewsRecord(
            record_id=news_record_id(identity),
            url=link,
            title=title,
            body=body,
            published_at=_published(entry, now),
            source=source,
            language=language,
            ingested_at=now,
        )
    except ValidationError as exc:
        raise EntryRejected(f"entry {identity!r} is not a valid NewsRecord: {exc}") from exc
