"""Writes to the catalog: capability areas, coalitions, item groups and items.

The catalog is reference data that only coordinators (and the system) maintain; the permission
rule says so, these functions only add the item rules with messages that name the field.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from convoy.catalog.models import CapabilityArea, CapabilityCoalition, Item, ItemGroup
from convoy.core import audit
from convoy.core.errors import DomainError
from convoy.core.services import create_record, update_record


def capability_area_create(*, actor: Any, **fields: Any) -> CapabilityArea:
    return create_record(actor=actor, model=CapabilityArea, **fields)


def capability_area_update(*, actor: Any, area: CapabilityArea, **changes: Any) -> CapabilityArea:
    return update_record(actor=actor, obj=area, **changes)


def coalition_create(*, actor: Any, **fields: Any) -> CapabilityCoalition:
    """A coalition; `lead_nations` and `members` may be given as lists of nations or ids."""
    if not fields.get("lead_nations"):
        raise DomainError({"lead_nations": _(
            "Coalition %(get)s: name at least one lead nation."
        ) % {"get": fields.get('name', '')}})
    return create_record(actor=actor, model=CapabilityCoalition, **fields)


def coalition_update(
    *, actor: Any, coalition: CapabilityCoalition, **changes: Any
) -> CapabilityCoalition:
    many = {k: changes.pop(k) for k in ("lead_nations", "members") if k in changes}
    if "lead_nations" in many and not many["lead_nations"]:
        raise DomainError(
            {"lead_nations": _(
                "Coalition %(coalition)s: name at least one lead nation."
            ) % {"coalition": coalition}}
        )
    with transaction.atomic():
        coalition = update_record(actor=actor, obj=coalition, **changes)
        if many:
            # The snapshot lists the related ids, so one audit record shows the nations changed.
            before = audit.snapshot(coalition)
            for name, values in many.items():
                getattr(coalition, name).set(values)
            after = audit.snapshot(coalition)
            if after != before:
                audit.record(actor=actor, action="update", obj=coalition, before=before,
                             after=after, summary=gettext_noop("coalition nations"))
    return coalition


def item_group_create(*, actor: Any, **fields: Any) -> ItemGroup:
    return create_record(actor=actor, model=ItemGroup, **fields)


def item_group_update(*, actor: Any, group: ItemGroup, **changes: Any) -> ItemGroup:
    return update_record(actor=actor, obj=group, **changes)


def item_create(*, actor: Any, **fields: Any) -> Item:
    _check_item(Item(**fields))
    return create_record(actor=actor, model=Item, **fields)


def item_update(*, actor: Any, item: Item, **changes: Any) -> Item:
    with transaction.atomic():
        for name, value in changes.items():
            setattr(item, name, value)
        _check_item(item)
        return update_record(actor=actor, obj=item)


def _check_item(item: Item) -> None:
    """The item rules, checked before full_clean so the message names the field.

    The database constraints `item_mass_positive` and `item_training_needs_crews` hold them too.
    """
    errors: dict[str, str] = {}
    try:
        mass = Decimal(str(item.unit_mass_t)) if item.unit_mass_t is not None else None
    except InvalidOperation:
        mass = None  # full_clean reports a value that is not a number
    else:
        if mass is not None and mass <= 0:
            errors["unit_mass_t"] = _(
                "Item %(code)s: the unit mass must be more than 0 t."
            ) % {"code": item.code}
    has_course = item.training_course_id is not None or getattr(item, "training_course", None)
    if has_course and (item.crews_per_unit is None or item.crews_per_unit < 1):
        errors["crews_per_unit"] = (
            _(
                "Item %(code)s: an item that needs a training course needs at least one crew "
                "per unit."
            ) % {"code": item.code}
        )
    elif not has_course and item.crews_per_unit is not None:
        errors["training_course"] = (
            _(
                "Item %(code)s: crews per unit are given, so name the training course they "
                "need."
            ) % {"code": item.code}
        )
    if errors:
        raise DomainError(errors)
