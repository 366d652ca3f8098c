"""Derive the demo's real figures from the shared public datasets into one small JSON file.

    python -m convoy.intake.demo_figures /path/to/shared/data

reads (each folder's SOURCE.md describes the file):
- worldbank-gdp/gdp.csv: each demo nation's GDP (current USD) in its latest year;
- kiel-ust-website/data_explorer.csv: each donor's military allocations per year (EUR bn);
- kiel-ust-website/weapons.csv: heavy weapons by donor and category, with their EUR value;
- pun-heavy-weapons/heavy_weapon_commitments.csv: heavy-weapon commitments by donor, system,
  quantity and date, from 2024-06-01 (the month the coalition agreed to coordinate) on;

and writes src/convoy/intake/demo_data/figures.json, which is committed. The demo reads only that
file, so `convoy demo` needs nothing outside the repository.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

FIGURES_PATH = Path(__file__).resolve().parent / "demo_data" / "figures.json"

# The 32 allies, the partners that support Ukraine in the Kiel data (military or not), and the
# recipient: the nations the demo holds.
ALLIES = (
    "ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "ISL", "ITA", "LVA", "LTU", "LUX", "MNE", "NLD", "MKD", "NOR", "POL", "PRT", "ROU", "SVK",
    "SVN", "ESP", "SWE", "TUR", "GBR", "USA",
)
PARTNERS = ("AUS", "AUT", "CHE", "CYP", "IRL", "JPN", "KOR", "MLT", "NZL")
RECIPIENT = "UKR"
DEMO_NATIONS = (*ALLIES, *PARTNERS, RECIPIENT)

# Protect Ukraine Now writes donors as lower-case ISO alpha-2 codes.
ISO2_TO_ISO3 = {
    "ar": "ARG", "au": "AUS", "be": "BEL", "bg": "BGR", "ca": "CAN", "cz": "CZE", "de": "DEU",
    "dk": "DNK", "ee": "EST", "es": "ESP", "fi": "FIN", "fr": "FRA", "gb": "GBR", "gr": "GRC",
    "hr": "HRV", "it": "ITA", "lt": "LTU", "lv": "LVA", "mk": "MKD", "nl": "NLD", "no": "NOR",
    "pl": "POL", "pt": "PRT", "ro": "ROU", "se": "SWE", "si": "SVN", "sk": "SVK", "tr": "TUR",
    "us": "USA",
}
COMMITMENTS_FROM = "2024-06-01"
KIEL_YEARS = ("2024", "2025")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def latest_gdp(data_dir: Path) -> dict[str, dict[str, int]]:
    latest: dict[str, tuple[int, float]] = {}
    for row in _rows(data_dir / "worldbank-gdp" / "gdp.csv"):
        code, year = row["Country Code"], int(row["Year"])
        if code in DEMO_NATIONS and row["Value"] and (code not in latest or year > latest[code][0]):
            latest[code] = (year, float(row["Value"]))
    return {code: {"year": y, "usd": round(v)} for code, (y, v) in sorted(latest.items())}


def kiel_military(data_dir: Path) -> dict[str, Any]:
    folder = data_dir / "kiel-ust-website"
    by_donor: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    names: dict[str, str] = {}
    for row in _rows(folder / "data_explorer.csv"):
        if row["iso"] not in DEMO_NATIONS:
            continue
        names[row["iso"]] = row["country"]
        by_donor[row["iso"]][row["year"]] += float(row["military"] or 0)
        by_donor[row["iso"]]["all"] += float(row["military"] or 0)
    release = _rows(folder / "release_info.csv")[0]["label"]
    donors = {
        iso: {
            "name": names[iso],
            "military_eur_bn_all_years": round(years["all"], 4),
            **{f"military_eur_bn_{y}": round(years.get(y, 0.0), 4) for y in KIEL_YEARS},
        }
        for iso, years in sorted(by_donor.items())
    }
    return {"release": release, "donors": donors,
            "unit_value_eur": unit_values(_rows(folder / "weapons.csv"))}


def unit_values(weapons: list[dict[str, str]]) -> dict[str, int]:
    """EUR per weapon for each system that is alone in a donor's category row of weapons.csv.

    Kiel gives one value per donor and category; only where the row lists a single system is
    that value the system's (e.g. "Patriot air defense battery (1)" from the Netherlands).
    """
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in weapons:
        systems = row["weapons_list"].split(";")
        value, number = float(row["monetary_value_eur"]), int(row["number_of_weapons"])
        if len(systems) != 1 or value <= 0 or number <= 0:
            continue
        name = re.sub(r"\s*\(\d+\)\s*$", "", systems[0]).strip()
        totals[name][0] += value
        totals[name][1] += number
    return {name: round(value / number) for name, (value, number) in sorted(totals.items())}


def heavy_weapon_commitments(data_dir: Path) -> list[dict[str, Any]]:
    rows = _rows(data_dir / "pun-heavy-weapons" / "heavy_weapon_commitments.csv")
    return [
        {
            "date": row["date"],
            "donor": ISO2_TO_ISO3[row["donor_iso2"]],
            "category": row["category"],
            "system": row["system"],
            "quantity": int(row["quantity"]),
        }
        for row in sorted(rows, key=lambda r: (r["date"], r["donor_iso2"], r["system"]))
        if row["date"] >= COMMITMENTS_FROM and ISO2_TO_ISO3[row["donor_iso2"]] in DEMO_NATIONS
    ]


def derive(data_dir: Path) -> dict[str, Any]:
    """The figures as a plain dict; the same data always gives the same dict."""
    return {
        "sources": {
            "gdp": "worldbank-gdp/gdp.csv (World Bank NY.GDP.MKTP.CD), latest year per nation",
            "kiel": "kiel-ust-website/data_explorer.csv and weapons.csv"
            " (IfW Kiel, Trebesch et al.)",
            "commitments": "pun-heavy-weapons/heavy_weapon_commitments.csv (protectukrainenow.org)"
            f", rows dated {COMMITMENTS_FROM} or later",
        },
        "gdp": latest_gdp(data_dir),
        "kiel": kiel_military(data_dir),
        "heavy_weapon_commitments": heavy_weapon_commitments(data_dir),
    }


def dumps(figures: dict[str, Any]) -> str:
    return json.dumps(figures, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: python -m convoy.intake.demo_figures /path/to/shared/data", file=sys.stderr)
        return 2
    figures = derive(Path(args[0]))
    FIGURES_PATH.parent.mkdir(parents=True, exist_ok=True)
    FIGURES_PATH.write_text(dumps(figures), encoding="utf-8")
    print(f"Wrote {FIGURES_PATH} ({FIGURES_PATH.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
