"""What a tracker row or a report sentence proposes, before names are resolved and anything is
stored: the one shape both readers hand to the proposal services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass
class Draft:
    kind: str  # "equipment" or "financial"
    key: str  # stable within its source, so reading it again finds the same proposal
    donor_text: str
    row: int | None = None
    donor_code: str = ""
    item_text: str = ""
    item_code: str = ""  # the catalogue item the reader already recognised, if any
    quantity: int | None = None
    delivered: int | None = None
    announced_on: date | None = None
    date_text: str = ""
    amount: Decimal | None = None
    currency: str = ""
    value_eur: Decimal | None = None
    url: str = ""
    sentence: str = ""
    #: How sure the reader is that this is a pledge at all (a tracker row is; a sentence less).
    certainty: int = 100
