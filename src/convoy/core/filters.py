"""Filters of the nation, organisation and user lists."""

import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from convoy.core.models import Nation, Organisation, Role


class NationFilter(django_filters.FilterSet):
    class Meta:
        model = Nation
        fields = ["kind", "participation"]


class OrganisationFilter(django_filters.FilterSet):
    class Meta:
        model = Organisation
        fields = ["kind", "nation"]


class UserFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(field_name="memberships__role", choices=Role.choices,
                                       label=_("Role"), distinct=True)
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = get_user_model()
        fields = ["role", "is_active"]
