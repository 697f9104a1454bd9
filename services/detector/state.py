"""The detector's own records: re-export legs, entity sightings and the table values built from them.

Internal to the detector, not part of the wire contract in schemas/. Legs and sightings travel on
the detector's internal topics (keyed by party key / entity id; a batch's values of one key in one
message, a JSON array: encode_states / decode_states) and the table values sit in the tables'
changelogs (agents/changelog.py), so each is serialised with its model and carries
`schema_version`. A leg, sighting or their table value written before versioning (the unversioned
JSON dict format) is converted on read; any other value is refused with StateFormatError, never
misread.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping, Sequence
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any, Final, Generic, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
)

STATE_VERSION: Final = 1
Direction = Literal["in", "out"]
SightingType = Literal["news", "shipment"]


class StateFormatError(ValueError):
    """A leg, sighting or table value in a format this detector does not read."""


class _State(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[1] = STATE_VERSION


class _Upgradable(_State):
    """A model that had an unversioned format before STATE_VERSION 1 (legs, sightings and their
    tables): such a value is converted on read. The party-memory models were versioned from
    the start and skip this step (it runs for every value read or built)."""

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        if "schema_version" not in data:
            return cls._from_unversioned(data)
        version = data["schema_version"]
        if version != STATE_VERSION:
            raise ValueError(
                f"{cls.__name__} has schema_version {version!r}; this detector reads "
                f"version {STATE_VERSION} and the unversioned format before it"
            )
        return data

    @classmethod
    def _from_unversioned(cls, data: dict[str, object]) -> dict[str, object]:
        """The previous (unversioned dict) format, renamed to this model's fields."""
        return data


def _renamed(data: dict[str, object], names: dict[str, str]) -> dict[str, object]:
    """Keys renamed by `names`; other keys are kept, so the model refuses unknown ones."""
    if not any(old in data for old in names):  # already this format's names (a constructor call)
        return data
    return {names.get(key, key): value for key, value in data.items()}


def _day(value: object) -> object:
    """An ISO date, or the date of an ISO datetime (old sightings carried either)."""
    if isinstance(value, str) and "T" in value:
        try:
            return datetime.fromisoformat(value).date()
        except ValueError:
            return value  # left for the model to refuse
    return value


class Leg(_Upgradable):
    """One side of a possible re-export: listed goods into (`in`) or onwards from (`out`) a party."""

    record_id: str
    direction: Direction
    declared_on: date
    hs_code: str
    hs4: str
    grade: str
    list_name: str
    subscore: float
    origin: str
    destination: str
    party: str
    role: str
    hub_alerted: bool = False

    @classmethod
    def _from_unversioned(cls, data: dict[str, object]) -> dict[str, object]:
        return _renamed(
            data,
            {
                "id": "record_id",
                "dir": "direction",
                "date": "declared_on",
                "hs": "hs_code",
                "list": "list_name",
                "from": "origin",
                "to": "destination",
            },
        )


class Sighting(_Upgradable):
    """A listed entity involved in one news article or shipment, on the record's own date."""

    record_id: str
    record_type: SightingType
    seen_on: date
    summary: str = ""

    @classmethod
    def _from_unversioned(cls, data: dict[str, object]) -> dict[str, object]:
        renamed = _renamed(data, {"date": "seen_on"})
        if "seen_on" in renamed:
            renamed["seen_on"] = _day(renamed["seen_on"])
        return renamed


class PartyLegs(_Upgradable):
    """Pattern table value for one party key: its recent inbound and outbound legs."""

    inbound: tuple[Leg, ...] = ()
    outbound: tuple[Leg, ...] = ()

    @classmethod
    def _from_unversioned(cls, data: dict[str, object]) -> dict[str, object]:
        return _renamed(data, {"in": "inbound", "out": "outbound"})


class EntityLinks(_Upgradable):
    """Link table value for one listed entity: recent sightings and the pairs already alerted."""

    sightings: tuple[Sighting, ...] = ()
    linked: tuple[str, ...] = ()


State = TypeVar("State", bound=_State)


def encode_state(value: _State) -> bytes:
    """The value as it goes on an internal topic or into a table."""
    return value.model_dump_json().encode("utf-8")


def decode_state(model: type[State], raw: bytes | str) -> State:
    """Read a value written by this or the previous format; StateFormatError for anything else."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        raise StateFormatError(f"not a readable {model.__name__} value: {_problems(exc)}") from exc


def encode_states(encoded: Sequence[bytes]) -> bytes:
    """One message for several encoded values of one key (a batch's legs or sightings of one
    key; party sightings go as PartySightings runs): a JSON array of them, or the value itself
    when there is one."""
    return encoded[0] if len(encoded) == 1 else b"[" + b",".join(encoded) + b"]"


def decode_states(model: type[State], raw: bytes | str) -> list[State]:
    """An internal message's values in order: one value, or a JSON array of them (encode_states)."""
    head = raw.lstrip()[:1]
    if head not in (b"[", "["):
        return [decode_state(model, raw)]
    try:
        return _list_adapter(model).validate_json(raw)
    except ValidationError as exc:
        raise StateFormatError(
            f"not a readable list of {model.__name__}: {_problems(exc)}"
        ) from exc


@cache
def _list_adapter(model: type[State]) -> TypeAdapter[list[State]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _problems(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in error['loc']) or '(value)'}: {error['msg']}"
        for error in exc.errors(include_url=False, include_input=False)[:5]
    )


class ModelStore(MutableMapping[str, State], Generic[State]):
    """A typed view of a bytes-valued mapping (a table partition's stored values)."""

    def __init__(self, raw: MutableMapping[str, bytes], model: type[State]) -> None:
        self._raw = raw
        self._model = model

    def __getitem__(self, key: str) -> State:
        return decode_state(self._model, self._raw[key])

    def __setitem__(self, key: str, value: State) -> None:
        self._raw[key] = encode_state(value)

    def __delitem__(self, key: str) -> None:
        del self._raw[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


class PastRecord(BaseModel):
    """One record a remembered party appeared in (inside PartySighting / PartyMemory, which carry
    the version): what a retro alert lists. Short on purpose: a party keeps up to
    `party_memory_max_records` of these."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    record_id: str
    on: date
    hs_code: str
    origin: str = ""
    destination: str = ""
    role: str


class PartySighting(_State):
    """A party in one shipment, on the party-memory topic keyed by its name key."""

    name: str
    country: str | None = None
    identifiers: tuple[str, ...] = ()  # "scheme:VALUE", as party_keys spells them
    record: PastRecord

    @property
    def records(self) -> tuple[PastRecord, ...]:
        return (self.record,)


class PartySightings(_State):
    """Several sightings of one party key in one batch, in record order, that share a name,
    country and identifiers: what that run of PartySighting says, written once (the scoring
    loop sends these; a single PartySighting is still read)."""

    name: str
    country: str | None = None
    identifiers: tuple[str, ...] = ()
    records: tuple[PastRecord, ...]


def party_sighting_runs(
    sightings: Sequence[PartySighting], max_records: int
) -> list[PartySightings]:
    """A key's sightings of one batch as runs of the same name, country and identifiers, each of
    at most `max_records` records (one message each)."""
    runs: list[PartySightings] = []
    records: list[PastRecord] = []
    for index, sighting in enumerate(sightings):
        records.append(sighting.record)
        following = sightings[index + 1] if index + 1 < len(sightings) else None
        if (
            following is None
            or len(records) >= max_records
            or (following.name, following.country, following.identifiers)
            != (sighting.name, sighting.country, sighting.identifiers)
        ):
            runs.append(
                PartySightings(
                    name=sighting.name,
                    country=sighting.country,
                    identifiers=sighting.identifiers,
                    records=tuple(records),
                )
            )
            records = []
    return runs


_PARTY_SIGHTINGS: TypeAdapter[PartySightings | PartySighting] = TypeAdapter(
    Annotated[PartySightings | PartySighting, Field(union_mode="left_to_right")]
)


def decode_party_sightings(raw: bytes | str) -> PartySightings | PartySighting:
    """A party-memory message: a run of sightings, or one sighting as written before runs."""
    try:
        return _PARTY_SIGHTINGS.validate_json(raw)
    except ValidationError as exc:
        raise StateFormatError(f"not a readable party sighting: {_problems(exc)}") from exc


class PartyMemory(_State):
    """Party-memory table value: a party the detector has seen and its recent records.

    `last_seen` comes first so a scan can read it from the raw JSON without decoding the rest.
    """

    last_seen: date
    name: str
    country: str | None = None
    identifiers: tuple[str, ...] = ()
    records: tuple[PastRecord, ...] = ()  # oldest first, at most the configured number


class RescreenRequest(_State):
    """Screen one partition's remembered parties against a list change (one message per partition)."""

    watchlist: str
    version: str


class RescreenMark(_State):
    """Rescreen table value, key '<watchlist>#<partition>': the newest version screened there."""

    version: str
