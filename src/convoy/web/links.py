"""Where each kind of record has its own page, so any table can link to it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse

from convoy.core.selectors import visible_keys

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


class Openable:
    """The links a reader may follow: a record's page only when the permission rule lets the
    reader open it, so no page links to (or names by its link) another nation's record.

    Asked once per kind of record for a whole page: `prime(records)` looks up, in one query per
    model, which of them the reader may see (none when the role sees every record of the
    model, or none of them); `url(record)` then answers from what it knows. A record not primed
    is looked up on its own (one query), so a forgotten prime costs time, never a leak.
    """

    def __init__(self, user: Any) -> None:
        self.user = user
        self._seen: dict[type[models.Model], set[Any]] = {}
        self._asked: dict[type[models.Model], set[Any]] = {}

    def prime(self, records: Iterable[Any]) -> None:
        wanted: dict[type[models.Model], set[Any]] = {}
        for record in records:
            if isinstance(record, models.Model) and record.pk is not None:
                wanted.setdefault(type(record), set()).add(record.pk)
        for model, keys in wanted.items():
            self.prime_keys(model, keys)

    def prime_keys(self, model: type[models.Model], keys: Iterable[Any]) -> None:
        """The same for records known by their keys only (a notice's record)."""
        asked = self._asked.setdefault(model, set())
        new = {model._meta.pk.to_python(k) for k in keys} - asked
        if new:
            asked.update(new)
            self._seen.setdefault(model, set()).update(visible_keys(self.user, model, new))

    def opens(self, model: type[models.Model], key: Any) -> bool:
        key = model._meta.pk.to_python(key)
        self.prime_keys(model, [key])
        return key in self._seen.get(model, ())

    def saw(self, records: Iterable[models.Model]) -> None:
        """Records the caller has just read through the permission rule (no query needed)."""
        for record in records:
            model = type(record)
            self._asked.setdefault(model, set()).add(record.pk)
            self._seen.setdefault(model, set()).add(record.pk)

    def may_open(self, record: Any) -> bool:
        if not isinstance(record, models.Model) or record.pk is None:
            return False
        return self.opens(type(record), record.pk)

    def url(self, record: Any) -> str | None:
        return record_url(record) if self.may_open(record) else None


def openable(request: Any) -> Openable:
    """The reader's Openable for this request (what it learnt serves the whole page)."""
    found = getattr(request, "_convoy_openable", None)
    if found is None:
        found = request._convoy_openable = Openable(request.user)
    return found
