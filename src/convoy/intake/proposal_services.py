"""Writes of tracker and report intake: storing what a reading proposes, and a coordinator's
decision on each proposal (accept: the pledge is created through the donations or funding
services; reject; merge into an existing pledge), item aliases and saved column mappings.

Every write checks the permission rule, runs in one transaction and leaves its audit record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from convoy.catalog.models import Item
from convoy.core.codes import next_code
from convoy.core.errors import DomainError
from convoy.core.permissions import ensure_allowed
from convoy.core.services import delete_record, save_record
from convoy.core.validators import FIRST_DAY, LAST_DAY
from convoy.donations.models import Pledge
from convoy.donations.services import pledge_create
from convoy.funding.models import FinancialPledge
from convoy.funding.services import financial_pledge_create
from convoy.intake.drafts import Draft
from convoy.intake.names import DonorResolver, ItemMatcher, Unmatched
from convoy.intake.proposal_models import ColumnMapping, ItemAlias, Proposal, normalised
from convoy.intake.trackers.layouts import MappingError, layout_from_mapping
from convoy.logistics.models import Location

#: Where a record stands in its file: kept up to date, but a change of place alone is no change.
PLACE_FIELDS = ("source_file", "source_sheet", "source_row")
#: Fields a newer reading of the same record may change.
READ_FIELDS = ("kind", "source_file", "source_sheet", "source_row", "source_url", "sentence",
               "donor_text", "donor", "item_text", "item", "quantity", "quantity_delivered",
               "announced_on", "date_text", "value_eur", "amount", "currency", "confidence",
               "possible_duplicate")
#: How close a pledge must be to be pointed out as a likely duplicate.
DUPLICATE_DAYS = 45
DUPLICATE_QUANTITY_SHARE = Decimal("0.25")


@dataclass
class IntakeSummary:
    rows: int = 0
    proposals: int = 0
    donors_matched: int = 0
    items_matched: int = 0
    unmatched: Unmatched = field(default_factory=Unmatched)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    vanished: int = 0
    stored: list[Proposal] = field(default_factory=list)

    def last_line(self) -> str:
        return (f"rows {self.rows}, proposals {self.proposals}, donors matched "
                f"{self.donors_matched}, items matched {self.items_matched}, unmatched "
                f"{len(self.unmatched)}")

    def changes_line(self) -> str:
        return (f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
                f"gone from this release {self.vanished}")


def proposals_store(
    *, actor: Any, source: str, drafts: Iterable[Draft], rows: int, file_name: str = "",
    sheet: str = "", dry_run: bool = False, whole_release: bool = True,
) -> IntakeSummary:
    """Store what one reading proposes under `source`, matched by key to earlier readings.

    New keys become pending proposals; a pending proposal whose values changed is updated; one
    already reviewed is left as decided. With `whole_release`, pending proposals of the source
    that this reading no longer has are flagged as gone. A dry run reports the same figures and
    writes nothing.
    """
    ensure_allowed(actor, "add", Proposal(source=source))
    summary = IntakeSummary(rows=rows)
    donors, items = DonorResolver(), ItemMatcher()
    with transaction.atomic():
        existing = {p.source_key: p for p in Proposal.objects.filter(source=source)}
        seen: set[str] = set()
        for draft in drafts:
            values = _resolved(draft, donors, items, summary)
            values.update(source_file=file_name[:200], source_sheet=sheet[:100])
            seen.add(draft.key)
            summary.proposals += 1
            _store_one(actor, source, draft.key, values, existing.get(draft.key), summary)
        if whole_release:
            for key, proposal in existing.items():
                if key not in seen and not proposal.vanished \
                        and proposal.status == Proposal.Status.PENDING:
                    proposal.vanished = True
                    save_record(actor=actor, obj=proposal,
                                summary=gettext_noop("gone from the newest reading of its source"))
                    summary.vanished += 1
        if dry_run:
            transaction.set_rollback(True)
    return summary


def _store_one(actor: Any, source: str, key: str, values: dict[str, Any],
               proposal: Proposal | None, summary: IntakeSummary) -> None:
    if proposal is None:
        proposal = Proposal(source=source, source_key=key, **values)
        summary.stored.append(save_record(actor=actor, obj=proposal,
                              summary=gettext_noop("proposed")))
        summary.created += 1
        return
    changed = proposal.status == Proposal.Status.PENDING and any(
        getattr(proposal, name) != value for name, value in values.items()
        if name not in PLACE_FIELDS)
    if not changed and not proposal.vanished:
        summary.unchanged += 1
        summary.stored.append(proposal)
        return
    if changed:
        for name, value in values.items():
            setattr(proposal, name, value)
    proposal.vanished = False
    save_record(actor=actor, obj=proposal, summary=gettext_noop("updated from a newer reading"))
    summary.stored.append(proposal)
    summary.updated += 1


def _resolved(draft: Draft, donors: DonorResolver, items: ItemMatcher,
              summary: IntakeSummary) -> dict[str, Any]:
    donor = donors.resolve(draft.donor_code) if draft.donor_code else None
    if donor is None or donor.nation is None:
        donor = donors.resolve(draft.donor_text)
    if donor.nation is not None:
        summary.donors_matched += 1
    elif draft.donor_text:
        summary.unmatched.donors[draft.donor_text] += 1
        summary.unmatched.reasons[draft.donor_text] = donor.why_unmatched
    item, item_score = None, 100
    if draft.kind == Proposal.Kind.EQUIPMENT:
        match = items.match(draft.item_text)
        item, item_score = match.item, match.confidence
        if draft.item_code and draft.item_code in items.by_code:
            item, item_score = items.by_code[draft.item_code], 100
        if item is not None:
            summary.items_matched += 1
        else:
            summary.unmatched.items[draft.item_text] += 1
    donor_score = 100 if donor.nation is not None else 0
    confidence = min(donor_score, item_score) * max(0, min(draft.certainty, 100)) // 100
    values = {
        "kind": draft.kind, "source_row": draft.row, "source_url": draft.url[:500],
        "sentence": draft.sentence, "donor_text": draft.donor_text[:200], "donor": donor.nation,
        "item_text": draft.item_text[:300], "item": item, "quantity": draft.quantity,
        "quantity_delivered": draft.delivered, "announced_on": draft.announced_on,
        "date_text": draft.date_text[:100], "value_eur": draft.value_eur,
        "amount": draft.amount, "currency": draft.currency[:3], "confidence": confidence,
    }
    values["possible_duplicate"] = likely_duplicate(values)
    return values


def likely_duplicate(values: dict[str, Any]) -> Pledge | None:
    """A pledge of the same donor and item group, announced within DUPLICATE_DAYS, of about the
    same quantity (or either quantity unknown)."""
    donor, item, day = values.get("donor"), values.get("item"), values.get("announced_on")
    if donor is None or item is None or day is None:
        return None
    window = timedelta(days=DUPLICATE_DAYS)
    candidates = Pledge.objects.filter(
        donor=donor, item__group_id=item.group_id, announced_on__gte=day - window,
        announced_on__lte=day + window,
    ).exclude(status=Pledge.Status.CANCELLED).order_by("announced_on", "pk")
    quantity = values.get("quantity")
    for pledge in candidates:
        if quantity is None or abs(pledge.quantity - quantity) <= \
                DUPLICATE_QUANTITY_SHARE * max(pledge.quantity, quantity):
            return pledge
    return None


# Review ---------------------------------------------------------------------------------------


def _locked_pending(actor: Any, proposal: Proposal) -> Proposal:
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    ensure_allowed(actor, "change", locked)
    if locked.status != Proposal.Status.PENDING:
        raise DomainError({"status": _("Proposal %(id)s: it is already %(state)s.") % {
            "id": locked.pk, "state": locked.get_status_display().lower()}})
    return locked


def proposal_accept(
    *, actor: Any, proposal: Proposal, quantity: int | None = None, item: Item | None = None,
    origin: Location | None = None, amount_eur: Decimal | None = None,
) -> Proposal:
    """Create the pledge (or financial pledge) the proposal describes, through the donations or
    funding services, and keep the link both ways. The reviewer supplies what the source did
    not say (a quantity, the item, the depot, the amount in EUR)."""
    with transaction.atomic():
        locked = _locked_pending(actor, proposal)
        if locked.donor is None:
            raise DomainError({"donor": _("Proposal %(id)s: the donor '%(text)s' is not a "
                                          "nation in Convoy; it cannot become a pledge.")
                               % {"id": locked.pk, "text": locked.donor_text}})
        if locked.kind == Proposal.Kind.FINANCIAL:
            locked.financial_pledge = _financial_from(actor, locked, amount_eur)
        else:
            locked.pledge = _pledge_from(actor, locked, quantity, item, origin)
        locked.status = Proposal.Status.ACCEPTED
        save_record(actor=actor, obj=locked, summary=gettext_noop("accepted"))
    proposal.refresh_from_db()
    return proposal


def _announced(proposal: Proposal) -> date:
    day = proposal.announced_on
    return day if day is not None and FIRST_DAY <= day <= LAST_DAY else timezone.localdate()


def _pledge_from(actor: Any, proposal: Proposal, quantity: int | None, item: Item | None,
                 origin: Location | None) -> Pledge:
    item = item or proposal.item
    quantity = quantity or proposal.quantity
    errors = {}
    if item is None:
        errors["item"] = _("Proposal %(id)s: '%(text)s' matches no catalogue item; choose "
                           "the item.") % {"id": proposal.pk, "text": proposal.item_text}
    if not quantity:
        errors["quantity"] = _("Proposal %(id)s: the source gives no quantity; enter it.") % {
            "id": proposal.pk}
    origin = origin or Location.objects.filter(
        nation=proposal.donor, kind=Location.Kind.DEPOT).order_by("code").first()
    if origin is None:
        errors["origin"] = _("Proposal %(id)s: %(donor)s has no depot in Convoy; choose the "
                             "origin.") % {"id": proposal.pk, "donor": proposal.donor}
    if errors:
        raise DomainError(errors)
    announced = _announced(proposal)
    return pledge_create(
        actor=actor, code=next_code(Pledge, f"P-{announced:%Y}-"), donor=proposal.donor,
        item=item, quantity=quantity, available_from=announced, origin=origin,
        value_eur=proposal.value_eur, announced_on=announced, notes=source_note(proposal),
    )


def _financial_from(actor: Any, proposal: Proposal,
                    amount_eur: Decimal | None) -> FinancialPledge:
    amount = proposal.amount or proposal.value_eur
    eur = amount_eur or proposal.value_eur or (amount if proposal.currency == "EUR" else None)
    if amount is None or eur is None:
        raise DomainError({"amount_eur": _("Proposal %(id)s: the amount in EUR is not known; "
                                           "enter it.") % {"id": proposal.pk}})
    announced = _announced(proposal)
    currency = proposal.currency or "EUR"
    if currency == "EUR":
        amount = eur
    return financial_pledge_create(
        actor=actor, code=next_code(FinancialPledge, f"FP-{announced:%Y}-"),
        donor=proposal.donor, first_year=announced.year, last_year=announced.year,
        amount=amount, currency=currency, amount_eur=eur, kind=FinancialPledge.Kind.GRANT,
        announced_on=announced, notes=source_note(proposal),
    )


def source_note(proposal: Proposal) -> str:
    """Where the proposal came from, as the pledge's notes keep it."""
    where = [f"From intake proposal {proposal.pk} ({proposal.source})"]
    if proposal.source_file:
        row = f", row {proposal.source_row}" if proposal.source_row else ""
        where.append(f"{proposal.source_file}{row}")
    if proposal.source_url:
        where.append(proposal.source_url)
    if proposal.sentence:
        where.append(f"“{proposal.sentence[:300]}”")
    return "; ".join(where)


def proposal_reject(*, actor: Any, proposal: Proposal) -> Proposal:
    with transaction.atomic():
        locked = _locked_pending(actor, proposal)
        locked.status = Proposal.Status.REJECTED
        save_record(actor=actor, obj=locked, summary=gettext_noop("rejected"))
    proposal.refresh_from_db()
    return proposal


def proposal_merge(*, actor: Any, proposal: Proposal, pledge: Pledge) -> Proposal:
    """Record that the proposal is an existing pledge (of the same donor)."""
    with transaction.atomic():
        locked = _locked_pending(actor, proposal)
        if locked.kind != Proposal.Kind.EQUIPMENT:
            raise DomainError({"pledge": _("Proposal %(id)s is a financial pledge; only "
                                           "equipment proposals merge into pledges.")
                               % {"id": locked.pk}})
        if locked.donor_id is not None and pledge.donor_id != locked.donor_id:
            raise DomainError({"pledge": _("Proposal %(id)s: pledge %(pledge)s is of another "
                                           "donor (%(donor)s).") % {
                "id": locked.pk, "pledge": pledge, "donor": pledge.donor}})
        locked.pledge = pledge
        locked.status = Proposal.Status.MERGED
        save_record(actor=actor, obj=locked, summary=f"merged into pledge {pledge}")
    proposal.refresh_from_db()
    return proposal


# Aliases and mappings -------------------------------------------------------------------------


def alias_create(*, actor: Any, text: str, item: Item) -> ItemAlias:
    """Another name of `item`; proposals already read match it when their source is read
    again."""
    with transaction.atomic():
        key = normalised(text)
        if not key:
            raise DomainError({"text": _("Item alias: the name cannot be empty.")})
        if ItemAlias.objects.filter(text=key).exists():
            raise DomainError({"text": _("Item alias '%(text)s' already exists.") % {
                "text": key}})
        return save_record(actor=actor, obj=ItemAlias(text=key, item=item),
                           summary=gettext_noop("alias added"))


def alias_delete(*, actor: Any, alias: ItemAlias) -> None:
    with transaction.atomic():
        delete_record(actor=actor, obj=alias, summary=gettext_noop("alias removed"))


def mapping_save(*, actor: Any, name: str, spec: dict[str, Any]) -> ColumnMapping:
    """Save a column mapping by name (a new one, or the named one changed)."""
    with transaction.atomic():
        name = (name or "").strip()
        if not name:
            raise DomainError({"name": _("Column mapping: give it a name.")})
        try:
            layout_from_mapping({**spec, "name": name})
        except MappingError as error:
            raise DomainError({"spec": _("Column mapping %(name)s: %(error)s") % {
                "name": name, "error": error}}) from error
        mapping = ColumnMapping.objects.filter(name=name).first()
        if mapping is None:
            mapping = ColumnMapping(name=name, created_by=actor if actor else None)
        mapping.spec = {**spec, "name": name}
        return save_record(actor=actor, obj=mapping, summary=gettext_noop("column mapping saved"))
