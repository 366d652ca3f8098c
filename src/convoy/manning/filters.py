"""Filters of the post list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from convoy.core.models import Nation
from convoy.manning.models import Post


class PostFilter(django_filters.FilterSet):
    filled_by = django_filters.ModelChoiceFilter(
        queryset=Nation.objects.exclude(kind=Nation.Kind.RECIPIENT), label=_("Filled by")
    )
    vacant = django_filters.BooleanFilter(
        field_name="filled_by", lookup_expr="isnull", label=_("Vacant")
    )

    class Meta:
        model = Post
        fields = ["branch", "rank_band", "filled_by", "vacant"]
