"""The intake app's models (each part keeps its own module)."""

from convoy.intake.import_models import ImportRun
from convoy.intake.proposal_models import ColumnMapping, ItemAlias, Proposal

__all__ = ["ColumnMapping", "ImportRun", "ItemAlias", "Proposal"]
