"""`convoy plan generate`: realistic random scenarios, deterministic for a (size, seed).

Supply is scarce (pledged units are well short of what is required), node capacity binds in the
busy early weeks and drops in a few outage weeks (capacity_overrides), heavy systems need trained
crews, and crew courses have few seats. In format 2 (`--format 2`) the same scenario also has
equipment coming back from repair and crews still in training, drawn from a random stream of
their own so that everything else stays as in format 1.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from convoy.planner.scenario import SCENARIO_FORMAT, SCENARIO_FORMAT_2


@dataclass(frozen=True)
class Size:
    donors: int
    groups: int
    pledges: int
    requirements: int
    nodes: int
    weeks: int


SIZES = {
    "XS": Size(5, 6, 30, 20, 2, 12),
    "S": Size(10, 20, 200, 150, 3, 26),
    "M": Size(30, 120, 5000, 3000, 6, 52),
    "L": Size(50, 400, 50000, 20000, 12, 52),
}

# family: (items as (id, name, unit mass t), course or None, typical requirement size)
FAMILIES: list[tuple[str, list[tuple[str, str, float]], str | None, int]] = [
    ("ammo-155", [("art-155-he", "155mm HE shell", 0.048),
                  ("art-155-smoke", "155mm smoke shell", 0.046),
                  ("art-155-pgm", "155mm guided shell", 0.05)], None, 40000),
    ("ad-long-range", [("ad-patriot-ln", "Patriot launcher", 38.0),
                       ("ad-sampt-ln", "SAMP/T launcher", 32.0)], "ad-long-crew", 6),
    ("ammo-120-mortar", [("mor-120-he", "120mm mortar bomb", 0.016)], None, 15000),
    ("ifv", [("ifv-marder", "Marder 1A3 IFV", 33.5),
             ("ifv-bradley", "M2A2 Bradley IFV", 30.0),
             ("ifv-cv90", "CV90 IFV", 35.0)], "ifv-crew", 40),
    ("atgm", [("atgm-javelin", "Javelin missile", 0.022),
              ("atgm-nlaw", "NLAW launcher", 0.0125)], None, 3000),
    ("spg", [("spg-pzh2000", "PzH 2000 howitzer", 55.8),
             ("spg-caesar", "CAESAR howitzer", 17.7)], "spg-crew", 18),
    ("ammo-105", [("art-105-he", "105mm HE shell", 0.021)], None, 20000),
    ("mbt", [("mbt-leopard2a4", "Leopard 2A4 tank", 55.2),
             ("mbt-abrams-m1a1", "M1A1 Abrams tank", 61.3)], "mbt-crew", 30),
    ("manpads", [("ad-stinger", "Stinger missile", 0.016),
                 ("ad-piorun", "Piorun missile", 0.017)], None, 1000),
    ("mlrs", [("mlrs-himars", "HIMARS launcher", 16.3),
              ("mlrs-m270", "M270 MLRS", 24.9)], "mlrs-crew", 12),
    ("rockets-122", [("rkt-122-grad", "122mm Grad rocket", 0.066)], None, 6000),
    ("ad-medium-range", [("ad-iris-t-slm", "IRIS-T SLM launcher", 20.0),
                         ("ad-nasams-ln", "NASAMS launcher", 9.5)], "ad-medium-crew", 8),
    ("apc", [("apc-m113", "M113 APC", 12.3), ("apc-patria", "Patria AMV", 26.0)], None, 60),
    ("ad-gun", [("ad-gepard", "Gepard SPAAG", 47.5)], "ad-gun-crew", 15),
    ("trucks", [("trk-hx", "HX 8x8 truck", 18.0), ("trk-mil", "utility truck", 8.5)], None, 150),
    ("engineering", [("eng-bridge", "bridge-laying tank", 50.0),
                     ("eng-demining", "mine-clearing vehicle", 45.0)], "eng-crew", 10),
    ("medical", [("med-ifak", "first-aid kit", 0.001),
                 ("med-tourniquet", "tourniquet pack", 0.002)], None, 20000),
    ("drones", [("uav-recon", "recon drone", 0.005), ("uav-strike", "strike drone", 0.02)],
     None, 4000),
    ("small-arms-ammo", [("sa-556", "5.56mm, crate of 1000", 0.014),
                         ("sa-762", "7.62mm, crate of 1000", 0.026)], None, 30000),
    ("radars", [("rdr-counter-battery", "counter-battery radar", 18.0)], "radar-crew", 8),
    ("ambulances", [("amb-armoured", "armoured ambulance", 14.0),
                    ("amb-field", "field ambulance truck", 7.5)], None, 25),
]
DONORS = ["DEU", "USA", "GBR", "FRA", "POL", "NLD", "DNK", "NOR", "SWE", "FIN", "CAN", "ITA",
          "ESP", "CZE", "BEL", "PRT", "EST", "LVA", "LTU", "SVK", "ROU", "BGR", "GRC", "TUR",
          "AUS", "JPN", "KOR", "AUT", "IRL", "LUX", "SVN", "HRV", "ISL", "NZL", "CHE", "HUN",
          "MNE", "MKD", "ALB", "ISR", "ARG", "BRA", "CHL", "MEX", "ZAF", "IND", "SGP", "MAR",
          "ARE", "SAU"]
NODE_SITES = [("POL", "Rzeszow"), ("ROU", "Suceava"), ("SVK", "Kosice"), ("POL", "Lublin"),
              ("HUN", "Nyiregyhaza"), ("ROU", "Constanta"), ("POL", "Przemysl"),
              ("SVK", "Michalovce"), ("LTU", "Kaunas"), ("ROU", "Iasi"), ("POL", "Chelm"),
              ("MDA", "Chisinau")]
DESTINATIONS = ["UKR-W", "UKR-E", "UKR-S"]
PRIORITY_SHARES = [1, 2, 2, 3, 3, 3, 4, 4, 5, 5]


def _groups(rng: random.Random, count: int) -> list[tuple[str, list[tuple[str, str, float]],
                                                          str | None, int]]:
    """`count` groups: the families first, then numbered tranches of them (other standards)."""
    out = []
    for k in range(count):
        family, items, course, typical = FAMILIES[k % len(FAMILIES)]
        tranche = k // len(FAMILIES)
        suffix = "" if tranche == 0 else f"-{tranche + 1}"
        label = f" (tranche {tranche + 1})" if tranche else ""
        variants = [(f"{iid}{suffix}", f"{name}{label}", round(mass * rng.uniform(0.95, 1.05), 4))
                    for iid, name, mass in items]
        out.append((f"{family}{suffix}", variants, f"{course}{suffix}" if course else None,
                    typical))
    return out


def generate(size: str, seed: int, version: int = 1) -> dict[str, Any]:
    """A convoy-scenario/1 (or /2) document (a JSON-ready dict) of the named size."""
    spec = SIZES[size]
    rng = random.Random(f"convoy-{size}-{seed}")
    horizon = spec.weeks
    donors = DONORS[: spec.donors]
    destinations = DESTINATIONS[: 2 if spec.nodes <= 3 else 3]
    groups = _groups(rng, spec.groups)

    items: list[dict[str, Any]] = []
    courses: list[dict[str, Any]] = []
    for gid, variants, course, _ in groups:
        for iid, name, mass in variants:
            item: dict[str, Any] = {"id": iid, "name": name, "group": gid, "unit_mass_t": mass}
            if course:
                item["training"] = {"course": course,
                                    "crews_per_unit": 1 if mass < 40 else rng.choice([1, 2])}
            items.append(item)
        if course:
            courses.append({"id": course, "name": f"{course} course",
                            "sessions": _sessions(rng, course, horizon, len(courses))})

    # Requirements: each group gets a share; quantities around the family's typical size.
    requirements: list[dict[str, Any]] = []
    group_of_req = [groups[k % len(groups)] for k in range(spec.requirements)]
    rng.shuffle(group_of_req)
    for k, (gid, _, _, typical) in enumerate(group_of_req):
        requirements.append({
            "id": f"R-{k + 1}", "group": gid,
            "quantity": max(1, int(typical * rng.uniform(0.2, 1.5))),
            "priority": rng.choice(PRIORITY_SHARES),
            "due_week": rng.randint(min(2, horizon - 1), horizon - 1),
            "destination": rng.choice(destinations)})
    demand: dict[str, int] = {g[0]: 0 for g in groups}
    for r in requirements:
        demand[r["group"]] += r["quantity"]

    # Pledges: scarce (about 55-85% of a group's demand in total), available early-ish.
    pledges: list[dict[str, Any]] = []
    pledge_group = [groups[k % len(groups)] for k in range(spec.pledges)]
    rng.shuffle(pledge_group)
    per_group = {g[0]: 0 for g in groups}
    for g in pledge_group:
        per_group[g[0]] += 1
    for k, (gid, variants, _, _) in enumerate(pledge_group):
        share = demand[gid] * rng.uniform(0.55, 0.85) / max(per_group[gid], 1)
        qty = max(1, int(share * rng.uniform(0.5, 1.5))) if demand[gid] else rng.randint(1, 5)
        donor = rng.choice(donors)
        pledges.append({
            "id": f"P-{k + 1}", "donor": donor, "item": rng.choice(variants)[0],
            "quantity": qty,
            "available_week": min(horizon - 1, int(rng.triangular(0, horizon * 0.8, 0))),
            "origin": donor})

    mass_of = {it["id"]: it["unit_mass_t"] for it in items}
    tonnes = sum(p["quantity"] * mass_of[p["item"]] for p in pledges)
    nodes, lanes = _network(rng, spec, donors, destinations, tonnes)
    trained = [{"requirement": r["id"], "course": _course_of(groups, r["group"]),
                "crews": rng.randint(1, 3)}
               for r in requirements
               if _course_of(groups, r["group"]) and rng.random() < 0.2]
    doc = {
        "format": SCENARIO_FORMAT,
        "start_date": "2025-01-06",
        "horizon_weeks": horizon,
        "weights": {"priority": {"1": 100, "2": 40, "3": 15, "4": 5, "5": 1},
                    "late_decay_per_week": 0.1, "eur_per_point": 10000},
        "items": items, "nodes": nodes, "lanes": lanes, "pledges": pledges,
        "requirements": requirements, "courses": courses, "trained_crews": trained,
    }
    if version == 2:
        _in_repair_and_training(random.Random(f"convoy-{size}-{seed}-2"), doc, groups)
    return doc


def _in_repair_and_training(rng: random.Random, doc: dict[str, Any],
                            groups: list[tuple[str, Any, str | None, int]]) -> None:
    """Format 2: repair orders of heavy equipment (about one for every twenty pledges, back
    after a few weeks at a depot near Ukraine) and crews in training for about one crewed
    requirement in six."""
    horizon = doc["horizon_weeks"]
    depots = sorted({ln["from"] for ln in doc["lanes"]} & {"POL", "SVK", "ROU", "CZE", "HUN"})
    heavy = [(gid, variants) for gid, variants, course, _ in groups if course]
    doc["format"] = SCENARIO_FORMAT_2
    for k in range(max(1, len(doc["pledges"]) // 20) if heavy and depots else 0):
        _, variants = rng.choice(heavy)
        doc["pledges"].append({
            "id": f"RO-{k + 1}", "donor": "UKR", "item": rng.choice(variants)[0],
            "quantity": rng.randint(1, 6), "available_week": rng.randint(1, max(1, horizon // 2)),
            "origin": rng.choice(depots), "source": "repair"})
    for r in doc["requirements"]:
        course = _course_of(groups, r["group"])
        if course and rng.random() < 1 / 6:
            doc["trained_crews"].append({"requirement": r["id"], "course": course,
                                         "crews": rng.randint(1, 3),
                                         "ready_week": rng.randint(1, horizon - 1)})


def _course_of(groups: list[tuple[str, Any, str | None, int]], gid: str) -> str | None:
    return next((c for g, _, c, _ in groups if g == gid), None)


def _sessions(rng: random.Random, course: str, horizon: int, serial: int) -> list[dict[str, Any]]:
    sessions = []
    start = rng.randint(0, 2)
    k = 0
    while start < horizon - 2:
        k += 1
        duration = rng.randint(3, min(10, max(3, horizon // 3)))
        sessions.append({"id": f"S-{serial + 1}-{k}", "facility": rng.choice(
            ["fac-deu-grafenwoehr", "fac-pol-nowa-deba", "fac-gbr-salisbury",
             "fac-usa-fort-sill", "fac-fra-mourmelon"]),
            "start_week": start, "duration_weeks": duration, "seats": rng.randint(2, 12)})
        start += rng.randint(2, 6)
    return sessions


def _network(rng: random.Random, spec: Size, donors: list[str], destinations: list[str],
             tonnes: float) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Nodes sized so the tonnage worth moving (much pledged tonnage costs more than it is worth)
    congests the early weeks, when most pledges become available."""
    per_week = tonnes / (spec.nodes * spec.weeks) * rng.uniform(0.4, 0.55)
    nodes, lanes = [], []
    for k in range(spec.nodes):
        country, town = NODE_SITES[k % len(NODE_SITES)]
        nid = f"node-{country.lower()}-{k + 1}"
        cap = round(per_week * rng.uniform(0.6, 1.4), 1)
        outages = {str(w): round(cap * rng.choice([0.0, 0.3, 0.5]), 1)
                   for w in rng.sample(range(spec.weeks), k=max(1, spec.weeks // 10))}
        nodes.append({"id": nid, "name": f"Logistics node {town} ({country})",
                      "capacity_t_per_week": cap, "capacity_overrides": outages})
        for donor in donors:
            far = donor not in {"POL", "SVK", "ROU", "HUN", "CZE", "LTU", "LVA", "EST", "BGR"}
            if k > 0 and rng.random() < 0.3:
                continue  # not every donor ships to every node; node 1 takes all
            lanes.append({"from": donor, "to": nid, "weeks": rng.randint(1, 3) if far else 1,
                          "cost_per_t": round(rng.uniform(80, 400) if far
                                              else rng.uniform(30, 120), 1)})
        for dest in destinations:
            lanes.append({"from": nid, "to": dest, "weeks": rng.randint(1, 2),
                          "cost_per_t": round(rng.uniform(40, 150), 1)})
    return nodes, lanes
