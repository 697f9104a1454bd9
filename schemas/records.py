"""Input records: customs shipments and news articles, one JSON object per Kafka message."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    model_validator,
)

from schemas.countries import normalize_country
from schemas.hs import normalize_hs_code

RECORD_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/\-]{0,127}$"
MAX_NAME_CHARS = 500
MAX_DESCRIPTION_CHARS = 4_000
MAX_BODY_CHARS = 200_000

RecordId = Annotated[str, StringConstraints(pattern=RECORD_ID_PATTERN)]
CountryCode = Annotated[str, AfterValidator(normalize_country)]
HsCode = Annotated[str, AfterValidator(normalize_hs_code)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
IdentifierScheme = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,31}$")]
_IMO = re.compile(r"^(?:IMO\s*)?(\d{7})$", re.IGNORECASE)


def _check_imo(value: str) -> str:
    """IMO ship numbers: 7 digits whose last is a weighted check digit."""
    match = _IMO.match(value.strip())
    if match is None:
        raise ValueError(f"{value!r} is not an IMO number (7 digits)")
    digits = match.group(1)
    check = sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True)) % 10
    if check != int(digits[6]):
        raise ValueError(f"IMO number {digits} fails its check digit")
    return digits


ImoNumber = Annotated[str, AfterValidator(_check_imo)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Party(_Frozen):
    """A trading party as declared: name, country, address and registry identifiers."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME_CHARS)]
    country: CountryCode | None = None
    address: Annotated[str, StringConstraints(max_length=1_000)] | None = None
    identifiers: dict[
        IdentifierScheme, Annotated[str, StringConstraints(min_length=1, max_length=64)]
    ] = Field(
        default_factory=dict,
        description="Registry ids by scheme: inn, ogrn, kpp, uscc, tax_id, vat, eori, lei, registration_number.",
        max_length=20,
    )


class Transport(_Frozen):
    """How the goods moved."""

    mode: Literal["sea", "air", "road", "rail", "post", "multimodal", "other"] | None = None
    vessel_name: ShortText | None = None
    imo: ImoNumber | None = None


class ShipmentRecord(_Frozen):
    """One customs declaration line: who shipped what, from where, to whom."""

    record_type: Literal["shipment"] = "shipment"
    record_id: RecordId = Field(
        description="Stable id; also the Kafka key, so re-publishing is idempotent."
    )
    source: ShortText = Field(
        description="Where the record came from (customs source, importer, feed)."
    )
    declaration_date: date
    exporter: Party | None = None
    importer: Party | None = None
    notify_party: Party | None = None
    consignee: Party | None = None
    hs_code: HsCode = Field(
        description="6 to 10 digits after removing dots and spaces (HS-6, CN-8, HTS-10)."
    )
    goods_description: Annotated[str, StringConstraints(max_length=MAX_DESCRIPTION_CHARS)] = ""
    quantity: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    quantity_unit: ShortText | None = None
    value: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    origin_country: CountryCode | None = None
    departure_country: CountryCode | None = None
    departure_port: ShortText | None = None
    destination_country: CountryCode | None = None
    destination_port: ShortText | None = None
    transport: Transport | None = None
    ingested_at: datetime | None = Field(
        default=None, description="Set by ingest; used for end-to-end age."
    )

    def parties(self) -> list[tuple[str, Party]]:
        """(role, party) for every party present."""
        roles = ("exporter", "importer", "notify_party", "consignee")
        return [(role, p) for role in roles if (p := getattr(self, role)) is not None]

    @model_validator(mode="after")
    def _needs_a_party(self) -> ShipmentRecord:
        if not self.parties():
            raise ValueError(
                "a shipment needs at least one party (exporter, importer, notify_party or consignee)"
            )
        return self


class NewsRecord(_Frozen):
    """One news article, reduced to text."""

    record_type: Literal["news"] = "news"
    record_id: RecordId
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2_000)]
    title: Annotated[str, StringConstraints(min_length=1, max_length=1_000)]
    body: Annotated[str, StringConstraints(max_length=MAX_BODY_CHARS)] = ""
    published_at: datetime
    source: ShortText
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")] | None = None
    ingested_at: datetime | None = None


Record = Annotated[ShipmentRecord | NewsRecord, Field(discriminator="record_type")]
_RECORD_ADAPTER: TypeAdapter[ShipmentRecord | NewsRecord] = TypeAdapter(Record)


def parse_record(raw: bytes | str) -> ShipmentRecord | NewsRecord:
    """Parse one wire message of either record type; raises pydantic.ValidationError."""
    return _RECORD_ADAPTER.validate_json(raw)
