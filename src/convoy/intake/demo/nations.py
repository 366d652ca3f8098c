"""Nations (the 32 allies, partners that support Ukraine, the recipient) and their organisations."""

from __future__ import annotations

from convoy.core.models import Nation, Organisation
from convoy.intake.demo.base import Loader
from convoy.intake.demo_figures import ALLIES, PARTNERS, RECIPIENT

NAMES = {
    "ALB": "Albania", "BEL": "Belgium", "BGR": "Bulgaria", "CAN": "Canada", "HRV": "Croatia",
    "CZE": "Czechia", "DNK": "Denmark", "EST": "Estonia", "FIN": "Finland", "FRA": "France",
    "DEU": "Germany", "GRC": "Greece", "HUN": "Hungary", "ISL": "Iceland", "ITA": "Italy",
    "LVA": "Latvia", "LTU": "Lithuania", "LUX": "Luxembourg", "MNE": "Montenegro",
    "NLD": "Netherlands", "MKD": "North Macedonia", "NOR": "Norway", "POL": "Poland",
    "PRT": "Portugal", "ROU": "Romania", "SVK": "Slovakia", "SVN": "Slovenia", "ESP": "Spain",
    "SWE": "Sweden", "TUR": "Türkiye", "GBR": "United Kingdom", "USA": "United States",
    "AUS": "Australia", "AUT": "Austria", "CHE": "Switzerland", "CYP": "Cyprus",
    "IRL": "Ireland", "JPN": "Japan", "KOR": "Republic of Korea", "MLT": "Malta",
    "NZL": "New Zealand", "UKR": "Ukraine",
}
# Hungary does not take part in the coalition's decisions on Ukraine but does not block them
# (seed reports of 12 June 2024).
ABSTAINING = {"HUN"}
COMMAND = "NSATU"


def load_nations(loader: Loader) -> dict[str, Nation]:
    kinds = {
        **dict.fromkeys(ALLIES, Nation.Kind.ALLY),
        **dict.fromkeys(PARTNERS, Nation.Kind.PARTNER),
        RECIPIENT: Nation.Kind.RECIPIENT,
    }
    nations = {}
    for code, kind in kinds.items():
        gdp = loader.gdp.get(code) or {}
        nations[code] = loader.record(
            Nation, ("code",), code=code, name=NAMES[code], kind=kind,
            participation=(Nation.Participation.ABSTAINS if code in ABSTAINING
                           else Nation.Participation.TAKES_PART),
            gdp_usd=gdp.get("usd"), gdp_year=gdp.get("year"),
        )
    return nations


def organisation(
    loader: Loader, *, name: str, short_name: str, nation: Nation, kind: str
) -> Organisation:
    org = loader.record(Organisation, ("name",), name=name, short_name=short_name,
                        nation=nation, kind=kind)
    return org


def load_organisations(loader: Loader, nations: dict[str, Nation]) -> dict[str, Organisation]:
    """A ministry of defence per nation, the command, and the recipient's armed forces.

    Node and facility operators come with their nodes and facilities.
    """
    orgs = {
        f"MOD-{code}": organisation(
            loader, name=f"Ministry of Defence of {nation.name}", short_name=f"{code} MoD",
            nation=nation, kind=Organisation.Kind.MINISTRY,
        )
        for code, nation in nations.items()
    }
    # At a US facility in Wiesbaden, under a three-star general reporting to SACEUR.
    orgs[COMMAND] = organisation(
        loader, name="NATO Security Assistance and Training for Ukraine (Wiesbaden)",
        short_name=COMMAND, nation=nations["DEU"], kind=Organisation.Kind.COMMAND,
    )
    orgs["AFU"] = organisation(
        loader, name="Armed Forces of Ukraine, General Staff logistics", short_name="AFU",
        nation=nations[RECIPIENT], kind=Organisation.Kind.ARMED_FORCES,
    )
    return orgs
