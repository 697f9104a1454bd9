"""Country names, adjectives, demonyms and trade cities in English and Russian → ISO alpha-2.

Russian forms are given in one base form: the text pipeline strips case endings, so «России»,
«Россией» and «российских» all meet «Россия» / «российский». English plurals and
possessives need no entry of their own ("Russians" is listed, "Russia's" splits on the quote).
"""

from __future__ import annotations

COUNTRY_TERMS: dict[str, tuple[str, ...]] = {
    "ru": (
        "Russia", "Russian", "Russians", "Russian Federation", "Moscow", "St Petersburg",
        "Saint Petersburg", "Kremlin",
        "Россия", "Российская Федерация", "РФ", "российский", "Москва", "Санкт-Петербург", "Кремль",
    ),
    "by": (
        "Belarus", "Belarusian", "Belorussia", "Byelorussia", "Minsk",
        "Беларусь", "Белоруссия", "белорусский", "Минск",
    ),
    "ae": (
        "UAE", "U.A.E.", "United Arab Emirates", "Emirates", "Emirati", "Dubai", "Abu Dhabi",
        "Sharjah", "Jebel Ali", "Ras al Khaimah", "Ajman", "Fujairah",
        "ОАЭ", "Объединённые Арабские Эмираты", "Эмираты", "эмиратский", "Дубай", "дубайский",
        "Абу-Даби", "Шарджа",
    ),
    "cn": (
        "China", "Chinese", "PRC", "People's Republic of China", "Beijing", "Shenzhen", "Shanghai",
        "Guangzhou", "Guangdong", "Китай", "КНР", "китайский", "Пекин", "Шэньчжэнь", "Шанхай",
        "Гуанчжоу",
    ),
    "hk": ("Hong Kong", "Гонконг", "гонконгский"),
    "ir": ("Iran", "Iranian", "Iranians", "Tehran", "Иран", "иранский", "Тегеран"),
    "tr": ("Turkey", "Türkiye", "Turkish", "Istanbul", "Турция", "турецкий", "Стамбул"),
    "kz": ("Kazakhstan", "Kazakh", "Almaty", "Astana", "Казахстан", "казахстанский", "Алма-Ата", "Алматы"),
    "kg": ("Kyrgyzstan", "Kyrgyz", "Kirghizia", "Bishkek", "Киргизия", "Кыргызстан", "киргизский", "Бишкек"),
    "am": ("Armenia", "Armenian", "Yerevan", "Армения", "армянский", "Ереван"),
    "ge": ("Georgia", "Tbilisi", "Грузия", "грузинский", "Тбилиси"),
    "uz": ("Uzbekistan", "Uzbek", "Tashkent", "Узбекистан", "узбекский", "Ташкент"),
    "tj": ("Tajikistan", "Tajik", "Dushanbe", "Таджикистан", "таджикский", "Душанбе"),
    "az": ("Azerbaijan", "Azerbaijani", "Baku", "Азербайджан", "азербайджанский", "Баку"),
    "rs": ("Serbia", "Serbian", "Belgrade", "Сербия", "сербский", "Белград"),
    "in": ("India", "Indian", "New Delhi", "Mumbai", "Индия", "индийский"),
    "kp": ("North Korea", "DPRK", "Pyongyang", "КНДР", "Северная Корея", "северокорейский", "Пхеньян"),
    "sy": ("Syria", "Syrian", "Damascus", "Сирия", "сирийский", "Дамаск"),
    "ua": ("Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Kiev", "Украина", "украинский", "Киев"),
    "us": ("United States", "USA", "U.S.", "Washington", "США", "Соединённые Штаты", "американский"),
    "gb": ("United Kingdom", "Britain", "British", "UK", "London", "Великобритания", "британский", "Лондон"),
    "de": ("Germany", "German", "Berlin", "Германия", "немецкий", "Берлин"),
    "fi": ("Finland", "Finnish", "Финляндия", "финский"),
    "tw": ("Taiwan", "Taiwanese", "Taipei", "Тайвань", "тайваньский"),
    "jp": ("Japan", "Japanese", "Tokyo", "Япония", "японский"),
    "kr": ("South Korea", "Seoul", "Южная Корея", "южнокорейский"),
    "ve": ("Venezuela", "Venezuelan", "Caracas", "Венесуэла"),
    "cu": ("Cuba", "Cuban", "Havana", "Куба", "кубинский"),
    "ly": ("Libya", "Libyan", "Ливия"),
    "sd": ("Sudan", "Sudanese", "Судан"),
    "cf": ("Central African Republic", "ЦАР"),
    "ml": ("Mali", "Malian", "Мали"),
    "co": ("Colombia", "Colombian", "Bogota", "Колумбия"),
    "lb": ("Lebanon", "Lebanese", "Beirut", "Ливан"),
}  # fmt: skip

# Destinations the export controls aim at, and the hubs goods are re-exported through.
DEFAULT_DESTINATION_COUNTRIES: frozenset[str] = frozenset({"ru", "by"})
DEFAULT_TRANSSHIPMENT_COUNTRIES: frozenset[str] = frozenset(
    {"ae", "tr", "kz", "kg", "am", "ge", "uz", "tj", "az", "hk", "cn", "ir", "rs", "in"}
)
