"""Pages of the API's lists: the page's keys first, then those records with their related rows.

Skipping to page 1,000 of 100,000 pledges used to join every skipped pledge to its nation, item
and depot; sorting and skipping the bare keys, then reading 50 whole records, is the same
"deferred join" as the list pages' (convoy.web.lists).
"""

from typing import Any

from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination


class KeysFirstPagination(PageNumberPagination):
    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list | None:
        if not isinstance(queryset, QuerySet):
            return super().paginate_queryset(queryset, request, view)
        keys = super().paginate_queryset(queryset.values_list("pk", flat=True), request, view)
        if keys is None:
            return None
        found = {obj.pk: obj for obj in queryset.filter(pk__in=keys).order_by()}
        return [found[key] for key in keys if key in found]
