"""`convoy demo`: a coherent demo data set for a coalition coordinating security assistance and
training for Ukraine, mid-2024 to late 2026 (the demo's "today" is 2026-11-25).

Every record is written through the domain services (or, for base records without one, the
audited `convoy.core.services.create_record`) as the system (actor=None), inside
`audit_source("demo")`, in one transaction. Natural keys are checked first, so a second load
writes nothing. A fixed seed makes the demo the same on every load.

What is real (read by `python -m convoy.intake.demo_figures` from the shared datasets into
demo_data/figures.json, which is all the demo reads):
- GDP of every nation, current USD, latest year (2023): World Bank NY.GDP.MKTP.CD,
  worldbank-gdp/gdp.csv. It weights the nations filling the command's posts and the fair shares.
- Heavy-weapon commitments from June 2024 on (donor, system, quantity, date): Protect Ukraine
  Now, pun-heavy-weapons/heavy_weapon_commitments.csv. Each row whose system the catalogue
  holds is a pledge (code PUN-...), committed on its date; how far its delivery has got, and
  when, is illustrative.
- Military aid each donor allocated in 2024 and 2025 (EUR bn): Kiel Institute Ukraine Support
  Tracker, kiel-ust-website/data_explorer.csv. It weights which donors make the illustrative
  pledges, and each donor's 2025 financial pledge is its 2025 figure.
- EUR value per weapon of systems that Kiel lists alone in a donor's row of
  kiel-ust-website/weapons.csv (e.g. Patriot battery, M777, Leopard 2A4); pledge values of those
  items use it.
- From the seed reports: the command at Wiesbaden under a three-star general, about 700 posts,
  nodes in the eastern part of the alliance, Hungary not taking part but not blocking, the
  long-term baseline of EUR 40 bn a year, the tasks (training, donations, transfer and repair,
  long-term development). The capability coalitions and their lead nations are public.

What is illustrative: the other 170 pledges (items, quantities, dates), every lifecycle date,
requirements, allocations, shipments and handovers (shipments through the nodes are on record
from 2025; pledges delivered before then keep their allocations, their transport is not
shown), node capacities, lanes and costs, training facilities' courses, sessions, requests and
enrolments, repair hubs and orders, unit masses and the other unit prices (rough public orders
of magnitude), post titles and fills, the 2026 financial pledges, currencies and disbursements,
capability targets, names of units and officers who sign, and the demo logins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction

from convoy.core.audit import audit_source
from convoy.core.models import AuditRecord, Nation
from convoy.intake.demo.base import Loader
from convoy.intake.demo.catalog import ITEMS, load_catalogue, unit_value_eur
from convoy.intake.demo.development import load_development
from convoy.intake.demo.donations import load_donations
from convoy.intake.demo.funding import load_funding
from convoy.intake.demo.logins import DEMO_PASSWORD, LOGINS, Login, load_logins
from convoy.intake.demo.logistics import load_network
from convoy.intake.demo.manning import load_manning
from convoy.intake.demo.nations import load_nations, load_organisations
from convoy.intake.demo.pledge_plan import plan_donations
from convoy.intake.demo.repairs import load_repairs
from convoy.intake.demo.training import load_training

# The apps whose records the demo writes; the summary counts their models.
DEMO_APPS = ("core", "catalog", "logistics", "donations", "repairs", "training", "funding",
             "development", "manning")

__all__ = ["DEMO_PASSWORD", "LOGINS", "DemoResult", "load_demo"]


@dataclass
class DemoResult:
    created: dict[str, int]
    audit_records: int
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[Login] = field(default_factory=list)

    @property
    def wrote_nothing(self) -> bool:
        return not self.created and not self.audit_records


def load_demo() -> DemoResult:
    """Load the demo (or the part of it that is missing) in one transaction."""
    loader = Loader()
    audit_before = AuditRecord.objects.count()
    with audit_source("demo"), transaction.atomic():
        nations = load_nations(loader)
        organisations = load_organisations(loader, nations)
        catalogue = load_catalogue(loader, nations)
        donors = sorted(code for code, n in nations.items()
                        if n.kind != Nation.Kind.RECIPIENT
                        and n.participation == Nation.Participation.TAKES_PART)
        network = load_network(loader, nations, donors)
        organisations.update(network.operators)
        load_manning(loader, nations)
        unit_values = {spec.code: unit_value_eur(loader, spec) for spec in ITEMS}
        plan = plan_donations(loader.rng_for("donations"), loader.figures, donors, unit_values)
        load_donations(loader, plan, nations, catalogue.groups, catalogue.items, network)
        organisations.update(load_training(loader, nations, catalogue.courses))
        load_repairs(loader, nations, catalogue.groups, catalogue.items, network)
        load_funding(loader, nations)
        load_development(loader, nations, catalogue.areas)
        logins = load_logins(loader, organisations)
    return DemoResult(
        created=dict(sorted(loader.created.items())),
        audit_records=AuditRecord.objects.count() - audit_before,
        counts=model_counts(),
        logins=logins,
    )


def model_counts() -> dict[str, int]:
    """Records per model of the demo's apps, e.g. {"donations.Pledge": 297, ...}."""
    return {
        model._meta.label: model._base_manager.count()
        for label in DEMO_APPS
        for model in apps.get_app_config(label).get_models()
        if model is not AuditRecord
    }
