"""Reading a tracker file into proposals: the layout chosen (a preset, a mapping, or recognised
from the headers), the file read, and the proposals stored through the services."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from convoy.intake.proposal_models import ColumnMapping
from convoy.intake.proposal_services import IntakeSummary, proposals_store
from convoy.intake.trackers.layouts import (
    KIEL,
    KIEL_EXPLORER,
    PRESETS,
    PUN,
    Layout,
    MappingError,
    layout_from_mapping,
)
from convoy.intake.trackers.reading import read_tracker
from convoy.intake.trackers.tables import TrackerFileError, read_rows


def layout_for(preset: str | None = None, mapping: str | None = None,
               path: Path | None = None) -> Layout:
    """The layout named by `preset`, or read from `mapping` (a JSON file, or the name of a
    mapping saved on the page), or else recognised from the file's headers."""
    if preset:
        if preset not in PRESETS:
            raise TrackerFileError(f"--preset: unknown preset '{preset}'; choose "
                                   f"{', '.join(PRESETS)}.")
        return PRESETS[preset]
    if mapping:
        return _mapping_layout(mapping)
    if path is None:
        raise TrackerFileError("Give a preset or a column mapping.")
    return recognised_layout(path)


def _mapping_layout(mapping: str) -> Layout:
    file = Path(mapping)
    try:
        if file.is_file():
            spec: Any = json.loads(file.read_text(encoding="utf-8"))
            return layout_from_mapping(spec, default_name=file.stem)
        saved = ColumnMapping.objects.filter(name=mapping).first()
        if saved is None:
            raise TrackerFileError(f"--mapping: '{mapping}' is neither a file nor a saved "
                                   "column mapping.")
        return layout_from_mapping(saved.spec, default_name=saved.name)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TrackerFileError(f"--mapping {mapping}: not valid JSON ({error}).") from error
    except MappingError as error:
        raise TrackerFileError(f"--mapping {mapping}: {error}") from error


def recognised_layout(path: Path) -> Layout:
    """The preset whose columns the file has (Kiel's workbook is read at its main sheet)."""
    for layout in (KIEL, PUN, KIEL_EXPLORER):
        sheet = layout.sheet if Path(path).suffix.lower() in {".xlsx", ".xlsm"} else None
        try:
            headers, _ = read_rows(path, sheet=sheet, json_columns=layout.json_columns)
            layout.locate(headers, Path(path).name)
        except TrackerFileError:
            continue
        return layout
    raise TrackerFileError(f"{Path(path).name}: its columns fit no preset; choose a preset "
                           "or give a column mapping.")


def tracker_read(*, actor: Any, path: Path, layout: Layout, dry_run: bool = False,
                 file_name: str | None = None) -> IntakeSummary:
    reading = read_tracker(path, layout)
    sheet = layout.sheet if Path(path).suffix.lower() in {".xlsx", ".xlsm"} else ""
    return proposals_store(
        actor=actor, source=layout.name, drafts=reading.drafts, rows=reading.rows,
        file_name=file_name or Path(path).name, sheet=sheet or "", dry_run=dry_run,
    )
