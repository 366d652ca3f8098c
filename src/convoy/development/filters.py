"""Filters of the capability target list."""

import django_filters

from convoy.development.models import CapabilityTarget


class CapabilityTargetFilter(django_filters.FilterSet):
    class Meta:
        model = CapabilityTarget
        fields = ["area", "year"]
