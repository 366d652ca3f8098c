"""Targets for the long-term development of the recipient's armed forces (all illustrative)."""

from __future__ import annotations

from convoy.catalog.models import CapabilityArea
from convoy.core.models import Nation
from convoy.development.models import CapabilityTarget
from convoy.development.services import target_create, target_record_progress
from convoy.intake.demo.base import SYSTEM, Loader

# area, year, description, target quantity (or None), achieved so far, target level.
TARGETS = [
    ("air-defence", 2026, "Patriot batteries in service", 8, 6, ""),
    ("air-defence", 2027, "Medium-range fire units in service (IRIS-T SLM, NASAMS)", 24, 14, ""),
    ("air-defence", 2030, "Integrated air and missile defence", None, 0,
     "NATO-interoperable, full operating capability"),
    ("artillery", 2026, "155 mm howitzers in service", 600, 430, ""),
    ("artillery", 2027, "Brigades on a single 155 mm ammunition standard", 40, 22, ""),
    ("armour", 2027, "Mechanised brigades on Western main battle tanks", 6, 4, ""),
    ("air-force", 2027, "F-16 squadrons operational", 4, 2, ""),
    ("drones", 2026, "Drone units trained to coalition standard", 40, 31, ""),
    ("demining", 2028, "Demining teams certified to international standards", 120, 45, ""),
    ("maritime", 2028, "Patrol boat crews formed", 20, 8, ""),
    ("it", 2026, "Interoperable tactical command and control", None, 0,
     "All manoeuvre brigades"),
    ("medical", 2026, "Role 2 field hospitals", 12, 7, ""),
    ("logistics", 2027, "Maintenance and repair hubs in Ukraine", 6, 3, ""),
]


def load_development(
    loader: Loader, nations: dict[str, Nation], areas: dict[str, CapabilityArea]
) -> None:
    recipient = nations["UKR"]
    for area, year, description, quantity, achieved, level in TARGETS:
        key = {"recipient": recipient, "area": areas[area], "year": year,
               "description": description}
        target, made = loader.ensure(
            CapabilityTarget, key, target_create, actor=SYSTEM, **key,
            target_quantity=quantity, target_level=level,
        )
        if made and achieved:
            target_record_progress(actor=SYSTEM, target=target, achieved_quantity=achieved)
