"""Targets for the long-term development of the recipient's armed forces (all illustrative)."""

from __future__ import annotations

from convoy.catalog.models import CapabilityArea, ItemGroup
from convoy.core.models import Nation
from convoy.development.models import CapabilityTarget
from convoy.development.services import target_create, target_record_progress
from convoy.intake.demo.base import SYSTEM, Loader
from convoy.training.models import Course

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


# What measures a target from the record: units handed over of an item group, or crews trained
# on a course. The others are typed by hand (no record counts brigades or squadrons).
MEASURED = {
    "Medium-range fire units in service (IRIS-T SLM, NASAMS)": ("group", "AD-MR"),
    "Drone units trained to coalition standard": ("course", "DRONE-OP"),
    "Demining teams certified to international standards": ("course", "DEMINING"),
    "Role 2 field hospitals": ("group", "MED-FIELD"),
}


def _measure(description: str) -> dict[str, object]:
    kind, code = MEASURED.get(description, (None, None))
    if kind == "group":
        return {"measured_item_group": ItemGroup.objects.get(code=code)}
    if kind == "course":
        return {"measured_course": Course.objects.get(code=code)}
    return {}


def load_development(
    loader: Loader, nations: dict[str, Nation], areas: dict[str, CapabilityArea]
) -> None:
    recipient = nations["UKR"]
    for area, year, description, quantity, achieved, level in TARGETS:
        key = {"recipient": recipient, "area": areas[area], "year": year,
               "description": description}
        target, made = loader.ensure(
            CapabilityTarget, key, target_create, actor=SYSTEM, **key,
            target_quantity=quantity, target_level=level, **_measure(description),
        )
        if made and achieved and not target.measured:
            target_record_progress(actor=SYSTEM, target=target, achieved_quantity=achieved)
