"""Filters of the repair order list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from convoy.repairs.models import RepairFacility, RepairOrder


class RepairOrderFilter(django_filters.FilterSet):
    facility = django_filters.ModelChoiceFilter(
        queryset=lambda request: RepairFacility.objects.restrict(request.user, "view"),
        label=_("Facility"),
    )
    requested_after = django_filters.DateFilter(
        field_name="requested_on", lookup_expr="gte", label=_("Requested on or after")
    )

    class Meta:
        model = RepairOrder
        fields = ["status", "facility", "requested_after"]


class RepairFacilityFilter(django_filters.FilterSet):
    class Meta:
        model = RepairFacility
        fields = ["nation"]
