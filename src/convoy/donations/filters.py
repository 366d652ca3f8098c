"""Filters of the requirement, pledge and allocation lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from convoy.catalog.models import CapabilityArea
from convoy.core.models import Nation
from convoy.donations.models import Allocation, Pledge, Requirement
from convoy.web.scoping import visible_owners


def donors(request=None):
    return Nation.objects.exclude(kind=Nation.Kind.RECIPIENT)


class RequirementFilter(django_filters.FilterSet):
    area = django_filters.ModelChoiceFilter(
        field_name="item_group__area", queryset=CapabilityArea.objects.all(),
        label=_("Capability area"),
    )
    needed_before = django_filters.DateFilter(
        field_name="needed_by", lookup_expr="lte", label=_("Needed by (on or before)")
    )

    class Meta:
        model = Requirement
        fields = ["status", "priority", "area", "needed_before"]


class PledgeFilter(django_filters.FilterSet):
    donor = django_filters.ModelChoiceFilter(
        queryset=visible_owners(Pledge, "donor", donors), label=_("Donor"))
    area = django_filters.ModelChoiceFilter(
        field_name="item__group__area", queryset=CapabilityArea.objects.all(),
        label=_("Capability area"),
    )
    announced_after = django_filters.DateFilter(
        field_name="announced_on", lookup_expr="gte", label=_("Announced on or after")
    )

    class Meta:
        model = Pledge
        fields = ["status", "donor", "source", "area", "announced_after"]


class AllocationFilter(django_filters.FilterSet):
    donor = django_filters.ModelChoiceFilter(
        field_name="pledge__donor", queryset=visible_owners(Allocation, "pledge__donor", donors),
        label=_("Donor"),
    )
    requirement_status = django_filters.ChoiceFilter(
        field_name="requirement__status", choices=Requirement.Status.choices,
        label=_("Requirement status"),
    )
    from_plan = django_filters.BooleanFilter(
        field_name="plan_run", lookup_expr="isnull", exclude=True, label=_("Made by a plan run")
    )

    class Meta:
        model = Allocation
        fields = ["donor", "requirement_status", "from_plan"]
