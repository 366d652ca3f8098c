"""Reads of the directory through the one permission rule."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from convoy.core.models import Membership
from convoy.core.permissions import grants


def users_for(user: Any) -> QuerySet:
    """The accounts a user may see: all of them for the roles that may read the directory
    (memberships are confidential: who works where, in which role), else only their own."""
    accounts = get_user_model().objects.all()
    if grants(user, Membership, "view") is None:
        return accounts
    return accounts.filter(pk=getattr(user, "pk", None))


def memberships_for(user: Any) -> QuerySet[Membership]:
    return Membership.objects.restrict(user, "view").select_related("user", "organisation")
