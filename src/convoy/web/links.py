"""Where each kind of record has its own page, so any table can link to it."""

from __future__ import annotations

from django.db import models
from django.urls import NoReverseMatch, reverse

#: model label → URL name of its detail page (taking `pk`).
DETAIL_PAGES: dict[str, str] = {
    "donations.requirement": "donations:requirement-detail",
    "donations.pledge": "donations:pledge-detail",
    "donations.allocation": "donations:allocation-detail",
    "logistics.shipment": "logistics:shipment-detail",
    "logistics.node": "logistics:node-board",
    "repairs.repairorder": "repairs:order-detail",
    "training.coursesession": "training:session-detail",
    "training.trainingrequest": "training:request-detail",
    "funding.financialpledge": "funding:pledge-detail",
    "manning.post": "manning:post-detail",
    "planning.planrun": "planning:run-detail",
    "core.nation": "core:nation-detail",
    "core.organisation": "core:organisation-detail",
    "core.membership": "core:membership-detail",
    "auth.user": "core:user-detail",
    "catalog.capabilityarea": "catalog:area-detail",
    "catalog.itemgroup": "catalog:group-detail",
    "catalog.item": "catalog:item-detail",
    "catalog.capabilitycoalition": "catalog:coalition-detail",
    "development.capabilitytarget": "development:target-detail",
    "logistics.lane": "logistics:lane-detail",
    "training.course": "training:course-detail",
    "training.trainingfacility": "training:facility-detail",
    "repairs.repairfacility": "repairs:facility-detail",
    "logistics.discrepancy": "logistics:discrepancy-detail",
    "intake.proposal": "intake_review:proposal-detail",
}


def record_url(obj: models.Model | None) -> str | None:
    if obj is None or obj.pk is None:
        return None
    name = DETAIL_PAGES.get(obj._meta.label_lower)
    if name is None:
        return None
    try:
        return reverse(name, kwargs={"pk": obj.pk})
    except NoReverseMatch:
        return None
