"""Write a realistic, deterministic sample set of shipments and the alerts each should produce.

    python -m bench.generate_samples [--out samples] [--seed 20240101]

Writes `shipments.ndjson` (one schemas.ShipmentRecord per line) and `shipments.expected.json`
(per record id: the case, and "none" or the expected record alert and re-export patterns).
Cases: clean trade, CHPL goods traded legitimately, CHPL goods straight into Russia, re-export
chains through hubs (onward leg sometimes listed before the inbound leg), misdeclared drones and
chips, complete drones, sanctioned parties and a sanctioned vessel, near-miss names, decoy words.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from services.detector.scoring import load_risk_config
from services.detector.scoring.party_keys import name_key

Party = dict[str, Any]


def party(name: str, country: str, **identifiers: str) -> Party:
    found: Party = {"name": name, "country": country}
    if identifiers:
        found["identifiers"] = identifiers
    return found


# Plausible, invented trading names; checked not to be on the shared lists.
CLEAN_EXPORTERS: list[Party] = [
    party("Ningbo Oceanic Furniture Co., Ltd.", "cn", uscc="91330200MA2CL4XK1P"),
    party("Guangzhou Brightstar Apparel Co., Ltd.", "cn"),
    party("Xiamen Jinlu Stone Co., Ltd.", "cn"),
    party("Dongguan Everbright Plastics Co., Ltd.", "cn"),
    party("Yiwu Sunrise Toys Co., Ltd.", "cn"),
    party("Qingdao Harborline Tyre Co., Ltd.", "cn"),
    party("Müller Feinmechanik GmbH", "de", vat="DE284913377"),
    party("Rheinland Feinkost GmbH", "de"),
    party("Cascade Timber Products Inc.", "us"),
    party("Saigon Garment Export JSC", "vn"),
    party("Anadolu Tekstil Sanayi A.S.", "tr"),
    party("Sundaram Brake Linings Pvt Ltd", "in"),
    party("Finca Las Nubes S.A.", "co"),
    party("Pampas Leather Works S.R.L.", "ar"),
    party("Bordeaux Grands Crus Export SAS", "fr"),
    party("Hokuriku Appliance Co., Ltd.", "jp"),
]
TOY_AND_HOBBY_SELLERS: list[Party] = [
    party("Shenzhen Feiyu Model Technology Co., Ltd.", "cn"),
    party("Shantou Happy Kids Toys Factory", "cn"),
    party("Hong Kong Gadget Wholesale Ltd", "hk"),
]
REFINERY = party("Konkan Coastal Refining Pvt Ltd", "in")

CLEAN_IMPORTERS: list[Party] = [
    party("Brightwell Home Furnishings Ltd", "gb"),
    party("Nordlicht Handelsgesellschaft mbH", "de"),
    party("Lakeside Retail Group Inc.", "us"),
    party("Maple Ridge Distributors Ltd.", "ca"),
    party("Casa Verde Importaciones S.A. de C.V.", "mx"),
    party("Al Wasl Home Appliances Trading LLC", "ae"),
    party("Bosphorus Gida Dagitim A.S.", "tr"),
    party("Almaty Fresh Produce LLP", "kz"),
    party("ООО Северный Берег Продукты", "ru", inn="7814612087"),
    party("OOO Volzhskiy Kofe Import", "ru", inn="6316243904"),
    party("Minsk Textile Trade OOO", "by"),
    party("Sydney Harbour Wholesale Pty Ltd", "au"),
    party("Rotterdam Fresh Logistics B.V.", "nl"),
    party("Seoul Living Mart Co., Ltd.", "kr"),
]

# Electronics buyers and sellers that trade CHPL goods legitimately and never ship onwards.
ELECTRONICS_SELLERS: list[Party] = [
    party("Shenzhen Huaxin Precision Electronics Co., Ltd.", "cn", uscc="91440300MA5FQ2LW7K"),
    party("Hsinchu Silicon Components Co., Ltd.", "tw"),
    party("Kowloon Bay Components Ltd", "hk"),
    party("Silicon Prairie Distribution Inc.", "us"),
    party("Dresden Halbleiter Vertrieb GmbH", "de"),
    party("Suzhou Mingda Connectors Co., Ltd.", "cn"),
]
ELECTRONICS_BUYERS: list[Party] = [
    party("Bavaria Automotive Electronics GmbH", "de"),
    party("Ostrava Control Systems s.r.o.", "cz"),
    party("Penang Board Assembly Sdn Bhd", "my"),
    party("Jebel Ali Smart Home Solutions FZE", "ae"),
    party("Istanbul Elektronik Montaj A.S.", "tr"),
    party("Monterrey Electronic Manufacturing S.A.", "mx"),
    party("Guadalajara Tech Assembly S.A.", "mx"),
]

# Intermediaries that receive CHPL goods in a hub and ship them onwards (the re-export chains).
INTERMEDIARIES: list[Party] = [
    party("Gulf Bridge General Trading L.L.C.", "ae", registration_number="DMCC-187734"),
    party("Caspian Components Trading LLP", "kz", registration_number="210940012345"),
    party("Ararat Electronics Supply LLC", "am", tax_id="02289114"),
    party("Tien Shan Trade House LLC", "kg"),
    party("Marmara Dis Ticaret Ltd. Sti.", "tr"),
    party("Victoria Harbour Sourcing Ltd", "hk"),
    party("Desert Falcon Electronics FZCO", "ae"),
    party("Tashkent Import Export Group LLC", "uz"),
]
# Intermediaries whose legs must not form a pattern (too far apart, other HS-4, wrong order).
NEAR_CHAIN_INTERMEDIARIES: list[Party] = [
    party("Silk Road Electronics FZE", "ae"),
    party("Yerevan Tech Trade LLC", "am"),
    party("Bishkek Components Trading LLC", "kg"),
]
DEMO_EXPORTER = party("Shenzhen Skyward Electronics Co., Ltd.", "cn", uscc="91440300MA5G8TQX3E")
DEMO_INTERMEDIARY = party(
    "Emirates Horizon General Trading LLC", "ae", registration_number="DED-1042217"
)

# Russian and Belarusian buyers of the onward legs (invented, not on the shared lists).
ONWARD_BUYERS: list[Party] = [
    party("OOO Tekhnosfera Komplekt", "ru", inn="7728491266"),
    party("ООО Радиодеталь Снаб", "ru", inn="5407281930"),
    party("OOO Elektronnye Resheniya", "ru", inn="7806372914"),
    party("ZAO Minsk Elektro Komplekt", "by"),
]

# Names close to listed ones that denote different, unlisted companies.
NEAR_MISSES: list[Party] = [
    party("Zala Metal Kft.", "hu"),
    party("Almaz Jewellery Trading LLC", "ae"),
    party("Special Tools Center Co., Ltd.", "th"),
    party("Sozvezdie Travel Agency LLC", "am"),
    party("Korea Mining Equipment Sales Co., Ltd.", "kr"),
    party("Transoceanic Shipping Pty Ltd", "au"),
    party("Kalashnikova Bakery", "lv"),
    party("Aeroscape Surveys Ltd", "gb"),
]

# Real listed parties (OFAC SDN 2021-07, OFAC extract 2025-05, UN, OpenSanctions ZALA cluster).
LISTED: list[tuple[Party, str]] = [
    (party("SPECIAL TECHNOLOGY CENTER", "ru", tax_id="7802170553"), "us_ofac_sdn 21332 CYBER2"),
    (party("JOINT-STOCK COMPANY CONCERN ALMAZ-ANTEY", "ru"), "us_ofac_sdn 16865"),
    (party("Joint Stock Company Concern Sozvezdie", "ru"), "us_ofac_sdn 16869"),
    (
        party("KONSTRUKTORSKOE BYURO PRIBOROSTROENIYA OTKRYTOE AKTSIONERNOE OBSHCHESTVO", "ru"),
        "us_ofac_sdn 16864",
    ),
    (party("ZALA AERO JSC", "ru", inn="9715478507"), "opensanctions NK-cPks3aTbes8k4aCerfBAzN"),
    (party("LLC CST", "ru", inn="1841015504"), "opensanctions NK-abdzbEBkqyT29GyREbiURZ"),
    (
        party("JSC Kalashnikov Concern", "ru", inn="1832090230"),
        "opensanctions NK-nR5AXM9AVPq4pQaSPSaVam",
    ),
    (party("KOREA MINING DEVELOPMENT TRADING CORPORATION", "kp"), "un_sc KOMID"),
    (party("IRAN AIRCRAFT MANUFACTURING INDUSTRIAL COMPANY", "ir"), "us_ofac_sdn 11195"),
]
LISTED_VESSEL = {"mode": "sea", "vessel_name": "NS LEADER", "imo": "9339301"}  # us_ofac_sdn 47371

# (hs_code as declared, description) for goods on no list.
CLEAN_GOODS: list[tuple[str, str]] = [
    ("9403.60.10", "Wooden dining tables, oak veneer"),
    ("6109.10.00", "Men's cotton T-shirts, knitted"),
    ("0901.21.00", "Roasted coffee beans, arabica, 1 kg bags"),
    ("4011.10.00", "Passenger car tyres 205/55R16"),
    ("8708.30", "Brake pads for passenger cars"),
    ("3923.21.00", "Polyethylene shopping bags"),
    ("0803.90.10", "Fresh bananas, Cavendish"),
    ("6403.99", "Men's leather shoes"),
    ("8418.10.20", "Household refrigerator-freezers, combined"),
    ("9503.00.00", "Plush toys, stuffed animals"),
    ("6802.93", "Polished granite slabs"),
    ("2204.21.00", "Red wine, Bordeaux AOC, 0.75 l bottles"),
    ("8415.10", "Split-system air conditioners"),
    ("7308.90", "Steel structures for warehouses"),
    ("0901 21 0000", "Кофе жареный в зернах, арабика"),
    ("940360", "木制餐桌 (wooden dining tables)"),
    ("6403 99 9300", "Обувь мужская кожаная"),
    ("8528.72", "LED television receivers 55 inch"),
    ("1701.99", "White cane sugar, 50 kg bags"),
]
# Descriptions that contain a listed word inside another word or another sense: must not alert.
DECOY_GOODS: list[tuple[str, str]] = [
    ("2005.20", "Potato chips, salted, 150 g bags"),
    ("4401.21", "Softwood chips for pulp"),
    ("3004.90", "Dronedarone hydrochloride 400 mg film-coated tablets"),
    ("9503.00", "Wooden toy aeroplane, push-along"),
    ("8523.52", "Contactless smart cards (blank)"),
]
# (hs_code as declared, description) for CHPL goods, in every code format.
CHPL_GOODS: list[tuple[str, str]] = [
    ("8542.31.00", "Microcontrollers STM32F405RGT6, integrated circuits"),
    ("854231", "Микросхемы интегральные, процессоры"),
    ("8542 31 9000", "集成电路 处理器 (processors)"),
    ("8542.32.00", "Memory integrated circuits DDR4 SDRAM 8Gb"),
    ("8542390000", "FPGA integrated circuits"),
    ("8517.62", "Industrial Ethernet switches"),
    ("8526.91.00", "GNSS receiver modules, multi-band"),
    ("8532.24", "Multilayer ceramic chip capacitors (MLCC)"),
    ("85412100", "Transistors, dissipation < 1 W"),
    ("8807.30", "Parts of unmanned aircraft: brushless motors, carbon propellers"),
    ("8525.89", "Thermal imaging camera cores, 640x512"),
    ("8482.10", "Ball bearings, deep groove"),
    ("9014.20", "Navigation instruments for aeronautics"),
    ("8504.40", "Static converters, DC-DC power modules"),
    ("8536.69", "Board-to-board connectors"),
]
# Complete drones (HS 8806: on the example custom list, not on the CHPL).
DRONE_GOODS: list[tuple[str, str]] = [
    ("8806.22", "DJI Mavic 3 Pro drones with remote controllers"),
    ("8806.21", "Autel EVO Nano quadcopters, 249 g"),
]
# Controlled goods declared under unrelated codes.
MISDECLARED_GOODS: list[tuple[str, str]] = [
    ("9503.00", "Toys: DJI Mavic 3 quadcopter, remote-controlled"),
    ("9503.00.9000", "Игрушки: квадрокоптер Autel EVO II, беспилотник"),
    ("8479.89", "无人机 (机器零件) machine parts"),
    ("3926.90", "Plastic parts; UAV frames and flight controllers"),
    ("9504.50", "Game accessories: FPV drone kit"),
    ("3926.90.9709", "Пластмассовые изделия: микросхемы STM32 в катушках"),
    ("8473.30", "Thermal imaging camera modules, 384x288"),
    ("9405.40", "LED lamps with GNSS module"),
]

# CHPL tier by HS-4 of the goods above; decides the least severity an alert may have.
CHPL_TIER_BY_HS4 = {
    "8542": "1", "8517": "2", "8526": "2", "8532": "2", "8541": "3.A", "8525": "3.A",
    "8504": "3.A", "8536": "3.A", "8807": "3.B", "8482": "3.B", "9014": "3.B",
}  # fmt: skip
START = date(2024, 1, 8)
DAYS = 175
HIGH_RISK = {"ru", "by", "kp", "ir"}
Expectation = dict[str, Any] | str
Row = tuple[tuple[str, int], dict[str, Any], str, Expectation]


def digits(code: str) -> str:
    return "".join(c for c in code if c.isdigit())


def direct_min_severity(hs_code: str) -> str:
    """CHPL tier 1-2 goods into a high-risk country score medium; lower tiers at least low."""
    return "medium" if CHPL_TIER_BY_HS4.get(digits(hs_code)[:4]) in {"1", "2"} else "low"


def pattern_min_severity(hs_code: str) -> str:
    return "high" if CHPL_TIER_BY_HS4.get(digits(hs_code)[:4], "4")[0] in "123" else "medium"


class SampleWriter:
    """Builds records and their expectations; `order` decides the file position (arrival)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.rows: list[Row] = []

    def day(self, low: int = 0, high: int = DAYS) -> date:
        return START + timedelta(days=self.rng.randrange(low, high))

    def shipment(
        self,
        case: str,
        expect: Expectation,
        *,
        exporter: dict[str, Any],
        importer: dict[str, Any],
        goods: tuple[str, str],
        when: date,
        arrives: date | None = None,
        transport: dict[str, Any] | None = None,
        destination: str | None = None,
    ) -> str:
        record_id = f"CUS-{len(self.rows) + 1:06d}"
        hs_code, description = goods
        quantity = self.rng.choice([10, 50, 120, 500, 2_000, 10_000])
        record: dict[str, Any] = {
            "record_type": "shipment",
            "record_id": record_id,
            "source": self.rng.choice(
                ["customs-export-cn", "customs-import-eu", "bol-feed", "customs-ru"]
            ),
            "declaration_date": when.isoformat(),
            "exporter": exporter,
            "importer": importer,
            "hs_code": hs_code,
            "goods_description": description,
            "quantity": float(quantity),
            "quantity_unit": "pcs",
            "value": round(quantity * self.rng.uniform(0.8, 120.0), 2),
            "currency": "USD",
            "origin_country": exporter["country"],
            "departure_country": exporter["country"],
            "destination_country": destination or importer["country"],
        }
        if transport:
            record["transport"] = transport
        position = ((arrives or when).isoformat(), len(self.rows))
        self.rows.append((position, record, case, expect))
        return record_id

    def write(self, out: Path, seed: int) -> int:
        out.mkdir(parents=True, exist_ok=True)
        ordered = mark_hub_history(sorted(self.rows, key=lambda row: row[0]))
        with (out / "shipments.ndjson").open("w", encoding="utf-8") as handle:
            for _, record, _, _ in ordered:
                handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        expected = {
            "generator": "bench/generate_samples.py",
            "seed": seed,
            "count": len(ordered),
            "assumes": "shared lists, CHPL, HS 2022, custom_hs_example.csv, phrases, risk.toml",
            "records": {
                record["record_id"]: {"case": case, "expect": expect}
                for _, record, case, expect in ordered
            },
        }
        (out / "shipments.expected.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        return len(ordered)


ONWARD_CASES = {"reexport_onward", "near_reexport_onward", "demo_onward_sanctioned"}
INBOUND_CASES = {"reexport_inbound", "near_reexport_inbound", "demo_inbound"}


def mark_hub_history(rows: list[Row]) -> list[Row]:
    """Inbound legs into a hub for an intermediary that shipped onwards earlier also alert (route signal)."""
    hubs = {c.lower() for c in load_risk_config().routes.transshipment_hubs}
    onward_dates: dict[str, list[str]] = {}
    for _, record, case, _ in rows:
        if case in ONWARD_CASES:
            name = name_key(record["exporter"]["name"]) or ""
            onward_dates.setdefault(name, []).append(record["declaration_date"])
    marked: list[Row] = []
    for position, record, case, expect in rows:
        importer = record["importer"]
        earlier = [
            day
            for day in onward_dates.get(name_key(importer["name"]) or "", [])
            if day <= record["declaration_date"]
        ]
        if case in INBOUND_CASES and importer["country"] in hubs and earlier:
            base = {"patterns": []} if expect == "none" else dict(expect)  # type: ignore[arg-type]
            expect = {**base, "hub_history": {"min_severity": "low"}}
        marked.append((position, record, case, expect))
    return marked


def record_alert(
    min_severity: str,
    reasons: list[str],
    patterns: list[str] | None = None,
    pattern_severity: str = "high",
) -> dict[str, Any]:
    expect: dict[str, Any] = {"record": {"min_severity": min_severity, "reasons": sorted(reasons)}}
    expect["patterns"] = [
        {"with": inbound, "min_severity": pattern_severity} for inbound in patterns or []
    ]
    return expect


def pattern_only(inbound: str, severity: str) -> dict[str, Any]:
    return {"record": None, "patterns": [{"with": inbound, "min_severity": severity}]}


def other_country(
    rng: random.Random, pool: list[dict[str, Any]], not_country: str
) -> dict[str, Any]:
    return rng.choice([p for p in pool if p["country"] != not_country])


def clean_trade(w: SampleWriter, count: int) -> None:
    for _ in range(count):
        exporter = w.rng.choice(CLEAN_EXPORTERS)
        importer = other_country(w.rng, CLEAN_IMPORTERS, exporter["country"])
        w.shipment(
            "clean",
            "none",
            exporter=exporter,
            importer=importer,
            goods=w.rng.choice(CLEAN_GOODS),
            when=w.day(),
        )
    for goods in DECOY_GOODS * 4:
        exporter = w.rng.choice(CLEAN_EXPORTERS)
        importer = other_country(w.rng, CLEAN_IMPORTERS, exporter["country"])
        w.shipment(
            "decoy_words", "none", exporter=exporter, importer=importer, goods=goods, when=w.day()
        )


def chpl_legitimate(w: SampleWriter, count: int) -> None:
    """CHPL goods between ordinary electronics firms, hubs included: a product signal alone."""
    for _ in range(count):
        seller = w.rng.choice(ELECTRONICS_SELLERS)
        buyer = other_country(w.rng, ELECTRONICS_BUYERS, seller["country"])
        w.shipment(
            "chpl_legitimate",
            "none",
            exporter=seller,
            importer=buyer,
            goods=w.rng.choice(CHPL_GOODS),
            when=w.day(),
        )


def chpl_direct_to_high_risk(w: SampleWriter, count: int) -> None:
    for _ in range(count):
        seller, buyer, goods = (
            w.rng.choice(ELECTRONICS_SELLERS),
            w.rng.choice(ONWARD_BUYERS),
            w.rng.choice(CHPL_GOODS),
        )
        expect = record_alert(direct_min_severity(goods[0]), ["product", "route"])
        w.shipment(
            "chpl_to_high_risk", expect, exporter=seller, importer=buyer, goods=goods, when=w.day()
        )


def respell(rng: random.Random, intermediary: dict[str, Any]) -> dict[str, Any]:
    """The same company as written by another declarant."""
    name = intermediary["name"]
    variants = [
        name.upper(),
        name.replace("L.L.C.", "LLC").replace("Ltd.", "Limited"),
        name.lower().title(),
    ]
    return {**intermediary, "name": rng.choice(variants)}


def reexport_chains(w: SampleWriter) -> None:
    """Listed goods into a hub, then the same HS-4 onwards into RU/BY within the window."""
    used: set[tuple[str, str]] = set()
    for index in range(14):
        intermediary = INTERMEDIARIES[index % len(INTERMEDIARIES)]
        goods = w.rng.choice(
            [g for g in CHPL_GOODS if (intermediary["name"], digits(g[0])[:4]) not in used]
        )
        used.add((intermediary["name"], digits(goods[0])[:4]))
        seller = other_country(w.rng, ELECTRONICS_SELLERS, intermediary["country"])
        inbound_day = w.day(0, DAYS - 95)
        onward_day = inbound_day + timedelta(days=w.rng.randrange(3, 85))
        inbound = w.shipment(
            "reexport_inbound",
            "none",
            exporter=seller,
            importer=intermediary,
            goods=goods,
            when=inbound_day,
        )
        onward_goods = w.rng.choice(
            [g for g in CHPL_GOODS if digits(g[0])[:4] == digits(goods[0])[:4]]
        )
        shipper = respell(w.rng, intermediary)
        if intermediary["name"].startswith(
            "Ararat"
        ):  # same tax id, Russian-language name: keyed by id only
            shipper = {**intermediary, "name": "ООО Арарат Электроникс Саплай"}
        # Every other chain's onward leg reaches the detector before its inbound leg.
        arrives = inbound_day - timedelta(days=1) if index % 2 else None
        expect = record_alert(
            direct_min_severity(onward_goods[0]),
            ["product", "route"],
            [inbound],
            pattern_min_severity(goods[0]),
        )
        w.shipment(
            "reexport_onward",
            expect,
            exporter=shipper,
            importer=w.rng.choice(ONWARD_BUYERS),
            goods=onward_goods,
            when=onward_day,
            arrives=arrives,
        )


def near_chains(w: SampleWriter) -> None:
    """Look like re-exports but are not: 120 days apart, another HS-4, shipped before received."""
    chip, switch = CHPL_GOODS[0], CHPL_GOODS[5]
    cases = [
        (NEAR_CHAIN_INTERMEDIARIES[0], chip, chip, 120),
        (NEAR_CHAIN_INTERMEDIARIES[1], chip, switch, 30),
        (NEAR_CHAIN_INTERMEDIARIES[2], switch, switch, -30),
    ]
    for intermediary, first, second, gap in cases:
        inbound_day = w.day(40, 50)
        seller = other_country(w.rng, ELECTRONICS_SELLERS, intermediary["country"])
        w.shipment(
            "near_reexport_inbound",
            "none",
            exporter=seller,
            importer=intermediary,
            goods=first,
            when=inbound_day,
        )
        expect = record_alert(direct_min_severity(second[0]), ["product", "route"])
        w.shipment(
            "near_reexport_onward",
            expect,
            exporter=intermediary,
            importer=w.rng.choice(ONWARD_BUYERS),
            goods=second,
            when=inbound_day + timedelta(days=gap),
        )


def demo_story(w: SampleWriter) -> None:
    """Drone parts and chips from Shenzhen via a UAE trader to SPECIAL TECHNOLOGY CENTER."""
    stc = LISTED[0][0]
    parts = (
        "8807.30.00",
        "Parts of unmanned aircraft: flight controllers, gimbals, brushless motors",
    )
    chips = ("8542.31.90", "Integrated circuits: microcontrollers and processors")
    for goods, day in ((parts, 20), (chips, 34)):
        inbound = w.shipment(
            "demo_inbound",
            "none",
            exporter=DEMO_EXPORTER,
            importer=DEMO_INTERMEDIARY,
            goods=goods,
            when=START + timedelta(days=day),
        )
        expect = record_alert(
            "high", ["entity", "product", "route"], [inbound], pattern_min_severity(goods[0])
        )
        w.shipment(
            "demo_onward_sanctioned",
            expect,
            exporter=DEMO_INTERMEDIARY,
            importer=stc,
            goods=goods,
            when=START + timedelta(days=day + 27),
        )


def misdeclared(w: SampleWriter, count: int) -> None:
    hubs = [p for p in INTERMEDIARIES if p["country"] in {"kz", "kg", "am", "ae", "tr"}]
    for index in range(count):
        goods = MISDECLARED_GOODS[index % len(MISDECLARED_GOODS)]
        to_russia = index % 3 == 0
        buyer = w.rng.choice(ONWARD_BUYERS if to_russia else hubs)
        reasons = ["description", "route"] if to_russia else ["description"]
        expect = record_alert("high" if to_russia else "medium", reasons)
        w.shipment(
            "misdeclared",
            expect,
            exporter=w.rng.choice(TOY_AND_HOBBY_SELLERS),
            importer=buyer,
            goods=goods,
            when=w.day(),
        )


def complete_drones(w: SampleWriter, count: int) -> None:
    hubs = [p for p in ELECTRONICS_BUYERS if p["country"] in {"ae", "tr"}]
    for index in range(count):
        goods = DRONE_GOODS[index % len(DRONE_GOODS)]
        to_russia = index % 2 == 0
        buyer = w.rng.choice(ONWARD_BUYERS if to_russia else hubs)
        expect = record_alert("medium", ["route"]) if to_russia else "none"
        w.shipment(
            "complete_drones",
            expect,
            exporter=w.rng.choice(TOY_AND_HOBBY_SELLERS),
            importer=buyer,
            goods=goods,
            when=w.day(),
        )


def sanctioned_parties(w: SampleWriter) -> None:
    for index, (listed, _) in enumerate(LISTED):
        for round_ in range(2):
            chpl = (index + round_) % 2 == 0
            goods = w.rng.choice(CHPL_GOODS if chpl else CLEAN_GOODS)
            seller = w.rng.choice(ELECTRONICS_SELLERS if chpl else CLEAN_EXPORTERS)
            w.shipment(
                "sanctioned_party",
                record_alert("high", ["entity"]),
                exporter=seller,
                importer=listed,
                goods=goods,
                when=w.day(),
            )
    crude = ("2709.00", "Crude petroleum oil, Urals blend")
    for _ in range(2):
        exporter = {"name": "Primorsk Oil Export LLC", "country": "ru"}
        w.shipment(
            "sanctioned_vessel",
            record_alert("high", ["entity"]),
            exporter=exporter,
            importer=REFINERY,
            goods=crude,
            when=w.day(),
            transport=LISTED_VESSEL,
        )


def near_miss_names(w: SampleWriter) -> None:
    for near in NEAR_MISSES:
        for _ in range(2):
            exporter = other_country(w.rng, CLEAN_EXPORTERS, near["country"])
            w.shipment(
                "near_miss_name",
                "none",
                exporter=exporter,
                importer=near,
                goods=w.rng.choice(CLEAN_GOODS),
                when=w.day(),
            )


def generate(out: Path, seed: int) -> int:
    writer = SampleWriter(seed)
    clean_trade(writer, 360)
    chpl_legitimate(writer, 90)
    chpl_direct_to_high_risk(writer, 24)
    reexport_chains(writer)
    near_chains(writer)
    demo_story(writer)
    misdeclared(writer, 20)
    complete_drones(writer, 10)
    sanctioned_parties(writer)
    near_miss_names(writer)
    return writer.write(out, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("samples"))
    parser.add_argument("--seed", type=int, default=20240101)
    args = parser.parse_args()
    count = generate(args.out, args.seed)
    print(f"wrote {count} shipments to {args.out}/shipments.ndjson and their expectations")


if __name__ == "__main__":
    main()
