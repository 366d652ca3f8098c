"""Names as trackers and reports write them, resolved to Convoy's nations and catalogue items.

Donors: the nations table's own names and codes first, then pycountry (English names, official
and common names, ISO 3166 alpha-2 and alpha-3 in any case), then a few spellings it does not
know. Bodies that are not nations (the EU, NATO, development banks) are recognised as such, so
they are reported instead of guessed. Items: the alias table and the items' own names and codes
exactly, then rapidfuzz's token-sort ratio, whose score is the match's confidence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pycountry
from rapidfuzz import fuzz, process

from convoy.catalog.models import Item
from convoy.core.models import Nation
from convoy.intake.proposal_models import ItemAlias, normalised

#: Names of bodies that give aid but are not nations (lower case).
NON_NATIONS = {
    "eu", "european union", "european commission", "european council",
    "eu (commission and council)", "eu institutions", "european peace facility", "epf",
    "european investment bank", "eib", "nato", "the alliance", "ebrd", "imf", "world bank",
    "un", "united nations", "g7", "european bank for reconstruction and development",
}
NON_NATION_PREFIXES = ("eu ", "european ", "nato ", "un ", "united nations ")

#: Common spellings pycountry does not resolve on its own, to ISO 3166 alpha-3.
EXTRA_NAMES = {
    "uk": "GBR", "great britain": "GBR", "britain": "GBR", "england": "GBR",
    "us": "USA", "u.s.": "USA", "u.s.a.": "USA", "america": "USA",
    "united states of america": "USA", "south korea": "KOR", "korea": "KOR",
    "republic of korea": "KOR", "turkey": "TUR", "macedonia": "MKD",
    "czech republic": "CZE", "holland": "NLD", "taiwan": "TWN", "russia": "RUS",
    "iran": "IRN", "north korea": "PRK", "moldova": "MDA", "vietnam": "VNM",
    "kosovo": "XKX",
}

#: Below this token-sort score an item name is left unmatched rather than guessed.
ITEM_MATCH_CUTOFF = 85
#: A match that is not exact is never quite certain.
FUZZY_CEILING = 95
#: Words that say what kind of thing an item is without telling items apart ("IRIS-T SLM" and
#: "IRIS-T SLM fire unit" are the same system); dropped before names are compared.
GENERIC_WORDS = {"fire", "unit", "units", "battery", "batteries", "system", "systems", "the",
                 "a", "an", "of", "mm", "launcher", "launchers", "air", "defence", "defense"}


@dataclass(frozen=True)
class DonorMatch:
    text: str
    code: str | None = None  # ISO 3166 alpha-3, when the name is a nation's
    nation: Nation | None = None  # the nation in Convoy's table, when it has one
    non_nation: bool = False  # "EU", "NATO", ...

    @property
    def why_unmatched(self) -> str:
        if self.nation is not None:
            return ""
        if self.non_nation:
            return "not a nation"
        if self.code:
            return f"{self.code} is not in the nations table"
        return "unknown name"


def iso3_for(text: str) -> str | None:
    """The ISO 3166 alpha-3 code a donor name stands for, or None."""
    key = _plain(text)
    if not key:
        return None
    if key in EXTRA_NAMES:
        return EXTRA_NAMES[key]
    try:
        return pycountry.countries.lookup(key).alpha_3
    except LookupError:
        pass
    return _unique_containing(key)


def _unique_containing(key: str) -> str | None:
    """The one country whose name contains `key` as whole words ("macedonia" in "North
    Macedonia"); None when none or several do, so nothing is guessed."""
    if len(key) < 4:
        return None
    pattern = re.compile(rf"\b{re.escape(key)}\b", re.IGNORECASE)
    found = {
        country.alpha_3
        for country in pycountry.countries
        if any(pattern.search(getattr(country, name, "") or "")
               for name in ("name", "official_name", "common_name"))
    }
    return found.pop() if len(found) == 1 else None


def _plain(text: str) -> str:
    key = " ".join(str(text).strip().lower().split())
    return key[4:] if key.startswith("the ") else key


def is_non_nation(text: str) -> bool:
    key = _plain(text)
    return key in NON_NATIONS or key.startswith(NON_NATION_PREFIXES)


class DonorResolver:
    """Resolves donor names against the nations table, remembering each name's answer."""

    def __init__(self) -> None:
        nations = list(Nation.objects.all())
        self.by_code = {n.code: n for n in nations}
        self.by_name = {n.name.lower(): n for n in nations}
        self._seen: dict[str, DonorMatch] = {}

    def resolve(self, text: Any) -> DonorMatch:
        text = "" if text is None else str(text).strip()
        if text not in self._seen:
            self._seen[text] = self._resolve(text)
        return self._seen[text]

    def _resolve(self, text: str) -> DonorMatch:
        if not text:
            return DonorMatch(text)
        if is_non_nation(text):
            return DonorMatch(text, non_nation=True)
        nation = self.by_name.get(_plain(text)) or self.by_name.get(text.lower())
        if nation is None and len(text) == 3 and text.isalpha():
            nation = self.by_code.get(text.upper())
        if nation is not None:
            return DonorMatch(text, nation.code, nation)
        code = iso3_for(text)
        return DonorMatch(text, code, self.by_code.get(code) if code else None)


@dataclass(frozen=True)
class ItemMatch:
    text: str
    item: Item | None = None
    confidence: int = 0


class ItemMatcher:
    """Matches item names to the catalogue: aliases, names and codes exactly, then fuzzily."""

    def __init__(self) -> None:
        items = {item.pk: item for item in Item.objects.all()}
        self.by_code = {item.code: item for item in items.values()}
        self.exact: dict[str, Item] = {}
        for item in items.values():
            self.exact.setdefault(normalised(item.name), item)
            self.exact.setdefault(normalised(item.code), item)
        for alias in ItemAlias.objects.all():
            if alias.item_id in items:
                self.exact[normalised(alias.text)] = items[alias.item_id]
        self.simple: dict[str, Item] = {}
        for key, item in self.exact.items():
            self.simple.setdefault(simplified(key), item)
        self.choices = [key for key in self.simple if key]
        self._seen: dict[str, ItemMatch] = {}

    def match(self, text: Any) -> ItemMatch:
        text = "" if text is None else str(text).strip()
        if text not in self._seen:
            self._seen[text] = self._match(text)
        return self._seen[text]

    def _match(self, text: str) -> ItemMatch:
        key = normalised(text)
        if not key:
            return ItemMatch(text)
        if key in self.exact:
            return ItemMatch(text, self.exact[key], 100)
        best = process.extractOne(simplified(key), self.choices, scorer=fuzz.token_sort_ratio,
                                  score_cutoff=ITEM_MATCH_CUTOFF)
        if best is None:
            return ItemMatch(text)
        choice, score, _ = best
        return ItemMatch(text, self.simple[choice], min(int(score), FUZZY_CEILING))


def simplified(text: str) -> str:
    """A name without generic words, plurals made singular ("Patriots" and "Patriot fire unit"
    both become "patriot")."""
    words = []
    for word in normalised(text).replace("(", " ").replace(")", " ").split():
        if word in GENERIC_WORDS:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return " ".join(words)


@dataclass
class Unmatched:
    """Names that matched nothing, with how often each occurred, so aliases can be added."""

    donors: Counter = field(default_factory=Counter)
    items: Counter = field(default_factory=Counter)
    reasons: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.donors) + len(self.items)

    @property
    def donor_counts(self) -> list[tuple[str, int]]:
        return self.donors.most_common()

    @property
    def item_counts(self) -> list[tuple[str, int]]:
        return self.items.most_common()

    def lines(self) -> list[str]:
        lines = [f"unmatched donor: {name} ({self.reasons.get(name, 'unknown name')}) × {count}"
                 for name, count in self.donors.most_common()]
        lines += [f"unmatched item: {name} × {count}" for name, count in self.items.most_common()]
        return lines
