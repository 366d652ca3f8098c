"""Filters of the financial pledge list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from convoy.core.models import Nation
from convoy.funding.models import FinancialPledge
from convoy.web.scoping import visible_owners


class FinancialPledgeFilter(django_filters.FilterSet):
    donor = django_filters.ModelChoiceFilter(
        queryset=visible_owners(FinancialPledge, "donor",
                                lambda: Nation.objects.exclude(kind=Nation.Kind.RECIPIENT)),
        label=_("Donor"),
    )
    year = django_filters.NumberFilter(method="filter_year", label=_("Covers year"))

    class Meta:
        model = FinancialPledge
        fields = ["donor", "kind", "currency", "year"]

    def filter_year(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(first_year__lte=value, last_year__gte=value)
