"""The `/chokepoint` slash command: parse its text, ask the screening service or the notifier's own
state, answer with an ephemeral Block Kit message.

`screen` and `hs` go to the screening service over HTTP (the notifier holds no lists); `silences`,
`silence` and `status` are answered from the notifier's own state. Every answer is built from
cleaned (text_hygiene) and Slack-escaped text, and fits Slack's 3-second window: callers bound
each outbound call by a timeout and the whole command by a deadline.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import aiohttp

from schemas.control import SilenceMatcher
from services.notifier.blocks import MAX_TEXT, escape, truncate
from services.notifier.kafka_io import Publish
from services.notifier.silences import SilenceBook, new_silence, parse_duration
from services.notifier.text_hygiene import clean_blocks, clean_text

TOP_MATCHES = 5
MAX_ANSWER_BLOCKS = 20
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")

USAGE = "\n".join(
    [
        "*Usage:* `/chokepoint <subcommand>`",
        "• `screen <name> [country] [birth date]`: top list matches (quote a name that ends with"
        ' a two-letter word: `screen "Kim Jong Un" kp 1984`)',
        "• `hs <code>`: an HS code's CHPL tier, description and flagging phrases",
        "• `silences`: silences in force",
        "• `silence <entity-id> <duration> [comment]`: silence a list entry (`7d`, `12h`, `30m`)",
        "• `status`: alerts consumed and posted today (UTC), lag, Slack and the lists",
        "• `help`: this text",
    ]
)


class CommandError(ValueError):
    """Text the user should read: a malformed command or an unavailable dependency (plain text:
    the caller escapes it)."""


@dataclass(frozen=True)
class ScreenQuery:
    name: str
    country: str | None = None
    birth_date: str | None = None

    def ftm(self) -> dict[str, Any]:
        """One FollowTheMoney query entity for `POST /match/default`."""
        properties: dict[str, list[str]] = {"name": [self.name]}
        if self.country:
            properties["country"] = [self.country]
        if self.birth_date:
            properties["birthDate"] = [self.birth_date]
        schema = "Person" if self.birth_date else "LegalEntity"
        return {"schema": schema, "properties": properties}


@dataclass(frozen=True)
class Command:
    name: str  # screen, hs, silences, silence, status, help
    args: tuple[str, ...] = ()
    screen: ScreenQuery | None = None
    problem: str | None = None  # set for help when the text was not understood


def _words(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:  # an unbalanced quote: read it as plain words
        return text.split()


def parse_screen(words: list[str], quoted_name: bool) -> ScreenQuery:
    """`<name> [country] [birth date]`: trailing date and two-letter code peeled off the end."""
    if not words:
        raise CommandError("`screen` needs a name: `/chokepoint screen <name> [country] [date]`")
    if quoted_name:
        name, rest = words[0], words[1:]
        country = next((w for w in rest if _COUNTRY.match(w)), None)
        birth = next((w for w in rest if _DATE.match(w)), None)
        if len(rest) > int(country is not None) + int(birth is not None):
            raise CommandError(
                "after a quoted name only a country code and a birth date may follow"
            )
    else:
        rest = list(words)
        birth = rest.pop() if len(rest) > 1 and _DATE.match(rest[-1]) else None
        country = rest.pop() if len(rest) > 1 and _COUNTRY.match(rest[-1]) else None
        name = " ".join(rest)
    name = clean_text(name).strip()
    if not name:
        raise CommandError("`screen` needs a name")
    return ScreenQuery(name=name, country=country.lower() if country else None, birth_date=birth)


def parse_command(text: str) -> Command:
    """The slash command's `text` → a Command; anything not understood → help with the reason."""
    text = clean_text(text or "").strip()
    head, _, tail = text.partition(" ")
    verb = head.lower()
    tail = tail.strip()
    words = _words(tail)
    try:
        if verb == "screen":
            return Command("screen", screen=parse_screen(words, tail.startswith(('"', "'"))))
        if verb == "hs":
            if len(words) != 1:
                raise CommandError("`hs` needs one code: `/chokepoint hs 8542.31`")
            return Command("hs", (words[0],))
        if verb == "silence":
            if len(words) < 2:
                raise CommandError("`silence` needs an entity id and a duration")
            return Command("silence", (words[0], words[1], " ".join(words[2:])))
        if verb in ("silences", "status"):
            return Command(verb)
        if verb in ("", "help"):
            return Command("help")
    except CommandError as exc:
        return Command("help", problem=str(exc))
    return Command("help", problem=f"unknown subcommand `{escape(verb[:40])}`")


# ---- answers --------------------------------------------------------------------------------


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, MAX_TEXT)}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(text, MAX_TEXT)}]}


def _safe(value: Any, limit: int = 300) -> str:
    """External text as it may appear in mrkdwn: cleaned, escaped, cut."""
    return escape(truncate(clean_text(str(value)), limit))


def ephemeral(text: str, blocks: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The response body Slack shows only to the user who ran the command."""
    blocks = blocks if blocks is not None else [_section(text)]
    return {
        "response_type": "ephemeral",
        "text": truncate(clean_text(text), MAX_TEXT),
        "blocks": clean_blocks(blocks[:MAX_ANSWER_BLOCKS]),
    }


def usage_answer(problem: str | None = None) -> dict[str, Any]:
    text = (f":warning: {problem}\n\n" if problem else "") + USAGE
    return ephemeral(text)


def screen_answer(query: ScreenQuery, answer: Mapping[str, Any]) -> dict[str, Any]:
    """The top matches of a /match answer with score, list, explanation and list version."""
    response = (answer.get("responses") or {}).get("q") or {}
    results = [r for r in response.get("results") or [] if isinstance(r, dict)][:TOP_MATCHES]
    asked = _safe(query.name)
    if query.country:
        asked += f" · {_safe(query.country, 8)}"
    if query.birth_date:
        asked += f" · born {_safe(query.birth_date, 12)}"
    if not results:
        return ephemeral(f":white_check_mark: No list matches for *{asked}*.")
    blocks = [_section(f":mag: Top {len(results)} matches for *{asked}*")]
    for result in results:
        datasets = [str(d) for d in result.get("datasets") or []]
        versions = result.get("dataset_versions") or {}
        lists = ", ".join(
            f"{_safe(d, 60)}" + (f" ({_safe(versions[d], 60)})" if d in versions else "")
            for d in datasets
        )
        score = result.get("score")
        score_text = f"{float(score):.2f}" if isinstance(score, int | float) else "?"
        flag = ":red_circle:" if result.get("match") else ":white_circle:"
        lines = [
            f"{flag} *{_safe(result.get('caption', '?'), 200)}* · score {score_text}",
            f"List: {lists or 'unknown'} · id `{_safe(result.get('id', '?'), 80)}`",
        ]
        if result.get("explanation"):
            lines.append(f"_{_safe(result['explanation'], 600)}_")
        blocks.append(_section("\n".join(lines)))
    return ephemeral(f"Top {len(results)} matches for {asked}", blocks)


def hs_answer(answer: Mapping[str, Any]) -> dict[str, Any]:
    """A `GET /hs/{code}` answer: tier, description, the lists naming it, flagging phrases."""
    code = _safe(answer.get("dotted") or answer.get("code") or "?", 20)
    tier = answer.get("chpl_tier")
    head = f":package: *HS {code}* · " + (
        f"CHPL tier {_safe(tier, 10)} ({_safe(answer.get('chpl_label') or '', 200)})"
        if tier is not None
        else "not on the CHPL"
    )
    lines = [head, _safe(answer.get("description") or "no description", 600)]
    listed = [e for e in answer.get("listed") or [] if isinstance(e, dict)]
    if listed:
        lines.append(
            "Listed: "
            + "; ".join(
                f"{_safe(e.get('list'), 60)} {_safe(e.get('prefix'), 20)}"
                f" ({_safe(e.get('severity') or e.get('label') or '', 80)})"
                for e in listed[:10]
            )
        )
    blocks = [_section("\n".join(lines))]
    for category in [c for c in answer.get("phrase_categories") or [] if isinstance(c, dict)][:5]:
        phrases = [
            p.get("phrase", "") for p in category.get("phrases") or [] if isinstance(p, dict)
        ]
        shown = ", ".join(_safe(p, 60) for p in phrases[:15])
        more = f" … (+{len(phrases) - 15})" if len(phrases) > 15 else ""
        blocks.append(
            _context(
                f"Flags as *{_safe(category.get('label') or category.get('category'), 80)}*: "
                f"{shown or 'no phrases'}{more}"
            )  # fmt: skip
        )
    versions = answer.get("versions") or {}
    if isinstance(versions, dict) and versions:
        blocks.append(
            _context(
                "Versions: "
                + ", ".join(f"{_safe(k, 40)} {_safe(v, 40)}" for k, v in sorted(versions.items()))
            )  # fmt: skip
        )
    return ephemeral(f"HS {code}", blocks)


def silences_answer(book: SilenceBook | None, now: datetime) -> dict[str, Any]:
    if book is None:
        return ephemeral("Silences are not known to this listener.")
    active = sorted(book.active(now), key=lambda s: s.ends_at)
    if not active:
        return ephemeral(":bell: No silences in force.")
    lines = [f":no_bell: *{len(active)} silences in force*"]
    for s in active[:30]:
        matcher = ", ".join(
            f"{k}={_safe(v, 80)}" for k, v in s.matcher.model_dump(exclude_none=True).items()
        )
        comment = f" — {_safe(s.comment, 120)}" if s.comment else ""
        lines.append(
            f"• `{_safe(s.silence_id, 40)}` {matcher} · until {s.ends_at:%Y-%m-%d %H:%M} UTC"
            f" · by {_safe(s.created_by, 60)}{comment}"
        )
    if len(active) > 30:
        lines.append(f"… and {len(active) - 30} more (`chokepoint silence list`)")
    return ephemeral("\n".join(lines))


@dataclass
class NotifierView:
    """What `status` says about the notifier itself: today's counts (UTC day) and its state."""

    alerts_consumed_today: int
    alerts_posted_today: int
    counted_since: datetime  # 00:00 UTC, or the process start if that was later today
    consumer_lag: float | None
    slack_ready: bool | None


def counted_since_text(since: datetime) -> str:
    """`today (UTC)`, or `today since HH:MM UTC` when the notifier started today (a restart
    starts the count again)."""
    since = since.astimezone(UTC)
    if since.time() == datetime.min.time():
        return "today (UTC)"
    return f"today since {since:%H:%M} UTC, when the notifier started (a restart resets it)"


def status_answer(
    view: NotifierView, catalog: Mapping[str, Any] | None, note: str
) -> dict[str, Any]:
    slack = {True: "authenticated", False: "not authenticated", None: "unknown"}[view.slack_ready]
    lag = "unknown" if view.consumer_lag is None else f"{view.consumer_lag:.0f} messages"
    lines = [
        f":bar_chart: *Notifier*, {counted_since_text(view.counted_since)}",
        f"• alerts consumed: {view.alerts_consumed_today} · alerts posted to Slack:"
        f" {view.alerts_posted_today}",
        f"• consumer lag: {lag} · Slack: {slack}",
    ]
    blocks = [_section("\n".join(lines))]
    if catalog is None:
        blocks.append(_section(f"*Lists*: {_safe(note, 300)}"))
    else:
        rows = []
        for dataset in catalog.get("datasets") or []:
            if not isinstance(dataset, dict) or dataset.get("name") == "default":
                continue
            loaded = dataset.get("loaded_at")
            when = (
                datetime.fromtimestamp(float(loaded), UTC).strftime("%Y-%m-%d %H:%M UTC")
                if isinstance(loaded, int | float)
                else "unknown"
            )
            rows.append(
                f"• {_safe(dataset.get('name'), 60)} · version {_safe(dataset.get('version'), 60)}"
                f" · {_safe(dataset.get('entity_count', '?'), 12)} entries · loaded {when}"
            )
        blocks.append(_section("*Lists* (screening service)\n" + ("\n".join(rows) or "none")))
    return ephemeral("Chokepoint status", blocks)


# ---- the screening service ------------------------------------------------------------------


@dataclass
class ScreeningClient:
    """`POST /match/default`, `GET /hs/{code}`, `GET /catalog` with a bearer token and a timeout."""

    base_url: str
    token: str | None
    timeout_seconds: float
    headers: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        self.headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}

    async def _call(self, method: str, path: str, body: Any = None) -> dict[str, Any]:
        timeout = aiohttp.ClientTimeout(total=self.timeout_seconds)
        try:
            async with aiohttp.request(
                method, self.base_url + path, json=body, headers=self.headers, timeout=timeout
            ) as response:
                try:
                    answer = await response.json(content_type=None)
                except ValueError:
                    answer = None
                if response.status == 200 and isinstance(answer, dict):
                    return answer
                reason = answer.get("message") if isinstance(answer, dict) else None
                if response.status in (400, 404) and reason:
                    raise CommandError(str(reason))
                raise CommandError(f"the screening service answered {response.status}")
        except TimeoutError:
            raise CommandError("the screening service did not answer in time") from None
        except aiohttp.ClientError:
            raise CommandError("the screening service cannot be reached") from None

    async def match(self, query: ScreenQuery, limit: int = TOP_MATCHES) -> dict[str, Any]:
        return await self._call(
            "POST", f"/match/default?limit={limit}", {"queries": {"q": query.ftm()}}
        )

    async def hs(self, code: str) -> dict[str, Any]:
        return await self._call("GET", "/hs/" + quote(code, safe=""))

    async def catalog(self) -> dict[str, Any]:
        return await self._call("GET", "/catalog")


NOT_CONFIGURED = "screening is not configured (NOTIFIER_SCREENING_URL is unset)"


async def silence_command(
    args: tuple[str, ...],
    *,
    user: str,
    publish: Publish,
    silences_topic: str,
    now: datetime,
) -> dict[str, Any]:
    """Publish a silence of one list entry, created by the Slack user, as the button flow does."""
    entity_id, duration_text, comment = args
    try:
        duration = parse_duration(duration_text)
    except ValueError:
        raise CommandError(
            f"`{truncate(duration_text, 20)}` is not a duration: use e.g. `90m`, `12h`, `7d`"
        ) from None
    silence = new_silence(
        SilenceMatcher(entity_id=clean_text(entity_id)),
        created_by=user,
        comment=clean_text(comment) or "silenced from Slack",
        duration_seconds=duration,
        now=now,
    )
    await publish(silences_topic, silence.silence_id, silence.model_dump_json().encode())
    return ephemeral(
        f":no_bell: Silenced `{_safe(entity_id, 80)}` until {silence.ends_at:%Y-%m-%d %H:%M} UTC"
        f" (id `{silence.silence_id}`, by {_safe(user, 60)})."
    )
