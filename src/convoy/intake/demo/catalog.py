"""The catalogue: capability areas, the capability coalitions that lead them, item groups of
substitutable items, the courses crews need, and the items.

Unit masses are rough public figures (combat weights, or a system's vehicles together for air
defence fire units); unit prices are illustrative unless Kiel's weapons.csv gives one (`kiel`).
"""

from __future__ import annotations

from dataclasses import dataclass

from convoy.catalog.models import CapabilityArea, CapabilityCoalition, Item, ItemGroup
from convoy.catalog.services import (
    capability_area_create,
    coalition_create,
    item_create,
    item_group_create,
)
from convoy.core.models import Nation
from convoy.intake.demo.base import SYSTEM, Loader
from convoy.intake.proposal_models import ItemAlias, normalised
from convoy.intake.proposal_services import alias_create
from convoy.training.models import Course

AREAS = {
    "air-defence": "Air defence",
    "artillery": "Artillery and ammunition",
    "armour": "Armour",
    "drones": "Drones",
    "demining": "Demining",
    "maritime": "Maritime security",
    "air-force": "Air force",
    "it": "IT and communications",
    "medical": "Medical",
    "logistics": "Logistics and transport",
}

# name, area, lead nations, members.
COALITIONS = [
    ("Air Force Capability Coalition", "air-force", ["DNK", "NLD", "USA"],
     ["BEL", "NOR", "PRT", "ROU", "SWE", "CAN", "GBR", "FRA"]),
    ("Armour Capability Coalition", "armour", ["POL", "DEU"],
     ["DNK", "NLD", "SWE", "ESP", "PRT", "CAN", "NOR", "CZE"]),
    ("Artillery Capability Coalition", "artillery", ["FRA", "USA"],
     ["BEL", "DEU", "ITA", "NLD", "SWE", "EST", "LTU", "GBR"]),
    ("Drone Coalition", "drones", ["GBR", "LVA"],
     ["CAN", "DNK", "EST", "FIN", "LTU", "NLD", "NOR", "POL", "SWE", "AUS", "NZL"]),
    ("IT Coalition", "it", ["EST", "LUX"], ["BEL", "DEU", "ISL", "JPN", "KOR", "NLD", "SWE"]),
    ("Demining Coalition", "demining", ["LTU", "ISL"],
     ["BEL", "DNK", "HRV", "NLD", "SWE", "GBR", "JPN", "CYP"]),
    ("Integrated Air and Missile Defence Coalition", "air-defence", ["DEU", "FRA"],
     ["ITA", "NLD", "NOR", "ESP", "ROU", "SWE", "USA"]),
    ("Maritime Capability Coalition", "maritime", ["GBR", "NOR"], ["NLD", "SWE", "USA", "TUR"]),
]

GROUPS = {
    "AD-LR": ("Long-range air defence fire unit", "air-defence"),
    "AD-MR": ("Medium-range air defence fire unit", "air-defence"),
    "AD-SHORAD": ("Short-range air defence system", "air-defence"),
    "AD-INT-PATRIOT": ("Patriot interceptors", "air-defence"),
    "AD-INT-IRIST": ("IRIS-T SL interceptors", "air-defence"),
    "ART-SPH155": ("155 mm self-propelled howitzer", "artillery"),
    "ART-TOWED155": ("155 mm towed howitzer", "artillery"),
    "ART-122": ("122 mm howitzer", "artillery"),
    "ART-MLRS": ("Multiple rocket launcher", "artillery"),
    "ART-AMMO155": ("155 mm artillery rounds", "artillery"),
    "ART-GMLRS": ("Guided MLRS rocket pods", "artillery"),
    "ARM-MBT-W": ("Main battle tank, Western", "armour"),
    "ARM-MBT-L": ("Main battle tank, legacy", "armour"),
    "ARM-IFV": ("Infantry fighting vehicle", "armour"),
    "ARM-APC": ("Armoured personnel carrier", "armour"),
    "DRN-RECON": ("Reconnaissance drone system", "drones"),
    "DRN-FPV": ("FPV strike drones", "drones"),
    "DRN-INT": ("Interceptor drones", "drones"),
    "DMN-VEH": ("Mine-clearing vehicle", "demining"),
    "DMN-KIT": ("Demining equipment set", "demining"),
    "MAR-PATROL": ("Patrol boat", "maritime"),
    "MAR-USV": ("Unmanned surface vessel", "maritime"),
    "AF-FIGHTER": ("Multirole fighter aircraft", "air-force"),
    "AF-HELI": ("Medium helicopter", "air-force"),
    "IT-RADIO": ("Tactical radio", "it"),
    "IT-SATCOM": ("Satellite communications terminal", "it"),
    "IT-KIT": ("Deployable IT and cyber defence kit", "it"),
    "MED-AMB": ("Armoured ambulance", "medical"),
    "MED-IFAK": ("Individual first aid kits", "medical"),
    "MED-FIELD": ("Field hospital module", "medical"),
    "LOG-HET": ("Heavy equipment transporter", "logistics"),
    "LOG-TRUCK": ("Cargo and fuel truck", "logistics"),
}

# The groups' names on Ukrainian pages.
GROUP_NAMES_UK = {
    "AD-LR": "Вогневий підрозділ ППО великої дальності",
    "AD-MR": "Вогневий підрозділ ППО середньої дальності",
    "AD-SHORAD": "Система ППО малої дальності",
    "AD-INT-PATRIOT": "Ракети-перехоплювачі Patriot",
    "AD-INT-IRIST": "Ракети-перехоплювачі IRIS-T SL",
    "ART-SPH155": "155-мм самохідна гаубиця",
    "ART-TOWED155": "155-мм буксирувана гаубиця",
    "ART-122": "122-мм гаубиця",
    "ART-MLRS": "Реактивна система залпового вогню",
    "ART-AMMO155": "155-мм артилерійські снаряди",
    "ART-GMLRS": "Пакети керованих ракет GMLRS",
    "ARM-MBT-W": "Основний бойовий танк західного зразка",
    "ARM-MBT-L": "Основний бойовий танк старшого покоління",
    "ARM-IFV": "Бойова машина піхоти",
    "ARM-APC": "Бронетранспортер",
    "DRN-RECON": "Розвідувальний безпілотний комплекс",
    "DRN-FPV": "Ударні FPV-дрони",
    "DRN-INT": "Дрони-перехоплювачі",
    "DMN-VEH": "Машина розмінування",
    "DMN-KIT": "Комплект обладнання для розмінування",
    "MAR-PATROL": "Патрульний катер",
    "MAR-USV": "Безекіпажний надводний апарат",
    "AF-FIGHTER": "Багатоцільовий винищувач",
    "AF-HELI": "Гелікоптер середнього класу",
    "IT-RADIO": "Тактична радіостанція",
    "IT-SATCOM": "Термінал супутникового зв’язку",
    "IT-KIT": "Розгортуваний комплект ІТ і кіберзахисту",
    "MED-AMB": "Броньований санітарний автомобіль",
    "MED-IFAK": "Індивідуальні аптечки першої допомоги",
    "MED-FIELD": "Модуль польового госпіталю",
    "LOG-HET": "Тягач для перевезення важкої техніки",
    "LOG-TRUCK": "Вантажний автомобіль і паливозаправник",
}

# code: name, area, item group (None for broader courses), weeks, host nation.
COURSES = {
    "PATRIOT-CREW": ("Patriot battery crew", "air-defence", "AD-LR", 10, "DEU"),
    "SAMPT-CREW": ("SAMP/T battery crew", "air-defence", "AD-LR", 8, "ITA"),
    "IRIST-CREW": ("IRIS-T SLM fire unit crew", "air-defence", "AD-MR", 6, "DEU"),
    "NASAMS-CREW": ("NASAMS fire unit crew", "air-defence", "AD-MR", 8, "NOR"),
    "LEO2-CREW": ("Leopard 2 crew", "armour", "ARM-MBT-W", 6, "POL"),
    "LEO1-CREW": ("Leopard 1 crew", "armour", "ARM-MBT-L", 5, "DEU"),
    "CV90-CREW": ("CV90 crew", "armour", "ARM-IFV", 8, "SWE"),
    "PZH-CREW": ("PzH 2000 crew", "artillery", "ART-SPH155", 6, "DEU"),
    "M777-CREW": ("M777 gun detachment", "artillery", "ART-TOWED155", 4, "GBR"),
    "HIMARS-CREW": ("HIMARS crew", "artillery", "ART-MLRS", 5, "USA"),
    "F16-MAINT": ("F-16 maintainer", "air-force", "AF-FIGHTER", 16, "ROU"),
    "F16-PILOT": ("F-16 pilot conversion", "air-force", "AF-FIGHTER", 26, "DNK"),
    "DEMINING": ("Military demining team", "demining", "DMN-VEH", 5, "LTU"),
    "DRONE-OP": ("Drone operator", "drones", "DRN-RECON", 4, "LVA"),
    "MEDIC": ("Combat medic", "medical", None, 5, "GBR"),
}


@dataclass(frozen=True)
class ItemSpec:
    code: str
    name: str
    group: str
    mass_t: str
    price_eur: int  # illustrative, used when Kiel gives no value for the system
    course: str | None = None
    crews: int | None = None
    kiel: str | None = None  # the system's name in Kiel's weapons.csv
    pun: tuple[str, ...] = ()  # the system's names in Protect Ukraine Now's commitments


ITEMS = [
    ItemSpec("PATRIOT-FU", "Patriot fire unit (battery)", "AD-LR", "320", 900_000_000,
             "PATRIOT-CREW", 1, "Patriot air defense battery", ("MIM-104 Patriot", "PATRIOT")),
    ItemSpec("SAMPT-FU", "SAMP/T fire unit (battery)", "AD-LR", "250", 500_000_000, "SAMPT-CREW",
             1, "SAMP/T anti-air missile defense system", ("SAMP/T",)),
    ItemSpec("IRIST-SLM-FU", "IRIS-T SLM fire unit", "AD-MR", "110", 140_000_000, "IRIST-CREW",
             1, None, ("IRIS-T SLM",)),
    ItemSpec("NASAMS-FU", "NASAMS fire unit", "AD-MR", "90", 150_000_000, "NASAMS-CREW", 1,
             "National Advanced Surface-to-Air Missile System (NASAMS)", ("NASAMS",)),
    ItemSpec("HAWK-FU", "HAWK fire unit", "AD-MR", "100", 30_000_000, pun=("MIM-23 HAWK",)),
    ItemSpec("GEPARD", "Flakpanzer Gepard", "AD-SHORAD", "47.5", 4_000_000,
             pun=("Flakpanzer Gepard",)),
    ItemSpec("IRIST-SLS", "IRIS-T SLS launcher", "AD-SHORAD", "12", 25_000_000,
             pun=("IRIS-T SLS",)),
    ItemSpec("SKYNEX", "Skynex air defence system", "AD-SHORAD", "30", 45_000_000,
             pun=("Skynex",)),
    ItemSpec("AVENGER", "M1097 Avenger", "AD-SHORAD", "3.9", 2_000_000, pun=("M1097 Avenger",)),
    ItemSpec("RAVEN", "Raven ground-based air defence system", "AD-SHORAD", "8", 3_000_000,
             pun=("Raven",)),
    ItemSpec("GRAVEHAWK", "Gravehawk air defence system", "AD-SHORAD", "10", 5_000_000,
             pun=("Gravehawk",)),
    ItemSpec("DKDV", "Kinetic defence vehicle", "AD-SHORAD", "5", 1_500_000,
             pun=("Diehl Kinetic Defence Vehicle",)),
    ItemSpec("PAC3-MSE", "PAC-3 MSE interceptor", "AD-INT-PATRIOT", "0.5", 4_500_000),
    ItemSpec("PAC2-GEMT", "PAC-2 GEM-T interceptor", "AD-INT-PATRIOT", "0.9", 3_500_000),
    ItemSpec("IRIST-SL-MSL", "IRIS-T SL interceptor", "AD-INT-IRIST", "0.15", 450_000),
    ItemSpec("PZH2000", "Panzerhaubitze 2000", "ART-SPH155", "55.8", 8_000_000, "PZH-CREW", 1,
             None, ("PzH 2000 155mm",)),
    ItemSpec("CAESAR", "CAESAR 155 mm", "ART-SPH155", "17.7", 5_000_000, None, None,
             "CAESAR artillery howitzer", ("CAESAR 155mm",)),
    ItemSpec("ARCHER", "Archer 155 mm", "ART-SPH155", "33.5", 4_000_000, None, None,
             "Archer self-propelled artillery system", ("Archer 155mm",)),
    ItemSpec("AS90", "AS-90 155 mm", "ART-SPH155", "45", 2_000_000, pun=("AS-90 155mm",)),
    ItemSpec("ZUZANA2", "Zuzana 2 155 mm", "ART-SPH155", "32", 6_000_000,
             pun=("Zuzana 155mm",)),
    ItemSpec("KRAB", "AHS Krab 155 mm", "ART-SPH155", "48", 11_000_000, None, None,
             "AHS Krab self-propelled howitzer", ("AHS Krab 155mm",)),
    ItemSpec("M109", "M109 155 mm", "ART-SPH155", "27.5", 1_700_000, None, None,
             "M109 A3GM 155mm howitzer", ("M109 155mm",)),
    ItemSpec("M777", "M777 155 mm", "ART-TOWED155", "4.2", 4_500_000, "M777-CREW", 1,
             "M777 howitzer", ("M777 155mm",)),
    ItemSpec("FH70", "FH70 155 mm", "ART-TOWED155", "9.3", 1_000_000, pun=("FH70 155mm",)),
    ItemSpec("GVOZDIKA", "2S1 Gvozdika 122 mm", "ART-122", "15.7", 600_000,
             pun=("Gvozdika 122mm",)),
    ItemSpec("D30", "D-30 122 mm", "ART-122", "3.2", 300_000, pun=("D-30 122mm",)),
    ItemSpec("HIMARS", "M142 HIMARS", "ART-MLRS", "16.3", 14_000_000, "HIMARS-CREW", 1,
             "HIMARS 142 multiple rocket launcher", ("M142 HIMARS",)),
    ItemSpec("M270", "M270 MLRS", "ART-MLRS", "25", 13_000_000, None, None,
             "M270 weapon system", ("M270",)),
    ItemSpec("M795", "155 mm HE round M795", "ART-AMMO155", "0.05", 8_000),
    ItemSpec("DM121", "155 mm HE round DM121", "ART-AMMO155", "0.05", 6_000),
    ItemSpec("GMLRS-POD", "GMLRS pod (6 rockets)", "ART-GMLRS", "2.3", 1_000_000),
    ItemSpec("LEO2A4", "Leopard 2A4", "ARM-MBT-W", "55.2", 2_000_000, "LEO2-CREW", 1,
             "Leopard-2A4", ("Leopard 2",)),
    ItemSpec("LEO2A6", "Leopard 2A6", "ARM-MBT-W", "62.3", 9_000_000, "LEO2-CREW", 1,
             "Leopard-2A6"),
    ItemSpec("STRV122", "Stridsvagn 122", "ARM-MBT-W", "62.5", 9_000_000, "LEO2-CREW", 1,
             pun=("Stridsvagn 122",)),
    ItemSpec("ABRAMS", "M1A1 Abrams", "ARM-MBT-W", "61.3", 9_000_000, None, None,
             "M1A1 Abrams", ("M1 Abrams", "Abrams M1A1")),
    ItemSpec("CHALLENGER2", "Challenger 2", "ARM-MBT-W", "62.5", 12_000_000, None, None,
             "Challenger 2", ("Challenger 2",)),
    ItemSpec("LEO1A5", "Leopard 1A5", "ARM-MBT-L", "42.4", 1_000_000, "LEO1-CREW", 1,
             None, ("Leopard 1",)),
    ItemSpec("T72", "T-72 (modernised)", "ARM-MBT-L", "41.5", 1_500_000, None, None,
             "Modified T-72 tank (T-72A/T-72M1/M1R)", ("T-72",)),
    ItemSpec("PT91", "PT-91 Twardy", "ARM-MBT-L", "45.3", 1_500_000, pun=("PT-91 Twardy",)),
    ItemSpec("BRADLEY", "M2 Bradley", "ARM-IFV", "27.6", 1_800_000, pun=("Bradley",)),
    ItemSpec("MARDER", "Marder 1A3", "ARM-IFV", "33.5", 1_200_000, pun=("Marder",)),
    ItemSpec("CV90", "CV90", "ARM-IFV", "35", 7_000_000, "CV90-CREW", 1, None, ("CV-90",)),
    ItemSpec("BMP1", "BMP-1", "ARM-IFV", "13.3", 500_000, None, None, "BMP-1", ("BMP-1",)),
    ItemSpec("STRYKER", "M1126 Stryker", "ARM-APC", "18", 3_000_000, pun=("Stryker",)),
    ItemSpec("LAV3", "LAV III", "ARM-APC", "17", 1_500_000, pun=("LAV III", "LAV 6")),
    ItemSpec("M113", "M113", "ARM-APC", "12.3", 400_000),
    ItemSpec("UAS-RECON-KIT", "Small reconnaissance drone kit", "DRN-RECON", "0.08", 150_000,
             "DRONE-OP", 1),
    ItemSpec("UAS-FIXED-WING", "Fixed-wing reconnaissance drone system", "DRN-RECON", "0.5",
             1_200_000, "DRONE-OP", 2),
    ItemSpec("FPV-100", "FPV strike drones (batch of 100)", "DRN-FPV", "0.25", 50_000),
    ItemSpec("INTERCEPTOR-50", "Interceptor drones (batch of 50)", "DRN-INT", "0.15", 250_000),
    ItemSpec("MINE-CLEAR-VEH", "Armoured mine-clearing vehicle", "DMN-VEH", "25", 1_500_000,
             "DEMINING", 1),
    ItemSpec("DEMINING-ROBOT", "Remote-controlled demining machine", "DMN-VEH", "9", 600_000,
             "DEMINING", 1),
    ItemSpec("MINE-DETECTOR-10", "Handheld mine detectors (set of 10)", "DMN-KIT", "0.06",
             50_000),
    ItemSpec("EOD-KIT", "EOD team kit", "DMN-KIT", "0.4", 120_000),
    ItemSpec("PATROL-RIVERINE", "Riverine patrol boat", "MAR-PATROL", "8", 900_000),
    ItemSpec("PATROL-COASTAL", "Coastal patrol boat", "MAR-PATROL", "30", 4_000_000),
    ItemSpec("USV", "Unmanned surface vessel", "MAR-USV", "1.2", 250_000),
    ItemSpec("F16", "F-16 fighter aircraft", "AF-FIGHTER", "8.9", 40_000_000, "F16-MAINT", 2,
             pun=("F-16",)),
    ItemSpec("MIRAGE2000", "Mirage 2000 fighter aircraft", "AF-FIGHTER", "7.5", 25_000_000,
             pun=("Mirage 2000",)),
    ItemSpec("MIG29", "MiG-29 fighter aircraft", "AF-FIGHTER", "11", 5_000_000, pun=("MiG-29",)),
    ItemSpec("KA32", "Ka-32 helicopter", "AF-HELI", "6.6", 5_000_000, pun=("Ka-32",)),
    ItemSpec("PUMA", "SA 330 Puma helicopter", "AF-HELI", "3.5", 4_000_000,
             pun=("SA 330 Puma",)),
    ItemSpec("RADIO-VHF", "VHF/UHF tactical radio", "IT-RADIO", "0.006", 12_000),
    ItemSpec("SATCOM-TERMINAL", "Satellite communications terminal", "IT-SATCOM", "0.01", 3_000),
    ItemSpec("IT-CYBER-KIT", "Deployable IT and cyber defence kit", "IT-KIT", "0.3", 200_000),
    ItemSpec("AMBULANCE-ARM", "Armoured ambulance", "MED-AMB", "14", 700_000),
    ItemSpec("IFAK-50", "Individual first aid kits (box of 50)", "MED-IFAK", "0.02", 4_000),
    ItemSpec("FIELD-HOSPITAL", "Field hospital module", "MED-FIELD", "8", 1_500_000),
    ItemSpec("HET", "Heavy equipment transporter", "LOG-HET", "25", 600_000),
    ItemSpec("TRUCK-8T", "Cargo truck, 8 t", "LOG-TRUCK", "11", 180_000),
    ItemSpec("TRUCK-FUEL", "Fuel tanker truck", "LOG-TRUCK", "15", 250_000),
]
ITEM_SPECS = {spec.code: spec for spec in ITEMS}
ITEM_BY_PUN_SYSTEM = {name: spec.code for spec in ITEMS for name in spec.pun}


@dataclass
class Catalogue:
    areas: dict[str, CapabilityArea]
    groups: dict[str, ItemGroup]
    courses: dict[str, Course]
    items: dict[str, Item]


def unit_value_eur(loader: Loader, spec: ItemSpec) -> int:
    """Kiel's EUR value per weapon of the system where it gives one, else the illustrative price."""
    return loader.figures["kiel"]["unit_value_eur"].get(spec.kiel or "", spec.price_eur)


def load_catalogue(loader: Loader, nations: dict[str, Nation]) -> Catalogue:
    areas = {
        slug: loader.ensure(CapabilityArea, {"code": slug}, capability_area_create,
                            actor=SYSTEM, code=slug, name=name)[0]
        for slug, name in AREAS.items()
    }
    for name, area, leads, members in COALITIONS:
        loader.ensure(
            CapabilityCoalition, {"name": name}, coalition_create, actor=SYSTEM, name=name,
            area=areas[area], lead_nations=[nations[c] for c in leads],
            members=[nations[c] for c in [*leads, *members]],
        )
    groups = {
        code: loader.ensure(ItemGroup, {"code": code}, item_group_create, actor=SYSTEM,
                            code=code, name=name, name_uk=GROUP_NAMES_UK[code],
                            area=areas[area])[0]
        for code, (name, area) in GROUPS.items()
    }
    courses = {
        code: loader.record(
            Course, ("code",), code=code, name=name, capability_area=areas[area],
            item_group=groups[group] if group else None, duration_weeks=weeks,
            host_nation=nations[host],
        )
        for code, (name, area, group, weeks, host) in COURSES.items()
    }
    items = {
        spec.code: loader.ensure(
            Item, {"code": spec.code}, item_create, actor=SYSTEM, code=spec.code,
            name=spec.name, group=groups[spec.group], unit_mass_t=spec.mass_t,
            training_course=courses[spec.course] if spec.course else None,
            crews_per_unit=spec.crews,
        )[0]
        for spec in ITEMS
    }
    load_aliases(loader, items)
    return Catalogue(areas, groups, courses, items)


def load_aliases(loader: Loader, items: dict[str, Item]) -> None:
    """The names Kiel and Protect Ukraine Now give the demo's items, so their trackers match."""
    for spec in ITEMS:
        for name in {normalised(n) for n in (spec.kiel, *spec.pun) if n}:
            loader.ensure(ItemAlias, {"text": name}, alias_create, actor=SYSTEM, text=name,
                          item=items[spec.code])
