"""News word lists: controlled-product terms, generic organisation words, common words.

Product terms are the news fallback for when `services.detector.scoring.ProductCatalog` is not
available; terms from the catalog are added to these (see `product_terms_from_catalog`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProductTerm:
    """A phrase naming a controlled product class, with its HS heading and CHPL tier."""

    phrase: str
    category: str
    hs_code: str
    tier: str | None = None


def _terms(category: str, hs_code: str, tier: str | None, phrases: str) -> list[ProductTerm]:
    return [
        ProductTerm(p.strip(), category, hs_code, tier) for p in phrases.split("|") if p.strip()
    ]


# English plurals are listed where the plural is not the singular + "s" (see `english_variants`).
DEFAULT_PRODUCT_TERMS: tuple[ProductTerm, ...] = tuple(
    _terms(
        "unmanned aircraft",
        "8806",
        None,
        "drone|UAV|unmanned aerial vehicle|unmanned aircraft|quadcopter|multicopter|"
        "loitering munition|"
        "DJI|Mavic|Matrice|Autel|Orlan|Lancet|Shahed|"
        "дрон|дронов|беспилотник|беспилотников|БПЛА|беспилотный летательный аппарат|"
        "квадрокоптер|коптер|"
        "барражирующий боеприпас|квадрокоптеров|Мавик|Ланцет|Орлан",
    )
    + _terms(
        "unmanned aircraft parts",
        "880730",
        "3.B",
        "drone parts|drone components|flight controller|"
        "комплектующие для дронов|полетный контроллер",
    )
    + _terms(
        "integrated circuits",
        "854231",
        "1",
        "microchip|chip|semiconductor|integrated circuit|microcontroller|microprocessor|"
        "processor|FPGA|"
        "microelectronics|electronic components|"
        "микросхема|чип|чипов|полупроводник|полупроводников|микроконтроллер|микроконтроллеров|"
        "микропроцессор|процессор|процессоров|микроэлектроника|"
        "электронные компоненты|электронный компонент",
    )
    + _terms(
        "radio navigation",
        "852691",
        "2",
        "GPS receiver|GNSS|GNSS receiver|GPS module|navigation module|"
        "GPS-приемник|навигационный модуль|ГНСС",
    )
    + _terms(
        "cameras and thermal imagers",
        "852589",
        "3.A",
        "thermal camera|thermal imager|thermal imaging|тепловизор|тепловизионная камера",
    )
    + _terms("bearings", "848210", "3.B", "ball bearing|подшипник|подшипников")
    + _terms(
        "machine tools",
        "845811",
        "4.B",
        "CNC machine|CNC machine tool|machine tools|"
        "станок с ЧПУ|станки с ЧПУ|металлорежущий станок",
    )
)

# Organisation-type words: stripped from list names to find their distinctive core, and used as
# corroboration ("PMC" near "Wagner"). Forms in one group mean the same thing.
GENERIC_GROUPS: dict[str, tuple[str, ...]] = {
    "pmc": (
        "PMC",
        "private military company",
        "private military contractor",
        "mercenary",
        "mercenaries",
        "ЧВК",
        "частная военная компания",
        "наемник",
        "наёмник",
    ),
    "llc": (
        "LLC",
        "L.L.C.",
        "limited liability company",
        "OOO",
        "ООО",
        "общество с ограниченной ответственностью",
        "TOO",
        "ТОО",
    ),
    "jsc": (
        "JSC",
        "OJSC",
        "CJSC",
        "PJSC",
        "OAO",
        "ZAO",
        "PAO",
        "AO",
        "АО",
        "ОАО",
        "ЗАО",
        "ПАО",
        "joint stock company",
        "joint-stock company",
        "акционерное общество",
    ),
    "state corporation": ("state corporation", "госкорпорация", "государственная корпорация"),
    "company": (
        "company",
        "co",
        "corporation",
        "corp",
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "plc",
        "gmbh",
        "s a",
        "sa",
        "sarl",
        "fze",
        "fzco",
        "fzc",
        "fz llc",
        "компания",
        "корпорация",
    ),
    "group": ("group", "holding", "holdings", "concern", "группа", "холдинг", "концерн"),
    "bank": ("bank", "банк"),
    "vessel": ("vessel", "tanker", "ship", "crude oil tanker", "IMO", "танкер", "судно"),
    "airline": ("airline", "airlines", "airways", "aviation", "авиакомпания"),
}
# Groups too bland to corroborate a name on their own.
BLAND_GROUPS: frozenset[str] = frozenset({"company", "group", "llc", "jsc"})

STOPWORDS: frozenset[str] = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "for",
        "in",
        "on",
        "at",
        "to",
        "by",
        "with",
        "from",
        "de",
        "la",
        "le",
        "el",
        "al",
        "du",
        "des",
        "der",
        "und",
        "y",
        "e",
        "et",
        "da",
        "do",
        "dos",
        "и",
        "в",
        "на",
        "с",
        "по",
        "для",
        "из",
        "от",
    ]
)

# Everyday words that occur as list names or aliases ("INTER", "MEGATRADE" …): such a name alone
# is never a mention. English and Russian, in base form.
COMMON_WORDS: frozenset[str] = frozenset(
    [
        "inter",
        "intercontinental",
        "international",
        "global",
        "general",
        "national",
        "united",
        "universal",
        "first",
        "new",
        "best",
        "smart",
        "star",
        "sun",
        "moon",
        "ocean",
        "sea",
        "marine",
        "air",
        "aero",
        "sky",
        "pioneer",
        "atlas",
        "eagle",
        "falcon",
        "golden",
        "gold",
        "silver",
        "royal",
        "crown",
        "alpha",
        "beta",
        "delta",
        "omega",
        "sigma",
        "source",
        "future",
        "energy",
        "power",
        "oil",
        "gas",
        "petro",
        "tech",
        "techno",
        "technology",
        "technologies",
        "lab",
        "labs",
        "laboratory",
        "system",
        "systems",
        "service",
        "services",
        "solution",
        "solutions",
        "industry",
        "industries",
        "industrial",
        "holding",
        "capital",
        "invest",
        "investment",
        "investments",
        "finance",
        "financial",
        "express",
        "transport",
        "trans",
        "logistics",
        "shipping",
        "trade",
        "trading",
        "megatrade",
        "commerce",
        "commercial",
        "import",
        "export",
        "post",
        "bank",
        "credit",
        "union",
        "development",
        "progress",
        "prime",
        "premier",
        "standard",
        "central",
        "east",
        "west",
        "north",
        "south",
        "orient",
        "oriental",
        "euro",
        "europe",
        "asia",
        "africa",
        "america",
        "pacific",
        "atlantic",
        "continental",
        "trust",
        "security",
        "safety",
        "health",
        "medical",
        "pharma",
        "care",
        "travel",
        "tour",
        "tours",
        "hotel",
        "hotels",
        "city",
        "metro",
        "media",
        "news",
        "press",
        "network",
        "net",
        "web",
        "online",
        "digital",
        "data",
        "info",
        "information",
        "electronics",
        "electric",
        "engineering",
        "construction",
        "building",
        "steel",
        "metal",
        "metals",
        "chemical",
        "chemicals",
        "agro",
        "agricultural",
        "food",
        "foods",
        "green",
        "blue",
        "red",
        "black",
        "white",
        "light",
        "line",
        "lines",
        "group",
        "partners",
        "consulting",
        "management",
        "office",
        "center",
        "centre",
        "house",
        "home",
        "port",
        "ports",
        "harbour",
        "harbor",
        "bridge",
        "gate",
        "road",
        "way",
        "link",
        "point",
        "top",
        "max",
        "victory",
        "freedom",
        "liberty",
        "peace",
        "hope",
        "life",
        "world",
        "planet",
        "earth",
        "nature",
        "baikal",
        "volga",
        "neva",
        "ural",
        "mir",
        "vostok",
        "sever",
        "zapad",
        "yug",
        "rus",
        "rossiya",
        "alfa",
        "sokol",
        "orel",
        "zvezda",
        "progres",
        "razvitie",
        "soyuz",
        "мир",
        "восток",
        "север",
        "запад",
        "юг",
        "русь",
        "альфа",
        "сокол",
        "орел",
        "звезда",
        "прогресс",
        "развитие",
        "союз",
        "байкал",
        "волга",
    ]
)


def english_variants(phrase: str) -> list[str]:
    """A Latin-script phrase and its English plural (last word + s / es)."""
    if not phrase.isascii() or not phrase[-1:].isalpha() or phrase.isupper():
        return [phrase]
    plural = phrase + ("es" if phrase.endswith(("s", "x", "ch", "sh")) else "s")
    return [phrase, plural]


# Capitalised words that can stand next to a name without being part of it ("On Monday Wagner").
CALENDAR_WORDS: tuple[str, ...] = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
