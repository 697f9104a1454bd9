"""Words around a mention that say which party is meant: listing words, program topics, namesakes.

- Listing words ("sanctioned", «санкции») and the words of an entry's program ("missile" for a
  non-proliferation listing, "ransomware" for a cyber one) corroborate a mention nearby.
- Namesake words ("opera", "striker", «дирижёр») say the name belongs to a composer, a
  footballer or a work of art: they count against a mention that nothing specific supports.
English and Russian; Russian in base form (the text pipeline strips case endings).
"""

from __future__ import annotations

LISTING_WORDS: tuple[str, ...] = (
    "sanction",
    "sanctions",
    "sanctioned",
    "blacklist",
    "blacklisted",
    "designated",
    "designation",
    "OFAC",
    "Treasury",
    "embargo",
    "asset freeze",
    "Entity List",
    "export ban",
    "санкции",
    "санкция",
    "санкционный",
    "санкционного",
    "Минфин",
    "эмбарго",
    "черный список",
    "чёрный список",
)

# Program code fragments (as OFAC, the UN and BIS write them) → topic.
PROGRAM_TOPICS: tuple[tuple[str, str], ...] = (
    ("SDGT", "terrorism"),
    ("FTO", "terrorism"),
    ("AL-QAIDA", "terrorism"),
    ("TALIBAN", "terrorism"),
    ("ISIL", "terrorism"),
    ("NPWMD", "proliferation"),
    ("DPRK", "proliferation"),
    ("NONPRO", "proliferation"),
    ("IRAN", "proliferation"),
    ("IFSR", "proliferation"),
    ("UKRAINE", "defence"),
    ("RUSSIA", "defence"),
    ("CAATSA", "defence"),
    ("SYRIA", "defence"),
    ("SDNT", "narcotics"),
    ("CYBER", "cyber"),
    ("ELECTION", "cyber"),
    ("DENIED PERSONS", "export control"),
)

TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "terrorism": (
        "terrorist", "terrorists", "terrorism", "militant", "militants", "jihadist", "jihadists",
        "insurgent", "insurgents", "extremist", "extremists", "armed group", "attack", "bombing",
        "террорист", "терроризм", "боевик", "боевиков", "теракт", "экстремист", "группировка",
    ),
    "proliferation": (
        "missile", "missiles", "ballistic", "nuclear", "proliferation", "weapons", "arms",
        "arms embargo", "warhead", "enrichment", "cargo",
        "ракета", "ракет", "баллистический", "ядерный", "оружие", "вооружение",
    ),
    "defence": (
        "defence", "defense", "military", "army", "arms", "weapons", "munitions", "war",
        "air-defence", "air defence", "armoured", "artillery", "radar", "helicopters",
        "оборонный", "военный", "армия", "вооружение", "оружие", "боеприпас", "боеприпасов",
        "война", "ПВО", "радар", "вертолет", "вертолёт",
    ),
    "narcotics": (
        "drug", "drugs", "cocaine", "fentanyl", "heroin", "methamphetamine", "narcotics",
        "cartel", "trafficking", "trafficker", "наркотики", "наркотик", "картель", "кокаин",
    ),
    "cyber": (
        "ransomware", "hacker", "hackers", "hacking", "cyberattack", "malware", "ransom",
        "хакер", "хакеров", "вымогатель", "кибератака",
    ),
    "export control": ("export", "exports", "re-export", "smuggling", "экспорт", "контрабанда"),
}  # fmt: skip

# Words of the arts, sport and science: a name near them is most likely someone else's.
NAMESAKE_WORDS: tuple[str, ...] = (
    "opera", "operas", "composer", "symphony", "orchestra", "conductor", "soprano", "tenor",
    "baritone", "concert", "overture", "ballet", "libretto", "aria", "festival", "album",
    "song", "band", "film", "movie", "actor", "actress", "Hollywood", "novel", "novelist",
    "poet", "painter", "museum", "memoir", "football", "footballer", "striker", "midfielder",
    "goalkeeper", "baseball", "basketball", "hockey", "tennis", "coach", "league",
    "championship", "auction", "theorem", "equation", "astronomer", "NASA", "spacecraft",
    "capsule",
    "опера", "оперы", "композитор", "симфония", "оркестр", "дирижер", "дирижёр", "сопрано",
    "тенор", "концерт", "увертюра", "балет", "спектакль", "постановка", "фестиваль", "альбом",
    "песня", "фильм", "актер", "актёр", "роман", "поэт", "художник", "музей", "футбол",
    "футболист", "нападающий", "полузащитник", "вратарь", "хоккей", "тренер", "чемпионат",
    "болельщик", "болельщики", "аукцион",
)  # fmt: skip


def program_topics(programs: tuple[str, ...]) -> frozenset[str]:
    """The topics of an entry's programs ("UKRAINE-EO13661" → defence)."""
    found: set[str] = set()
    for program in programs:
        upper = program.upper()
        found.update(topic for fragment, topic in PROGRAM_TOPICS if fragment in upper)
    return frozenset(found)
