"""Hand-written articles in the style of real reporting (English and Russian)."""

from __future__ import annotations

from datetime import UTC, datetime

from schemas import NewsRecord

WAGNER_EN_TITLE = "Wagner's fighters fly Chinese commercial drones bought through Dubai"
WAGNER_EN_BODY = """\
Fighters of the Wagner Group, the Russian private military company that the US Treasury
sanctioned in 2017, have been filmed launching DJI Mavic 3 quadcopters over positions near
Bakhmut, according to video reviewed by this newspaper.

Invoices seen by reporters show that the drones were bought from a trading house registered in
a free zone in Dubai, United Arab Emirates, and shipped on to Moscow in batches of fifty. The
Chinese manufacturer said it does not sell to military users and had suspended sales to Russia
and Ukraine in 2022.

Analysts say the Mavic line is prized for its thermal cameras and ease of use. "Wagner's units
treat them as consumables," one said.
"""

WAGNER_RU_TITLE = "ЧВК «Вагнер» закупает китайские квадрокоптеры через ОАЭ"
WAGNER_RU_BODY = """\
Бойцы ЧВК «Вагнер» используют гражданские квадрокоптеры DJI Mavic, закупленные через
посредников в Дубае, сообщают источники. По данным таможенной статистики, партии дронов
проходили через Объединённые Арабские Эмираты и затем ввозились в Россию.

Представители Вагнера от комментариев отказались. Китайский производитель заявил, что
не поставляет продукцию для военных целей.
"""

ZALA_RU_TITLE = "Производитель «Ланцетов» наращивает выпуск"
ZALA_RU_BODY = """\
Компания «Зала Аэро», входящая в концерн «Калашников», увеличила производство барражирующих
боеприпасов. Для сборки используются импортные микросхемы, которые поступают в Россию через
Казахстан и Киргизию.
"""

BUSINESS_EN_TITLE = "InterContinental lifts outlook as Inter Milan deal boosts European bookings"
BUSINESS_EN_BODY = """\
InterContinental Hotels Group raised its full-year guidance on Tuesday after a sponsorship deal
with Inter Milan lifted bookings across Italy and Germany. Revenue per available room rose 4.1%
in the quarter, helped by inter-city business travel and strong demand in Spain.

The group, which also runs the Holiday Inn brand, said Postbank customers would be offered a new
loyalty card from the spring. Shares closed 2% higher in London.
"""

BUSINESS_RU_TITLE = "Туристы вернулись на Байкал"
BUSINESS_RU_BODY = """\
Турпоток на Байкал в этом году вырос на 12%, сообщили в администрации Иркутской области.
Гостиницы на побережье озера заполнены, а авиакомпании добавили рейсы из Москвы.
"""


def article(
    title: str, body: str, record_id: str = "news:test-1", language: str = "en"
) -> NewsRecord:
    return NewsRecord(
        record_id=record_id,
        url=f"https://news.example.org/{record_id.split(':')[-1]}",
        title=title,
        body=body,
        published_at=datetime(2024, 3, 5, 10, 0, tzinfo=UTC),
        source="test-wire",
        language=language,
    )
