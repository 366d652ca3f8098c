"""Filters of the shipment and discrepancy lists."""

import django_filters

from convoy.core.models import Nation
from convoy.logistics.models import Discrepancy, Lane, Node, Shipment
from convoy.web.scoping import visible_owners


class ShipmentFilter(django_filters.FilterSet):
    node = django_filters.ModelChoiceFilter(
        queryset=lambda request: Node.objects.restrict(request.user, "view"), label="Node"
    )
    donor = django_filters.ModelChoiceFilter(
        field_name="allocation__pledge__donor",
        queryset=visible_owners(Shipment, "allocation__pledge__donor",
                                lambda: Nation.objects.exclude(kind=Nation.Kind.RECIPIENT)),
        label="Donor",
    )
    leaves_from = django_filters.DateFilter(
        field_name="planned_departure", lookup_expr="gte", label="Leaves node on or after"
    )
    leaves_until = django_filters.DateFilter(
        field_name="planned_departure", lookup_expr="lte", label="Leaves node on or before"
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
        queryset=lambda request: Node.objects.restrict(request.user, "view"), label="Node",
    )

    class Meta:
        model = Discrepancy
        fields = ["status", "reason", "node"]
