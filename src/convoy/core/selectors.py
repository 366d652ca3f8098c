"""Reads of the directory through the one permission rule, and which records a reader may
open (for links)."""

from collections.abc import Collection
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import QuerySet

from convoy.core.models import Membership
from convoy.core.permissions import RestrictedQuerySet, grants


def users_for(user: Any) -> QuerySet:
    """The accounts a user may see: all of them for the roles that may read the directory
    (memberships are confidential: who works where, in which role), else only their own."""
    accounts = get_user_model().objects.all()
    if grants(user, Membership, "view") is None:
        return accounts
    return accounts.filter(pk=getattr(user, "pk", None))


def memberships_for(user: Any) -> QuerySet[Membership]:
    return Membership.objects.restrict(user, "view").select_related("user", "organisation")


def visible_keys(user: Any, model: type[models.Model], keys: Collection[Any]) -> set[Any]:
    """Which of `keys` (primary keys of `model`) `user` may open, by the permission rule: one
    query, or none when the role sees every record of the model or none of them."""
    if model is get_user_model():
        queryset = users_for(user)
    elif isinstance(model._default_manager.all(), RestrictedQuerySet):
        allowed = grants(user, model, "view")
        if allowed is None:
            return set(keys)
        if not allowed:
            return set()
        queryset = model._default_manager.restrict(user, "view")
    else:
        return set(keys)  # shared records outside the rule
    return set(queryset.filter(pk__in=list(keys)).values_list("pk", flat=True))
