"""Articles written for the news evaluation: half must alert naming a listed entry, half must not.

Each must-alert article names the entry the way the press does: in full, by an alias, in
Russian, possessive or inflected. Each must-not article carries a trap: a namesake (an opera,
a footballer, an admiral), an everyday word a list carries as an alias, or ordinary business
news full of "international", "development", chips and countries. `expect` holds the entry ids
any of which counts as the right entry (the same party on two lists); empty for must-not.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EvalArticle:
    key: str
    lang: str
    title: str
    body: str
    expect: tuple[str, ...] = ()

    @property
    def must_alert(self) -> bool:
        return bool(self.expect)


WAGNER = ("us_ofac_sdn:22543",)
KALASHNIKOV = ("us_ofac_sdn:16911", "NK-nR5AXM9AVPq4pQaSPSaVam")
ALMAZ_ANTEY = ("us_ofac_sdn:16865",)
KOMID = ("us_ofac_sdn:9345", "un_sc_sanctions:KPe.001")
ROSOBORONEXPORT = ("us_ofac_sdn:18782", "us_ofac_cons:18782")
PRIGOZHIN = ("us_ofac_sdn:21171",)
ZALA = ("NK-cPks3aTbes8k4aCerfBAzN",)

MUST_ALERT: tuple[EvalArticle, ...] = (
    EvalArticle(
        "pmc-drones-uae",
        "en",
        "Mercenary group's drone buyers traced to Dubai trading houses",
        """Procurement agents working for PMC Wagner bought more than 300 commercial
quadcopters through two trading houses in Dubai last year, according to customs records
reviewed by reporters. The drones were flown on to Moscow and then to units in Africa.
One of the firms said it had not known who the end user was. The US Treasury sanctioned
the private military company in 2017.""",
        WAGNER,
    ),
    EvalArticle(
        "wagner-possessive",
        "en",
        "Wagner's fighters return to Libya with new equipment",
        """Satellite images show that Wagner's mercenaries have reinforced an air base in
eastern Libya. Analysts counted new armoured vehicles and a thermal camera mast. The
Russian contractor has kept several hundred men in the country since 2019, a UN panel of
experts said.""",
        WAGNER,
    ),
    EvalArticle(
        "wagner-ru-inflected",
        "ru",
        "Бойцы ЧВК «Вагнер» получили новые дроны",
        """По данным источников, бойцы «Вагнера» получили партию квадрокоптеров,
закупленных через посредников в ОАЭ. Представители ЧВК от комментариев отказались.
Ранее Минфин США ввёл санкции против группы Вагнера и её руководителей.""",
        WAGNER,
    ),
    EvalArticle(
        "kalashnikov-loitering",
        "en",
        "Kalashnikov Concern expands loitering munition output",
        """Kalashnikov Concern, the Russian small-arms maker, said it would double output of
loitering munitions this year. Investigators found Western microcontrollers in recovered
drones and said the parts reached Izhevsk through Kazakhstan.""",
        KALASHNIKOV,
    ),
    EvalArticle(
        "kalashnikov-ru",
        "ru",
        "Концерн «Калашников» нарастил выпуск",
        """Концерн «Калашников» сообщил об увеличении производства барражирующих
боеприпасов. Для сборки используются импортные микросхемы, которые поступают в Россию
через Казахстан и Киргизию, говорится в расследовании.""",
        KALASHNIKOV,
    ),
    EvalArticle(
        "almaz-antey-chips",
        "en",
        "US chips found in Almaz-Antey air-defence radars",
        """Engineers who examined a radar unit captured near Kharkiv found integrated circuits
made by three American companies. The radar was built by Almaz-Antey, the state-owned
air-defence concern that has been under US sanctions since 2014. The chips were
shipped after the export ban, through Hong Kong distributors.""",
        ALMAZ_ANTEY,
    ),
    EvalArticle(
        "almaz-antey-ru",
        "ru",
        "В радарах «Алмаз-Антея» нашли американские микросхемы",
        """Специалисты, изучившие радар зенитного комплекса, обнаружили в нём микросхемы
американского производства. Радар выпущен концерном ВКО «Алмаз-Антей», который
находится под санкциями США. Партии чипов поступали через Гонконг.""",
        ALMAZ_ANTEY,
    ),
    EvalArticle(
        "komid-arms",
        "en",
        "North Korean arms exporter used front companies in China",
        """The Korea Mining Development Trading Corporation, Pyongyang's main arms dealer,
used front companies in Shenzhen to sell missile parts to buyers in the Middle East, a UN
panel said. KOMID is under UN and US sanctions for ballistic-missile sales.""",
        KOMID,
    ),
    EvalArticle(
        "komid-acronym",
        "en",
        "UN panel: KOMID agents active in Africa",
        """Agents of KOMID, the North Korean arms exporter, negotiated a contract to refurbish
air-defence systems for an African government, the UN panel of experts on the DPRK
reported on Tuesday. The panel said the deal breached the arms embargo.""",
        KOMID,
    ),
    EvalArticle(
        "rosoboronexport-possessive",
        "en",
        "Rosoboronexport's order book hit by payment problems",
        """Rosoboronexport's chief executive said the state arms exporter had contracts worth
$50 billion but that sanctions on Russian banks had delayed payments from buyers in India.
The company is designated by the US Treasury.""",
        ROSOBORONEXPORT,
    ),
    EvalArticle(
        "rosoboronexport-ru",
        "ru",
        "Рособоронэкспорт заключил контракты на поставку вертолётов",
        """Глава Рособоронэкспорта сообщил, что компания подписала контракты на поставку
вертолётов и систем ПВО. Санкции против российских банков осложнили расчёты с
покупателями из Индии и ОАЭ, признал он.""",
        ROSOBORONEXPORT,
    ),
    EvalArticle(
        "prigozhin-en",
        "en",
        "Prigozhin associates moved gold through UAE",
        """Companies linked to Yevgeny Prigozhin, the financier of the Wagner mercenary force,
moved gold from the Central African Republic through Dubai, according to documents
seen by this newspaper. Prigozhin was sanctioned by the US in 2016.""",
        PRIGOZHIN,
    ),
    EvalArticle(
        "prigozhin-ru",
        "ru",
        "Компании Евгения Пригожина вывозили золото через Дубай",
        """Компании, связанные с Евгением Пригожиным, вывозили золото из ЦАР через Дубай,
следует из документов. Представители Пригожина на запрос не ответили.""",
        PRIGOZHIN,
    ),
    EvalArticle(
        "mahan-air",
        "en",
        "Mahan Air flights to Damascus resume",
        """Flight-tracking data show that Mahan Air, the Iranian carrier blacklisted by the US
for ferrying weapons and fighters to Syria, resumed regular cargo flights to Damascus
this month.""",
        ("us_ofac_sdn:12927",),
    ),
    EvalArticle(
        "irisl-acronym",
        "en",
        "IRISL ships reflagged to dodge sanctions",
        """Three bulk carriers owned by IRISL, Iran's national shipping line, were reflagged to
Panama and renamed, maritime analysts said. The Islamic Republic of Iran Shipping Lines
has been under US sanctions since 2008 for carrying missile cargo.""",
        ("us_ofac_sdn:25396",),
    ),
    EvalArticle(
        "gazprombank-payments",
        "en",
        "Gazprombank handles gas payments for European buyers",
        """European utilities opened accounts at Gazprombank to keep paying for Russian gas,
traders said. The bank was added to the US sanctions list last year.""",
        ("us_ofac_cons:17016",),
    ),
    EvalArticle(
        "gazprombank-ru",
        "ru",
        "Газпромбанк открыл счета для европейских покупателей газа",
        """Европейские компании открыли счета в Газпромбанке, чтобы продолжать оплачивать
российский газ. Банк находится под санкциями США.""",
        ("us_ofac_cons:17016",),
    ),
    EvalArticle(
        "sberbank-india",
        "en",
        "Sberbank of Russia expands in India",
        """Sberbank of Russia, the country's largest lender, said its Mumbai branch would
handle rupee trade settlements for Russian exporters. The bank is subject to US
sanctions.""",
        ("us_ofac_cons:17018",),
    ),
    EvalArticle(
        "lockbit-admin",
        "en",
        "LockBit ransomware boss named as Russian national",
        """Police named the administrator of the LockBit ransomware gang as Dmitry Khoroshev,
a 31-year-old from Voronezh who used the handle LockBitSupp. The US Treasury froze his
assets and offered a reward for information.""",
        ("us_ofac_sdn:48603",),
    ),
    EvalArticle(
        "tanker-imo",
        "en",
        "Tanker carrying Russian crude spotted off Malaysia",
        """The crude oil tanker NS Leader (IMO 9339301) was seen transferring cargo to another
vessel off the Malaysian coast, satellite images show. The tanker is part of the shadow
fleet moving Russian oil above the price cap.""",
        ("us_ofac_sdn:47371",),
    ),
    EvalArticle(
        "rostec-ru",
        "ru",
        "Ростех увеличил выпуск беспилотников",
        """Госкорпорация Ростех сообщила, что предприятия холдинга увеличили выпуск
беспилотников в три раза. Для производства используются китайские комплектующие,
поступающие через Казахстан.""",
        ("us_ofac_cons:17260",),
    ),
    EvalArticle(
        "zala-aero-en",
        "en",
        "Zala Aero's Lancet drones rely on imported parts",
        """Zala Aero, the maker of the Lancet loitering munition and part of the Kalashnikov
group, relies on Western processors and GNSS receivers bought through intermediaries,
investigators said.""",
        ZALA,
    ),
    EvalArticle(
        "taliban-un",
        "en",
        "Taliban officials seek to lift UN travel ban",
        """Taliban leaders asked the UN Security Council to extend a travel-ban exemption so
they could attend talks in Doha. The movement's leaders remain under UN sanctions.""",
        ("us_ofac_sdn:6636",),
    ),
)

MUST_NOT: tuple[EvalArticle, ...] = (
    EvalArticle(
        "opera-moscow",
        "en",
        "A new Ring cycle opens at the Bolshoi",
        """Richard Wagner's Ring cycle returned to Moscow this week in a production that ran
for more than fifteen hours over four evenings. The Bolshoi's orchestra played Wagner
with real force, and the Russian soprano in the role of Brünnhilde drew a standing
ovation. Tickets for the second cycle in St Petersburg sold out within a day.""",
    ),
    EvalArticle(
        "opera-ru",
        "ru",
        "Мариинский театр показал «Лоэнгрина»",
        """Мариинский театр в Санкт-Петербурге представил новую постановку оперы Вагнера
«Лоэнгрин». Дирижёр признался, что музыка Вагнера требует от оркестра особой
выносливости. Спектакль пройдёт также в Москве.""",
    ),
    EvalArticle(
        "vagner-love",
        "ru",
        "Вагнер Лав вернулся в ЦСКА",
        """Бразильский нападающий Вагнер Лав подписал контракт с московским ЦСКА. Болельщики
помнят, как Вагнер забил в финале Кубка УЕФА. Клуб представит игрока в субботу.""",
    ),
    EvalArticle(
        "wagner-actor",
        "en",
        "Robert Wagner remembers Hollywood's golden age",
        """In a new memoir, Robert Wagner recalls his years at 20th Century Fox and his
friendships with stars of the era. Wagner, now in his nineties, lives in Colorado.""",
    ),
    EvalArticle(
        "chip-equipment-earnings",
        "en",
        "Chip-equipment maker beats forecasts on strong demand",
        """The Dutch maker of lithography systems reported record quarterly sales, helped by
demand for advanced chips from customers in Taiwan, South Korea and China. The company
said its international development centre would hire 2,000 engineers. Export restrictions
on shipments to China had a limited effect, the chief financial officer said, and the
group expects the semiconductor market to grow next year. Its research and development
spending rose 12%, and its services business, which maintains installed systems, grew
faster than expected.""",
    ),
    EvalArticle(
        "inter-milan",
        "en",
        "Inter Milan sign Turkish midfielder",
        """Inter completed the signing of a midfielder from a Turkish club on Monday. The
Italian champions paid a fee of 20 million euros, and the player joins Inter's pre-season
tour of Asia and the United States.""",
    ),
    EvalArticle(
        "atlas-copco",
        "en",
        "Atlas Copco orders rise in China",
        """Atlas Copco, the Swedish compressor maker, said orders from China rose 9% in the
quarter, led by demand from semiconductor and battery plants. Atlas also raised its
dividend.""",
    ),
    EvalArticle(
        "mahan-sea-power",
        "en",
        "Why Mahan still matters at sea",
        """Alfred Thayer Mahan's theory of sea power shaped navies for a century. Naval
strategists in the United States, Japan and Iran still read Mahan on control of trade
routes and chokepoints.""",
    ),
    EvalArticle(
        "honus-wagner-card",
        "en",
        "Honus Wagner card sells for record price",
        """A 1909 baseball card of Honus Wagner sold for $7.25 million at auction in New York,
a record for a sports card. Only about fifty copies of the Wagner card are known.""",
    ),
    EvalArticle(
        "development-bank",
        "en",
        "Development bank raises lending to Central Asia",
        """The Asian Development Bank said it would lend $2 billion to Kazakhstan and
Uzbekistan for transport links. The International Development Association and other
lenders will co-finance rail and port projects, and the national banks of both
countries welcomed the plan.""",
    ),
    EvalArticle(
        "soyuz-launch",
        "ru",
        "«Союз» доставил экипаж на МКС",
        """Корабль «Союз» с тремя космонавтами пристыковался к Международной космической
станции. Грузовик «Прогресс» доставит на станцию топливо и продукты в следующем месяце.""",
    ),
    EvalArticle(
        "baikal-tourism",
        "ru",
        "Туристы вернулись на Байкал",
        """Турпоток на Байкал в этом году вырос на 12%, сообщили в администрации Иркутской
области. Гостиницы на побережье озера заполнены, а авиакомпании добавили рейсы из
Москвы. Мир меняется, но Байкал остаётся главным направлением региона.""",
    ),
    EvalArticle(
        "alliance-federation",
        "en",
        "Small-business federation forms alliance with retailers",
        """The Federation of Small Businesses and a retail alliance in Mexico City agreed to
lobby for lower card fees. The federation said members in Sinaloa and Jalisco would join
the campaign.""",
    ),
    EvalArticle(
        "sinaloa-tomatoes",
        "en",
        "Sinaloa tomato growers expect bumper harvest",
        """Farmers in the Mexican state of Sinaloa expect a record winter tomato harvest,
most of which will be exported to the United States, the growers' association said.""",
    ),
    EvalArticle(
        "gru-neural-nets",
        "en",
        "Moscow researchers compare recurrent networks for translation",
        """Researchers at a Moscow university compared GRU and LSTM layers for machine
translation between Russian and Kazakh. The GRU models trained faster on the same GPUs,
while LSTM models were slightly more accurate on long sentences.""",
    ),
    EvalArticle(
        "lisbon-tasca",
        "en",
        "Where to eat in Lisbon",
        """Our favourite tasca in Alfama serves grilled sardines and green wine. Tasca do
Chico has fado most nights, and the port wine bars nearby stay open late.""",
    ),
    EvalArticle(
        "almaz-jewellery",
        "ru",
        "Ювелиры нарастили закупки алмазов",
        """Российские ювелиры в прошлом году закупили больше алмазов, чем годом ранее.
Алмаз огранки «принцесса» подорожал на 8%, сообщили участники рынка в Москве.""",
    ),
    EvalArticle(
        "orion-capsule",
        "en",
        "Orion capsule completes test flight",
        """NASA's Orion capsule splashed down in the Pacific after a 25-day flight around the
Moon. Engineers said its heat shield and processors performed as expected.""",
    ),
    EvalArticle(
        "chip-distributor-hk",
        "en",
        "Hong Kong electronics distributor reports higher sales",
        """A Hong Kong distributor of microcontrollers and integrated circuits said revenue
rose 14% on demand from carmakers in China and Japan. The company's global trading and
logistics arms in Singapore also grew, it said, while its capital spending fell.""",
    ),
    EvalArticle(
        "volga-cruise",
        "ru",
        "Круизы по Волге подорожали",
        """Стоимость круизов по Волге выросла на 15%. Теплоходы «Звезда» и «Сокол» выходят из
Москвы каждую неделю, а билеты на майские праздники почти распроданы.""",
    ),
    EvalArticle(
        "star-alliance",
        "en",
        "Airline joins Star Alliance",
        """A Central Asian airline joined the Star Alliance network, giving passengers in
Tashkent and Almaty connections to Europe. The carrier will add flights to Dubai and
Istanbul next summer.""",
    ),
    EvalArticle(
        "hermitage-concert",
        "ru",
        "В Эрмитаже сыграли Вагнера и Чайковского",
        """Оркестр филармонии исполнил в Эрмитаже увертюры Вагнера и Чайковского. Концерт
посвятили юбилею музея; зрители из России, Китая и ОАЭ аплодировали стоя.""",
    ),
)

ARTICLES: tuple[EvalArticle, ...] = MUST_ALERT + MUST_NOT
