"""Reading a report into proposals: its text read, its sentences weighed, and the pledges it
announces stored for review through the services (the summary's "rows" are its sentences)."""

from __future__ import annotations

from datetime import date
from typing import Any

from convoy.intake.drafts import Draft
from convoy.intake.proposal_services import IntakeSummary, proposals_store
from convoy.intake.reports_text.reader import ReportReader

REPORT_SOURCE = "report"


def report_read(*, actor: Any, text: str, file_name: str = "", dry_run: bool = False,
                report_date: date | None = None) -> tuple[IntakeSummary, list[Draft]]:
    reader = ReportReader()
    drafts = reader.read(text, report_date=report_date)
    summary = proposals_store(
        actor=actor, source=REPORT_SOURCE, drafts=drafts, rows=reader.sentences,
        file_name=file_name, dry_run=dry_run, whole_release=False,
    )
    return summary, drafts
