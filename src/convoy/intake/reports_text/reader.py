"""The pledges a report announces, sentence by sentence, with spaCy's rule machinery.

A blank English pipeline (nothing to download) splits sentences; an EntityRuler marks nations,
bodies that are not nations, and equipment from the gazetteers. A sentence proposes something
only when it announces a transfer (a verb of giving), names a donor nation that is not the
recipient, and does not talk about a pledge still to be agreed, considered or expected.

Which nation gave which item: "X from Italy" binds Italy to the item just before it (and to no
other); otherwise the sentence's donor, the first nation not in a recipient's or a place's
position ("to Ukraine", "in Poland"), gives every item not bound so. A number right before an
item (digits or words, "a further 20", "up to 100", "two batteries of") is its quantity.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import dateparser
import spacy
from spacy.matcher import Matcher
from text_to_num import text2num

from convoy.core.models import Nation
from convoy.core.validators import FIRST_DAY, LAST_DAY
from convoy.intake.drafts import Draft
from convoy.intake.reports_text.gazetteers import item_patterns, nation_patterns

#: Verbs of a transfer actually made or decided.
GIVING = re.compile(
    r"\b(pledg|announc|send|sent|deliver|provid|donat|give|gave|giving|transferr?|suppl(y|ie)"
    r"|commit|hand(ed|ing|s)? over|allocat|get|gets|getting|got|receiv|contribut|dispatch"
    r"|ship|fund|grant|earmark|offer)\w*", re.IGNORECASE)
#: Talk of a pledge still to come, refused, or only hoped for: nothing is proposed.
NOT_YET = re.compile(
    r"\b(not yet|no agreement|not reached|not agreed|has not|have not|had not|did not|does not"
    r"|do not|won't|will not|cannot|can't|refus\w*|reject\w*|discuss\w*|talks?|consider\w*"
    r"|expected to|expects?|could|might|may (be|have|send|provide|deliver|give)|hopes?|hoping"
    r"|urg(e|es|ed)|call(s|ed)? on|ask(s|ed)? for|request\w*|plans? to|planning to|intends?"
    r"|would like|whether|if|should|negotiat\w*|future|next year)\b", re.IGNORECASE)
#: Words that may stand between a number and its item ("two more German IRIS-T systems").
BETWEEN = {"more", "additional", "further", "new", "extra", "modern", "used", "refurbished",
           "advanced", "sophisticated", "of", "batteries", "battery", "units", "unit",
           "systems", "system", "launchers", "launcher", "fire", "older", "upgraded", "its",
           "their", "heavy", "mobile"}
ONE = {"a", "an", "another", "one"}
PLACE_WORDS = {"to", "in", "at", "for", "with", "across", "against", "into", "toward",
               "towards", "within", "on", "by"}
MONEY = re.compile(
    r"(?P<pre>€|\$|£|¥|US\$|C\$|EUR|USD|GBP|CAD|NOK|SEK|DKK|PLN|CHF|JPY|AUD)\s?"
    r"(?P<num>\d[\d,]*(?:\.\d+)?)\s?(?P<scale>billion|bn|bln|million|mln|m|thousand)?\b"
    r"|(?P<num2>\d[\d,]*(?:\.\d+)?)\s?(?P<scale2>billion|bn|bln|million|mln|m)?\s"
    r"(?P<post>euros?|dollars?|pounds?|kroner|kronor|zloty|francs?|yen)\b",
    re.IGNORECASE)
CURRENCIES = {"€": "EUR", "$": "USD", "us$": "USD", "£": "GBP", "¥": "JPY", "c$": "CAD",
              "euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "pound": "GBP",
              "pounds": "GBP", "zloty": "PLN", "yen": "JPY", "franc": "CHF", "francs": "CHF"}
SCALES = {"billion": 10**9, "bn": 10**9, "bln": 10**9, "million": 10**6, "mln": 10**6,
          "m": 10**6, "thousand": 10**3}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
RELATIVE_DAY = re.compile(
    rf"\b(?:on|last|this)\s+({'|'.join(WEEKDAYS)})\b|\b(yesterday|today)\b", re.IGNORECASE)
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november"
          "|december")
DAY_MONTH = re.compile(rf"\bon\s+(\d{{1,2}}\s+(?:{MONTHS})(?:\s+\d{{4}})?|(?:{MONTHS})\s+"
                       rf"\d{{1,2}}(?:,?\s+\d{{4}})?)\b", re.IGNORECASE)
REPORT_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}\s+(?:"
                         rf"{MONTHS})\s+\d{{4}}|(?:{MONTHS})\s+\d{{1,2}},\s+\d{{4}})\b",
                         re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    """An entity of a sentence, with where it stands."""

    label: str
    text: str
    code: str
    start: int
    end: int


class ReportReader:
    """Built once per reading: its gazetteers come from the current nations and catalogue."""

    def __init__(self) -> None:
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")
        ruler = self.nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
        ruler.add_patterns(nation_patterns(self.nlp) + item_patterns(self.nlp))
        self.recipients = set(Nation.objects.filter(kind=Nation.Kind.RECIPIENT)
                              .values_list("code", flat=True))
        self.sentences = 0
        self.numbers = Matcher(self.nlp.vocab)
        self.numbers.add("UP_TO", [[{"LOWER": "up"}, {"LOWER": "to"}, {"LIKE_NUM": True}]])

    def read(self, text: str, *, report_date: date | None = None) -> list[Draft]:
        report_date = report_date or date_of_report(text)
        digest = hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:12]
        drafts: list[Draft] = []
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        number = 0
        for doc in self.nlp.pipe(lines):
            for sentence in doc.sents:
                number += 1
                self.sentences += 1
                for draft in self._sentence(sentence, report_date):
                    base = f"{digest}|{number}|{draft.item_text or draft.currency}"
                    draft.key = base[:200]
                    drafts.append(draft)
        return drafts

    def _sentence(self, sentence: Any, report_date: date | None) -> list[Draft]:
        text = sentence.text.strip()
        if not GIVING.search(text) or NOT_YET.search(text):
            return []
        found = [Found(e.label_, e.text, e.ent_id_, e.start, e.end) for e in sentence.ents]
        items = _without_head_nouns([f for f in found if f.label == "ITEM"])
        nations = [f for f in found if f.label == "NATION" and f.code not in self.recipients]
        bound, binders = self._bound_by_from(sentence, items, nations)
        donor = self._subject(sentence, [n for n in nations if n not in binders])
        announced = sentence_date(text, report_date)
        certainty = 70 if re.search(r"\bwould\b", text, re.IGNORECASE) else 90
        drafts = []
        for item in items:
            giver = bound.get(item) or donor
            if giver is None:
                continue
            drafts.append(Draft(
                kind="equipment", key="", donor_text=giver.text, donor_code=giver.code,
                item_text=item.text, item_code=item.code, quantity=self._quantity(sentence, item),
                announced_on=announced, sentence=text, certainty=certainty))
        money = money_in(text)
        if money and donor is not None:
            amount, currency = money
            if drafts:
                if len(drafts) == 1 and currency == "EUR":
                    drafts[0].value_eur = amount
            else:
                drafts.append(Draft(
                    kind="financial", key="", donor_text=donor.text, donor_code=donor.code,
                    amount=amount, currency=currency,
                    value_eur=amount if currency == "EUR" else None, announced_on=announced,
                    sentence=text, certainty=certainty))
        return drafts

    @staticmethod
    def _bound_by_from(sentence: Any, items: list[Found], nations: list[Found]
                       ) -> tuple[dict[Found, Found], set[Found]]:
        """Items followed by "from <nation>": that nation gives that item alone."""
        bound: dict[Found, Found] = {}
        binders: set[Found] = set()
        doc = sentence.doc
        for nation in nations:
            if _word_before(doc, nation.start, sentence.start) != "from":
                continue
            before = [i for i in items if i.end <= nation.start - 1]
            if before:
                bound[before[-1]] = nation
                binders.add(nation)
        return bound, binders

    @staticmethod
    def _subject(sentence: Any, nations: list[Found]) -> Found | None:
        """The first nation that is not where something goes or happens."""
        doc = sentence.doc
        for nation in nations:
            previous = _word_before(doc, nation.start, sentence.start)
            if previous in PLACE_WORDS or previous == "from":
                continue
            return nation
        return None

    @staticmethod
    def _quantity(sentence: Any, item: Found) -> int | None:
        doc = sentence.doc
        index = item.start - 1
        while index >= sentence.start:
            token = doc[index]
            word = token.lower_
            if token.like_num or word in ONE:
                return _number(doc, index)
            if word in BETWEEN or token.ent_type_ == "NATION" or (token.is_punct and word == "-"):
                index -= 1
                continue
            return None
        return None


def _word_before(doc: Any, start: int, first: int) -> str:
    """The word before a name, past "the" ("from the United Kingdom")."""
    index = start - 1
    if index >= first and doc[index].lower_ == "the":
        index -= 1
    return doc[index].lower_ if index >= first else ""


def _without_head_nouns(items: list[Found]) -> list[Found]:
    """Generic words right after a catalogue item name it again ("PT-91 Twardy tanks", "CAESAR
    155 mm howitzers"): they are not another item."""
    kept: list[Found] = []
    for item in items:
        previous = kept[-1] if kept else None
        if (not item.code and previous is not None and previous.code
                and item.start - previous.end <= 2):
            continue
        kept.append(item)
    return kept


def _number(doc: Any, index: int) -> int | None:
    """The whole number ending at token `index` ("20", "1,000", "twenty-five", "two")."""
    token = doc[index]
    word = token.lower_
    if word in ONE:
        return 1
    if index + 1 < len(doc) and doc[index + 1].lower_ in SCALES:
        return None  # "20 million": money, not units
    text = word.replace(",", "")
    if text.isdigit():
        value = int(text)
    elif word.endswith("s"):  # "hundreds", "dozens": no count
        return None
    else:
        start = index
        while start > 0:
            previous = doc[start - 1]
            if previous.like_num and not previous.lower_.isdigit():
                start -= 1
            elif previous.text == "-" and start > 1 and doc[start - 2].like_num:
                start -= 2  # "twenty-five" is three tokens
            else:
                break
        try:
            value = int(text2num(doc[start:index + 1].text.lower(), "en"))
        except ValueError:
            return None
    return value if 1 <= value <= 10_000_000 else None


def money_in(text: str) -> tuple[Decimal, str] | None:
    match = MONEY.search(text)
    if match is None:
        return None
    number = match.group("num") or match.group("num2")
    scale = (match.group("scale") or match.group("scale2") or "").lower()
    unit = (match.group("pre") or match.group("post") or "").lower()
    currency = CURRENCIES.get(unit, unit.upper())
    try:
        amount = Decimal(number.replace(",", "")) * SCALES.get(scale, 1)
    except InvalidOperation:
        return None
    if amount <= 0 or len(currency) != 3:
        return None
    return amount.quantize(Decimal("0.01")), currency


def date_of_report(text: str) -> date | None:
    """The report's own date, from its first lines (a dateline or a time stamp)."""
    head = "\n".join(text.strip().splitlines()[:6])[:600]
    match = REPORT_DATE.search(head)
    if match is None:
        return None
    parsed = dateparser.parse(match.group(1), languages=["en"],
                              settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"})
    day = parsed.date() if parsed else None
    return day if day is not None and FIRST_DAY <= day <= LAST_DAY else None


def sentence_date(text: str, report_date: date | None) -> date | None:
    """The day a sentence says ("on Friday", "yesterday", "on 14 June"), counted from the
    report's date; else the report's date."""
    relative = RELATIVE_DAY.search(text)
    if relative and report_date is not None:
        if relative.group(2):
            back = 1 if relative.group(2).lower() == "yesterday" else 0
            return report_date - timedelta(days=back)
        weekday = WEEKDAYS.index(relative.group(1).lower())
        return report_date - timedelta(days=(report_date.weekday() - weekday) % 7)
    absolute = DAY_MONTH.search(text)
    if absolute:
        base = report_date or date.today()
        parsed = dateparser.parse(absolute.group(1), languages=["en"], settings={
            "PREFER_DATES_FROM": "past", "RELATIVE_BASE": _midnight(base)})
        if parsed and FIRST_DAY <= parsed.date() <= LAST_DAY:
            return parsed.date()
    return report_date


def _midnight(day: date) -> Any:
    from datetime import datetime

    return datetime(day.year, day.month, day.day)
