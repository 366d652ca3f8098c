"""Tracker layouts: which column holds what. The presets for the trackers Convoy knows, and
layouts made from a column mapping (saved on the page, or a JSON file for the command line).

A mapping's JSON shape (docs/intake-trackers.md has the full description)::

    {"name": "Donor sheet 2025", "sheet": "Pledges", "skip_rows": 2, "kind": "equipment",
     "columns": {"donor": "Country", "item": "System", "quantity": "Units",
                 "delivered": "Delivered", "date": "Announced", "key": "Ref", "url": "Link"}}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from convoy.intake.trackers.tables import TrackerFileError, header_key

#: What a column can hold, and what it means.
FIELDS = {
    "donor": _("the donor's name or ISO code"),
    "donor_code": _("the donor's ISO 3166 code, tried before the name"),
    "item": _("the item as the tracker writes it"),
    "quantity": _("units committed"),
    "delivered": _("units delivered"),
    "measure": _("the unit of the quantity (units, tons, ...); a quantity in other units is "
                 "not kept"),
    "date": _("the announcement date"),
    "year": _("the year, where the tracker has no date"),
    "month": _("the month (1-12), with the year"),
    "key": _("the tracker's own id of the record (a package id)"),
    "url": _("the source's address"),
    "kind": _("the type of aid, to tell equipment from financial rows"),
    "amount": _("the amount of money, in its currency"),
    "currency": _("the ISO 4217 code of the amount"),
    "value_eur": _("the value in EUR"),
}
MAPPING_KEYS = {"name", "sheet", "skip_rows", "kind", "columns", "currency", "amount_scale",
                "equipment_values", "financial_values"}
KINDS = ("equipment", "financial")


@dataclass(frozen=True)
class Layout:
    name: str
    columns: Mapping[str, tuple[str, ...]]
    sheet: str | None = None
    skip_rows: int = 0
    kind: str = "equipment"  # the kind of every row, unless a "kind" column tells
    kind_values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    currency: str = ""
    amount_scale: Decimal = Decimal(1)
    json_columns: tuple[str, ...] = ()

    def locate(self, headers: list[str], file_name: str) -> dict[str, str]:
        """The header each field is read from; a missing required one is an error."""
        present = set(headers)
        found = {}
        for name, spellings in self.columns.items():
            for spelling in spellings:
                if header_key(spelling) in present:
                    found[name] = header_key(spelling)
                    break
        required = ["donor"] if "donor_code" not in found else []
        if "kind" not in found and self.kind == "equipment":
            required.append("item")
        if "kind" not in found and self.kind == "financial" and "value_eur" not in found:
            required.append("amount")
        for name in required:
            if name not in found:
                looked = ", ".join(f"'{s}'" for s in self.columns.get(name, ())) or "none given"
                raise TrackerFileError(
                    f"{file_name}: no column for {name} ({FIELDS[name]}); looked for {looked} "
                    f"with layout '{self.name}'.")
        return found


KIEL = Layout(
    name="kiel",
    sheet="Bilateral assistance, MAIN DATA",
    columns={
        "key": ("ID", "id"),
        "donor": ("countries", "donor", "country"),
        "date": ("Announcement Date", "announcement_date"),
        "kind": ("Type of Aid General", "aid_type_general", "type_of_aid_general"),
        # The workbook's item column has no header: it is the ninth.
        "item": ("Item", "item", "column 9"),
        "quantity": ("No. of Units", "item_numb"),
        "delivered": ("No. of Units delivered (in-kind military aid)", "item_numb_deliv"),
        "measure": ("measure",),
        "amount": ("Monetary Value as Given by Source", "amount_orig", "tot_value_orig"),
        "currency": ("Original Currency", "currency"),
        "value_eur": ("Converted Value in EUR", "tot_value_eur", "value_eur"),
        "url": ("Source of Aid 1", "source_of_aid_1", "source_1", "source"),
    },
    kind_values={"equipment": ("military",), "financial": ("financial",)},
)

KIEL_EXPLORER = Layout(
    name="kiel-explorer",
    kind="financial",
    columns={
        "donor": ("country",),
        "donor_code": ("iso",),
        "year": ("year",),
        "month": ("month",),
        "amount": ("commitments",),
    },
    currency="EUR",
    amount_scale=Decimal(1_000_000_000),  # the explorer's figures are EUR billion
)

PUN = Layout(
    name="pun",
    columns={
        "date": ("date",),
        "donor": ("donor_iso2", "donor"),
        "item": ("system",),
        "quantity": ("quantity",),
        "url": ("source_url",),
    },
    json_columns=("date", "donor_iso2", "category", "system", "quantity", "source_url"),
)

PRESETS = {layout.name: layout for layout in (KIEL, KIEL_EXPLORER, PUN)}


class MappingError(ValueError):
    """A column mapping that cannot be used; the message names the key at fault."""


def layout_from_mapping(spec: Any, *, default_name: str = "mapping") -> Layout:
    """A layout from a mapping's JSON data, refusing unknown keys and fields."""
    if not isinstance(spec, dict):
        raise MappingError("The mapping must be a JSON object.")
    unknown = sorted(set(spec) - MAPPING_KEYS)
    if unknown:
        raise MappingError(f"Unknown key(s) in the mapping: {', '.join(unknown)}; allowed: "
                           f"{', '.join(sorted(MAPPING_KEYS))}.")
    columns = spec.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise MappingError("'columns' must map fields (donor, item, ...) to column headers.")
    wrong = sorted(set(columns) - set(FIELDS))
    if wrong:
        raise MappingError(f"Unknown field(s) in 'columns': {', '.join(wrong)}; allowed: "
                           f"{', '.join(FIELDS)}.")
    kind = spec.get("kind", "equipment")
    if kind not in KINDS:
        raise MappingError("'kind' must be 'equipment' or 'financial'.")
    skip = spec.get("skip_rows", 0)
    if not isinstance(skip, int) or isinstance(skip, bool) or not 0 <= skip <= 1000:
        raise MappingError("'skip_rows' must be a whole number from 0 to 1000.")
    try:
        scale = Decimal(str(spec.get("amount_scale", 1)))
    except ArithmeticError as error:
        raise MappingError("'amount_scale' must be a number.") from error
    if scale <= 0:
        raise MappingError("'amount_scale' must be more than 0.")
    name = str(spec.get("name") or default_name).strip()[:60]
    parsed = {key: _spellings(key, value) for key, value in columns.items() if value}
    if "donor" not in parsed and "donor_code" not in parsed:
        raise MappingError("'columns' must say which column holds the donor.")
    kind_values = {k: tuple(str(v).lower() for v in spec.get(f"{k}_values", ())) for k in KINDS}
    return Layout(
        name=f"mapping:{name}", columns=parsed, sheet=spec.get("sheet") or None,
        skip_rows=skip, kind=kind, currency=str(spec.get("currency", "")).upper()[:3],
        amount_scale=scale, kind_values={k: v for k, v in kind_values.items() if v},
    )


def _spellings(key: str, value: Any) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise MappingError(f"'columns.{key}' must be a column header or a list of them.")
    return tuple(values)
