"""The common operating picture: its page, cached while the data stays the same."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views import View

from convoy.core.models import AuditRecord
from convoy.core.permissions import grants
from convoy.donations.models import Allocation, Pledge, Requirement
from convoy.funding.models import FinancialPledge
from convoy.logistics.models import Shipment
from convoy.reports import dashboard

#: Seconds a computed picture may be reused while the data has not changed.
PICTURE_SECONDS = 60


def data_version() -> tuple[Any, ...]:
    """Changes whenever the record does: every write through a service leaves an audit record,
    and bulk loads add rows. Five index lookups, far cheaper than the picture itself."""
    return tuple(
        model.objects.aggregate(n=Max("pk"))["n"]
        for model in (AuditRecord, Pledge, Requirement, Allocation, Shipment)
    )


def scope(user: Any) -> tuple[Any, ...]:
    """What of the picture depends on who asks: whether they may read totals, and which
    nation's own part they see (users of one nation share a picture)."""
    def key(model: type) -> Any:
        found = grants(user, model, "view")
        return "all" if found is None else tuple(sorted((g.path, g.value) for g in found))

    return (grants(user, Pledge, "aggregate") is None, key(Pledge), key(FinancialPledge))


def picture(user: Any) -> dict[str, Any]:
    unmet_chart, unmet_top = dashboard.unmet_requirements(user)
    manning_chart, manning_figures = dashboard.manning(user)
    partial = not dashboard.sees_all(user, Pledge)
    facts = dashboard.pledge_facts(user)
    own = dashboard.pledge_facts(user, own=True) if partial else None
    charts_over_time = [dashboard.pledges_over_time(facts)]
    if own is not None:
        charts_over_time.append(dashboard.pledges_over_time(own, own=True))
    return {
        "partial": partial,
        "headline": dashboard.headline(user, facts),
        "areas": dashboard.capability_areas(user, facts, own),
        "unmet_chart": unmet_chart,
        "unmet_top": unmet_top,
        "over_time": charts_over_time,
        "nodes": dashboard.node_load_this_week(user),
        "training": dashboard.training_pipeline(user),
        "funding": dashboard.funding(user),
        "manning_chart": manning_chart,
        "manning": manning_figures,
        "as_of": timezone.now(),
    }


class HomeView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        # A digest of the exact inputs: two scopes can never share a key.
        inputs = repr((data_version(), scope(user), timezone.localdate()))
        key = f"convoy:home:{hashlib.sha256(inputs.encode()).hexdigest()}"
        context = cache.get(key)
        if context is None:
            context = picture(user)
            cache.set(key, context, PICTURE_SECONDS)
        return render(request, "reports/picture.html", {
            "title": gettext("Common operating picture"), **context, **self.extra_context()})

    def extra_context(self) -> dict[str, Any]:
        """What a page built on the picture adds (not cached with it)."""
        return {}
