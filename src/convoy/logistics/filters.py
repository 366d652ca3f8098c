"""Filters of the shipment and discrepancy lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from convoy.core.models import Nation
from convoy.logistics.models import Discrepancy, Lane, Node, Shipment
from convoy.web.scoping import visible_owners


class ShipmentFilter(django_filters.FilterSet):
    node = django_filters.ModelChoiceFilter(
        queryset=lambda request: Node.objects.restrict(request.user, "view"), label=_("Node")
    )
    donor = django_filters.ModelChoiceFilter(
        field_name="allocation__pledge__donor",
        queryset=visible_owners(Shipment, "allocation__pledge__donor",
                                lambda: Nation.objects.exclude(kind=Nation.Kind.RECIPIENT)),
        label=_("Donor"),
    )
    leaves_from = django_filters.DateFilter(
        field_name="planned_departure", lookup_expr="gte", label=_("Leaves node on or after")
    )
    leaves_until = django_filters.DateFilter(
        field_name="planned_departure", lookup_expr="lte", label=_("Leaves node on or before")
    )

    class Meta:
        model = Shipment
        fields = ["status", "node", "donor", "leaves_from", "leaves_until"]


class LaneFilter(django_filters.FilterSet):
    class Meta:
        model = Lane
        fields = ["node", "direction"]
class DiscrepancyFilter(django_filters.FilterSet):
    node = django_filters.ModelChoiceFilter(
        field_name="shipment__node",
        queryset=lambda request: Node.objects.restrict(request.user, "view"), label=_("Node"),
    )

    class Meta:
        model = Discrepancy
        fields = ["status", "reason", "node"]
