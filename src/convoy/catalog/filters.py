"""Filters of the item group, item and coalition lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from convoy.catalog.models import CapabilityArea, CapabilityCoalition, Item, ItemGroup


class ItemGroupFilter(django_filters.FilterSet):
    class Meta:
        model = ItemGroup
        fields = ["area"]


class ItemFilter(django_filters.FilterSet):
    area = django_filters.ModelChoiceFilter(field_name="group__area",
                                            queryset=CapabilityArea.objects.all(),
                                            label=_("Capability area"))
    needs_training = django_filters.BooleanFilter(field_name="training_course",
                                                  lookup_expr="isnull", exclude=True,
                                                  label=_("Needs trained crews"))

    class Meta:
        model = Item
        fields = ["area", "group", "needs_training"]


class CoalitionFilter(django_filters.FilterSet):
    class Meta:
        model = CapabilityCoalition
        fields = ["area"]
