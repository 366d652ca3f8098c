"""Imports started on the page: the upload kept in an ImportRun, checked (a dry run) and then
imported by the background worker, with progress the page can read while the work runs.

The import itself is one database transaction, so its progress cannot be read from the
database until it ends; it is kept in a small file under the var directory instead, which
the worker and the web processes of one machine share.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django_tasks import task

from convoy.intake.import_models import ImportRun
from convoy.intake.spreadsheets.importer import Outcome, import_file
from convoy.intake.spreadsheets.reader import checksum, count_rows
from convoy.intake.spreadsheets.registry import sheet_type


def _progress_file(run_id: int) -> Path:
    folder = Path(getattr(settings, "VAR_DIR", "var")) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{run_id}.progress"


def report_progress(run_id: int, rows_done: int) -> None:
    _progress_file(run_id).write_text(str(rows_done))


def rows_done(run: ImportRun) -> int:
    try:
        return int(_progress_file(run.pk).read_text() or 0)
    except (OSError, ValueError):
        return 0


def start_check(*, actor: Any, type_name: str, file: Any, file_name: str) -> ImportRun:
    """Keep the upload and queue its check (a dry run); the run page shows the progress."""
    content = file.read()
    handle = io.BytesIO(content)
    run = ImportRun.objects.create(
        user=actor, sheet_type=sheet_type(type_name).name, file_name=file_name[:255],
        checksum=checksum(handle), content=content, size_rows=count_rows(handle, file_name))
    transaction.on_commit(lambda: check_import.enqueue(run.pk))
    return run


def confirm(*, actor: Any, run: ImportRun) -> ImportRun:
    """The user confirms a checked file: queue the import itself."""
    if run.user_id != actor.pk or run.status != ImportRun.Status.PREVIEWED:
        raise ValueError("only a checked file of your own can be imported")
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.IMPORTING, result={})
    report_progress(run.pk, 0)
    transaction.on_commit(lambda: commit_import.enqueue(run.pk))
    run.refresh_from_db()
    return run


def execute(run: ImportRun, *, dry_run: bool) -> Outcome:
    report_progress(run.pk, 0)
    outcome = import_file(sheet_type(run.sheet_type), io.BytesIO(bytes(run.content)),
                          run.file_name, actor=run.user, dry_run=dry_run,
                          progress=lambda n: report_progress(run.pk, n))
    if dry_run:
        status = ImportRun.Status.FAILED if outcome.errors else ImportRun.Status.PREVIEWED
    else:
        status = ImportRun.Status.DONE if outcome.written else ImportRun.Status.FAILED
    ImportRun.objects.filter(pk=run.pk).update(status=status, result=as_data(outcome))
    return outcome


def as_data(outcome: Outcome) -> dict[str, Any]:
    """The outcome as JSON data: counts, the kept rows with their changes, every message."""
    return {
        "summary": outcome.summary,
        "created": outcome.created, "updated": outcome.updated,
        "unchanged": outcome.unchanged, "errors": outcome.errors,
        "written": outcome.written, "dry_run": outcome.dry_run,
        "file_errors": outcome.file_errors,
        "messages": list(outcome.messages()),
        "rows": [{"row": r.number, "action": r.action, "key": r.key,
                  "changes": [{"column": c, "before": b, "after": a} for c, b, a in r.changes],
                  "errors": r.errors} for r in outcome.rows],
    }


@task()
def check_import(run_id: int) -> str:
    run = ImportRun.objects.select_related("user").get(pk=run_id)
    return execute(run, dry_run=True).summary


@task()
def commit_import(run_id: int) -> str:
    run = ImportRun.objects.select_related("user").get(pk=run_id)
    return execute(run, dry_run=False).summary
