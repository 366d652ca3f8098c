"""The names the report reader looks for, made from Convoy's own tables: nations (names, common
spellings, demonyms), the catalogue's items (names, codes, aliases, their plurals) and generic
equipment words that name no item of the catalogue but still say "equipment"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from convoy.catalog.models import Item
from convoy.core.models import Nation
from convoy.intake.names import EXTRA_NAMES, simplified
from convoy.intake.proposal_models import ItemAlias, normalised

#: Adjectives of nationality, by ISO 3166 alpha-3 (pycountry has none).
DEMONYMS = {
    "ALB": ["Albanian"], "AUS": ["Australian"], "AUT": ["Austrian"], "BEL": ["Belgian"],
    "BGR": ["Bulgarian"], "CAN": ["Canadian"], "HRV": ["Croatian"], "CYP": ["Cypriot"],
    "CZE": ["Czech"], "DNK": ["Danish"], "EST": ["Estonian"], "FIN": ["Finnish"],
    "FRA": ["French"], "DEU": ["German"], "GRC": ["Greek"], "HUN": ["Hungarian"],
    "ISL": ["Icelandic"], "IRL": ["Irish"], "ITA": ["Italian"], "JPN": ["Japanese"],
    "KOR": ["South Korean", "Korean"], "LVA": ["Latvian"], "LTU": ["Lithuanian"],
    "LUX": ["Luxembourgish"], "MLT": ["Maltese"], "MNE": ["Montenegrin"],
    "NLD": ["Dutch"], "NZL": ["New Zealand"], "MKD": ["North Macedonian", "Macedonian"],
    "NOR": ["Norwegian"], "POL": ["Polish"], "PRT": ["Portuguese"], "ROU": ["Romanian"],
    "SVK": ["Slovak"], "SVN": ["Slovenian", "Slovene"], "ESP": ["Spanish"],
    "SWE": ["Swedish"], "CHE": ["Swiss"], "TUR": ["Turkish"], "GBR": ["British"],
    "USA": ["American", "U.S."], "UKR": ["Ukrainian"],
}
#: Bodies that are not nations: found so that they are not taken for a donor nation.
BODIES = ["NATO", "EU", "European Union", "the alliance", "Alliance", "allies", "Allies",
          "NATO members", "member states", "partners", "the coalition"]
#: States that arm the aggressor or stand outside the coalition, found so that "North Korea"
#: is not read as Korea and they are never taken for donors.
OUTSIDERS = ["North Korea", "Democratic People's Republic of Korea", "DPRK", "Iran", "Russia",
             "Russian Federation", "Belarus", "China", "Syria"]
#: Words for equipment that name no catalogue item: a proposal with its item left to match.
GENERIC_EQUIPMENT = [
    "tank", "main battle tank", "howitzer", "self-propelled howitzer", "artillery system",
    "armoured vehicle", "armored vehicle", "infantry fighting vehicle",
    "armoured personnel carrier", "armored personnel carrier", "helicopter", "fighter jet",
    "fighter aircraft", "drone",
    "air defence system", "air defense system", "air defence battery", "air defense battery",
    "interceptor", "missile", "rocket launcher", "multiple rocket launcher", "artillery shell",
    "artillery round", "round of ammunition", "patrol boat", "ambulance", "truck", "radar",
]


CALIBRE = re.compile(r"\s*\(?\d{2,3}\s?mm\)?$", re.IGNORECASE)


def without_calibre(text: str) -> str:
    """"Zuzana 2 155 mm" as reports write it: "Zuzana 2"."""
    return CALIBRE.sub("", text).strip()


def _token_pattern(nlp: Any, text: str) -> list[dict[str, str]]:
    return [{"LOWER": token.lower_} for token in nlp.make_doc(text)]


def _with_plural(nlp: Any, text: str) -> Iterator[list[dict[str, str]]]:
    pattern = _token_pattern(nlp, text)
    if not pattern:
        return
    yield pattern
    last = pattern[-1]["LOWER"]
    if last[-1:].isalnum() and not last.endswith("s") and not last.isdigit() and last != "mm":
        yield [*pattern[:-1], {"LOWER": last + "s"}]
        if last.endswith("y"):
            yield [*pattern[:-1], {"LOWER": last[:-1] + "ies"}]


def nation_patterns(nlp: Any) -> list[dict[str, Any]]:
    patterns = []
    nations = {n.code: n for n in Nation.objects.all()}
    names: dict[str, set[str]] = {code: {n.name} for code, n in nations.items()}
    for text, code in EXTRA_NAMES.items():
        if code in names and len(text) > 2:
            names[code].add(text)
    names.get("USA", set()).update({"US", "U.S.", "USA", "United States"})
    names.get("GBR", set()).update({"UK", "Britain", "United Kingdom"})
    names.get("NLD", set()).update({"the Netherlands", "Holland"})
    for code, words in DEMONYMS.items():
        if code in names:
            names[code].update(words)
    for code, spellings in names.items():
        for text in spellings:
            pattern = _token_pattern(nlp, text)
            if text.isupper():  # "US", "UK": the capitals, not the pronoun "us"
                pattern = [{"TEXT": token.text} for token in nlp.make_doc(text)]
            patterns.append({"label": "NATION", "pattern": pattern, "id": code})
    for other in OUTSIDERS:
        patterns.append({"label": "OUTSIDER", "pattern": _token_pattern(nlp, other),
                         "id": "OUTSIDER"})
    for body in BODIES:
        patterns.append({"label": "BODY", "pattern": _token_pattern(nlp, body), "id": "BODY"})
    return patterns


def item_patterns(nlp: Any) -> list[dict[str, Any]]:
    names: dict[str, str] = {}
    for item in Item.objects.all():
        for text in (item.name, item.code, simplified(item.name), without_calibre(item.name)):
            if len(text) > 2:
                names.setdefault(normalised(text), item.code)
    for alias in ItemAlias.objects.select_related("item"):
        names[normalised(alias.text)] = alias.item.code
        for text in (simplified(alias.text), without_calibre(alias.text)):
            if len(text) > 2:
                names.setdefault(normalised(text), alias.item.code)
    patterns = [
        {"label": "ITEM", "pattern": pattern, "id": code}
        for text, code in names.items() if text
        for pattern in _with_plural(nlp, text)
    ]
    patterns += [
        {"label": "ITEM", "pattern": pattern, "id": ""}
        for text in GENERIC_EQUIPMENT for pattern in _with_plural(nlp, text)
    ]
    return patterns
