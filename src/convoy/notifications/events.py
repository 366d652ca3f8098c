"""Events read from the audit trail: every write leaves an audit record with the values before
and after, so a pledge's commitment or a shipment's arrival is seen there whichever way in
(page, API, command line, import, plan approval) made it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.utils import timezone

from convoy.core.models import AuditRecord
from convoy.notifications import kinds
from convoy.notifications.kinds import Kind
from convoy.web.links import record_url

#: Writes that load past events after the fact tell nobody anything new.
QUIET_SOURCES = frozenset({"demo"})


@dataclass
class Event:
    """Something to tell: its kind, a key naming it once, the record whose readers may hear of
    it, the facts for the sentence, and where the record's page is."""

    kind: Kind
    key: str
    obj: models.Model
    params: dict[str, Any]
    url: str
    actor_id: int | None = None


def _status_moved_to(rec: AuditRecord, status: str) -> bool:
    before, after = rec.before or {}, rec.after or {}
    return after.get("status") == status and before.get("status") != status


def _load(rec: AuditRecord) -> models.Model | None:
    model = rec.content_type.model_class()
    if model is None:
        return None
    return model._base_manager.filter(pk=rec.object_id).first()


def _event(rec: AuditRecord, kind: Kind, obj: models.Model, **params: Any) -> Event:
    return Event(kind, f"audit:{rec.pk}:{kind.key}", obj, {"record": str(obj), **params},
                 record_url(obj) or "", rec.actor_id)


def pledge_events(rec: AuditRecord) -> Iterator[Event]:
    for status, kind in (("committed", kinds.PLEDGE_COMMITTED),
                         ("cancelled", kinds.PLEDGE_CANCELLED)):
        if rec.action == "update" and _status_moved_to(rec, status) and (obj := _load(rec)):
            yield _event(rec, kind, obj)


def shipment_events(rec: AuditRecord) -> Iterator[Event]:
    for status, kind in (("in_transit", kinds.SHIPMENT_DISPATCHED),
                         ("at_node", kinds.SHIPMENT_ARRIVED)):
        if rec.action == "update" and _status_moved_to(rec, status) and (obj := _load(rec)):
            yield _event(rec, kind, obj, node=str(obj.node))


def handover_events(rec: AuditRecord) -> Iterator[Event]:
    """A handover is told about through its shipment: readers of the shipment hear of it."""
    if rec.action != "create" or not (handover := _load(rec)):
        return
    shipment = handover.shipment
    missing = shipment.quantity - handover.received_quantity
    if missing > 0:
        yield _event(rec, kinds.SHIPMENT_SHORT, shipment, missing=missing,
                     quantity=shipment.quantity)
    handed_over_on = timezone.localdate(handover.signed_at)
    if handed_over_on > shipment.planned_arrival:
        yield _event(rec, kinds.SHIPMENT_LATE, shipment,
                     handed_over_on=handed_over_on.isoformat(),
                     planned_on=shipment.planned_arrival.isoformat())


def plan_run_events(rec: AuditRecord) -> Iterator[Event]:
    for status in ("succeeded", "failed"):
        if rec.action == "update" and _status_moved_to(rec, status) and (obj := _load(rec)):
            yield _event(rec, kinds.PLAN_RUN_FINISHED, obj, outcome=status)


#: model label → what its audit records can tell.
READERS: dict[str, Callable[[AuditRecord], Iterator[Event]]] = {
    "donations.pledge": pledge_events,
    "logistics.shipment": shipment_events,
    "logistics.handover": handover_events,
    "planning.planrun": plan_run_events,
}


def events_of(records: Any) -> Iterator[Event]:
    for rec in records:
        if rec.source in QUIET_SOURCES:
            continue
        reader = READERS.get(f"{rec.content_type.app_label}.{rec.content_type.model}")
        if reader is not None:
            yield from reader(rec)


def audit_records(ids: list[int] | None = None, after_id: int | None = None,
                  before: datetime | None = None) -> models.QuerySet[AuditRecord]:
    """The audit records to look at: given ids, or those after `after_id` written before
    `before`, oldest first."""
    labels = models.Q()
    for label in READERS:
        app, model = label.split(".")
        labels |= models.Q(content_type__app_label=app, content_type__model=model)
    records = AuditRecord.objects.filter(labels).select_related("content_type").order_by("id")
    if ids is not None:
        records = records.filter(pk__in=ids)
    if after_id is not None:
        records = records.filter(pk__gt=after_id)
    if before is not None:
        records = records.filter(at__lt=before)
    return records
