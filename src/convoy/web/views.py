"""The home page: the common operating picture."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from convoy.donations.models import Pledge
from convoy.web import dashboard


class HomeView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        unmet_chart, unmet_top = dashboard.unmet_requirements(user)
        manning_chart, manning_figures = dashboard.manning(user)
        partial = not dashboard.sees_all(user, Pledge)
        facts = dashboard.pledge_facts(user)
        own = dashboard.pledge_facts(user, own=True) if partial else None
        charts_over_time = [dashboard.pledges_over_time(facts)]
        if own is not None:
            charts_over_time.append(dashboard.pledges_over_time(own, own=True))
        return render(request, "web/home.html", {
            "title": "Common operating picture",
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
        })
