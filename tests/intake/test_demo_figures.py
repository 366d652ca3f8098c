"""The committed figures file is what demo_figures.py derives from the shared datasets."""

import json
import os
from pathlib import Path

import pytest

from convoy.intake.demo_figures import FIGURES_PATH, derive, dumps, main

SHARED_DATA = Path(os.environ.get("CONVOY_SHARED_DATA", "/work/shared/data"))
needs_shared_data = pytest.mark.skipif(
    not (SHARED_DATA / "worldbank-gdp" / "gdp.csv").exists(),
    reason=f"the shared datasets are not at {SHARED_DATA} (set CONVOY_SHARED_DATA)",
)


@needs_shared_data
def test_committed_figures_match_the_shared_data():
    assert FIGURES_PATH.read_text(encoding="utf-8") == dumps(derive(SHARED_DATA))


@needs_shared_data
def test_figures_hold_the_real_numbers_the_demo_uses():
    figures = derive(SHARED_DATA)
    assert figures["gdp"]["DEU"]["year"] == 2023
    assert figures["gdp"]["USA"]["usd"] == 27_360_935_000_000
    assert len(figures["gdp"]) == 42
    assert all(row["date"] >= "2024-06-01" for row in figures["heavy_weapon_commitments"])
    assert figures["kiel"]["unit_value_eur"]["Patriot air defense battery"] > 300_000_000


def test_figures_file_is_small_and_needs_no_shared_folder():
    assert FIGURES_PATH.stat().st_size < 50_000
    figures = json.loads(FIGURES_PATH.read_text(encoding="utf-8"))
    assert {"gdp", "kiel", "heavy_weapon_commitments", "sources"} <= set(figures)


def test_entry_point_asks_for_the_data_folder(capsys):
    assert main([]) == 2
    assert "usage" in capsys.readouterr().err
