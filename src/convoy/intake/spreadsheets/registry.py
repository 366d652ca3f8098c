"""Every record type that has a spreadsheet, by the name the command line and pages use."""

from convoy.intake.spreadsheets.record_types import RECORD_TYPES
from convoy.intake.spreadsheets.reference_types import REFERENCE_TYPES
from convoy.intake.spreadsheets.sheets import SheetType

SHEET_TYPES: dict[str, SheetType] = {t.name: t for t in [*RECORD_TYPES, *REFERENCE_TYPES]}


class UnknownType(LookupError):
    pass


def sheet_type(name: str) -> SheetType:
    try:
        return SHEET_TYPES[name.lower()]
    except KeyError:
        raise UnknownType(name) from None
