"""One shape for every list page: permission-restricted records, filters, free-text search,
whitelisted sorting, pagination with counts, and export of the filtered list to CSV and XLSX."""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce
from operator import or_
from typing import Any, ClassVar

import django_filters
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, Window
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from convoy.core.permissions import grants
from convoy.core.preferences import hidden_columns
from convoy.web import attention as attention_rules
from convoy.web import export, scoping
from convoy.web.links import Openable, openable
from convoy.web.params import MAX_PAGE, QueryParams
from convoy.web.tables import Column, cell, prime_links, sort_fields


class RecordListView(LoginRequiredMixin, View):
    """A list page declared by its model, columns, filters and search fields."""

    model: ClassVar[type[models.Model]]
    columns: ClassVar[Sequence[Column]]
    filterset_class: ClassVar[type[django_filters.FilterSet] | None] = None
    search_fields: ClassVar[Sequence[str]] = ()
    select_related: ClassVar[Sequence[str]] = ()
    default_sort: ClassVar[str] = ""
    paginate_by: ClassVar[int] = 50
    title: ClassVar[str] = ""
    export_name: ClassVar[str] = ""
    create_url: ClassVar[str | None] = None
    template_name: ClassVar[str] = "web/list.html"
    #: Extra links shown above the table: (label, URL name).
    related_pages: ClassVar[Sequence[tuple[str, str]]] = ()
    #: What may need attention in these records (web.attention.Rule): a badge on each row it
    #: selects, and a filter `?attention=<key>`.
    attention: ClassVar[Sequence[attention_rules.Rule]] = ()
    #: The search box's hint in words ("Code, item or nation"); else the searched fields' names.
    search_hint: ClassVar[str] = ""
    #: Set when a filter asks for records private to others (another nation's pledges).
    private_note: str | None = None

    def base_queryset(self) -> models.QuerySet:
        """What the user may see: the one permission rule, before any filter."""
        queryset = self.model.objects.restrict(self.request.user, "view")
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        return queryset

    def filtered(self) -> tuple[models.QuerySet, Any, str]:
        queryset = self.base_queryset()
        filterset = None
        if self.filterset_class is not None:
            filterset = self.filterset_class(
                self.request.GET or None, queryset=queryset, request=self.request
            )
            queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
            if filterset.is_bound and not filterset.is_valid():
                self.private_note = scoping.private_choice(
                    filterset, str(self.model._meta.verbose_name_plural))
                if self.private_note:
                    queryset = queryset.none()
        search = QueryParams(self.request).text("q")
        if search and self.search_fields:
            terms = [search_term(self.model, f, search) for f in self.search_fields]
            queryset = queryset.filter(reduce(or_, terms))
        rule = attention_rules.find(self.attention, QueryParams(self.request).text("attention"))
        if rule is not None:
            queryset = attention_rules.only_flagged(rule, self.request.user, queryset)
        return queryset, filterset, search

    def sorting(self) -> tuple[str, list[str]]:
        allowed = sort_fields(self.columns)
        requested = QueryParams(self.request).text("sort")
        key = requested.removeprefix("-")
        if key not in allowed:
            if not self.default_sort:
                return "", [*self.model._meta.ordering, "pk"]
            requested, key = self.default_sort, self.default_sort.removeprefix("-")
        descending = requested.startswith("-")
        field = allowed[key]
        return requested, [f"-{field}" if descending else field, "-pk" if descending else "pk"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        queryset, filterset, search = self.filtered()
        sort, ordering = self.sorting()
        queryset = queryset.order_by(*ordering)
        params = QueryParams(request)
        fmt = params.choice("format", ("csv", "xlsx", "records-csv", "records-xlsx"))
        record_exporter = export.RECORD_EXPORTERS.get(self.model._meta.label_lower)
        if fmt in ("csv", "xlsx"):
            return self.export(fmt, queryset)
        if fmt and record_exporter:
            if fmt == "records-xlsx" and (refused := self.too_many_for_xlsx(queryset)):
                return refused
            return record_exporter(fmt.removeprefix("records-"), queryset,
                                   request.GET.get("hxl") == "1")
        # Deferred join: find the page's keys by sorting the (narrow) filtered rows, then fetch
        # those 50 records with their related rows. Sorting 100,000 joined rows to show 50 was
        # most of a list's time.
        if search:
            page = page_of_keys(queryset, self.paginate_by, params.page())
        else:
            page = Paginator(queryset.values_list("pk", flat=True), self.paginate_by).get_page(
                params.page())
        paginator = page.paginator
        keys = list(page.object_list)
        found = {obj.pk: obj for obj in self.base_queryset().filter(pk__in=keys).order_by()}
        records = [found[pk] for pk in keys if pk in found]
        flagged = attention_rules.flags(self.attention, request.user, keys)
        self.shown = self.shown_columns()
        self.links = openable(request)
        self.links.saw(records)  # read through the permission rule just now
        prime_links(self.shown, records, self.links)
        context = {
            "title": self.title or self.model._meta.verbose_name_plural.capitalize(),
            "filterset": filterset,
            "search": search,
            "searchable": bool(self.search_fields),
            "search_hint": self.search_hint or _("In %(fields)s") % {
                "fields": ", ".join(self.search_labels())},
            "header": self.header(sort),
            "rows": [self.flagged_row(obj, flagged.get(obj.pk, [])) for obj in records],
            "empty_note": self.private_note or (
                scoping.restricted_note(request.user, self.model) if not paginator.count
                else None),
            "attention_choices": [(r.key, r.title) for r in self.attention],
            "attention_key": params.text("attention"),
            "page": page,
            "total": paginator.count,
            "create_url": self.create_link(),
            "related_pages": [(label, reverse(name)) for label, name in self.related_pages],
            "query": self.query_without("page"),
            "query_without_sort": self.query_without("page", "sort"),
            "record_export": record_exporter is not None,
            "table_key": self.table_key(),
            "column_choices": [(c.key, c.label, c in self.shown) for c in self.columns],
        }
        context.update(self.extra_context())
        return render(request, self.template_name, context)

    def export(self, fmt: str, queryset: models.QuerySet) -> HttpResponse:
        """The whole filtered, sorted list (not one page) as CSV or XLSX."""
        stem = self.export_name or self.model._meta.verbose_name_plural.replace(" ", "-")
        if fmt == "csv":
            return export.csv_response(stem, self.columns, queryset)
        return self.too_many_for_xlsx(queryset) or export.xlsx_response(
            stem, self.columns, queryset)

    def too_many_for_xlsx(self, queryset: models.QuerySet) -> HttpResponse | None:
        """Back to the list with a message when the rows are too many for a workbook (it is
        built in memory, and takes longer than a request may run); None when they are not."""
        rows = queryset.count()
        if rows <= export.XLSX_MAX_ROWS:
            return None
        messages.warning(self.request, _(
            "%(rows)s rows are too many for a spreadsheet (at most %(XLSX_MAX_ROWS)s): "
            "narrow the filter, or export CSV, which has no limit."
        ) % {"rows": format(rows, ","), "XLSX_MAX_ROWS": format(export.XLSX_MAX_ROWS, ",")})
        return HttpResponseRedirect(f"?{self.query_without('page')}")

    def extra_context(self) -> dict[str, Any]:
        return {}

    def search_labels(self) -> list[str]:
        labels = []
        for name in self.search_fields:
            try:
                field = _field(self.model, name)
                labels.append(str(field.verbose_name))
            except Exception:  # a path through a relation not resolvable: show its last part
                labels.append(name.split("__")[-1])
        return labels

    def create_link(self) -> str | None:
        if self.create_url and grants(self.request.user, self.model, "add") != []:
            return reverse(self.create_url)
        return None

    def table_key(self) -> str:
        """The list's URL name: what a user's choice of columns is remembered under."""
        match = self.request.resolver_match
        return match.view_name if match else ""

    def shown_columns(self) -> list[Column]:
        """The columns the user did not hide (all of them if they hid every one)."""
        hidden = set(hidden_columns(self.request.user, self.table_key()))
        shown = [c for c in self.columns if c.key not in hidden]
        return shown or list(self.columns)

    def header(self, sort: str) -> list[dict[str, Any]]:
        current = sort.removeprefix("-")
        descending = sort.startswith("-")
        cells = []
        for column in getattr(self, "shown", self.columns):
            sortable = bool(column.sort)
            active = sortable and column.key == current
            next_sort = f"-{column.key}" if active and not descending else column.key
            cells.append(
                {
                    "label": column.label,
                    "numeric": column.numeric,
                    "key": column.key,
                    "sort": next_sort if sortable else None,
                    "aria_sort": ("descending" if descending else "ascending") if active else None,
                }
            )
        return cells

    links: Openable | None = None

    def row(self, obj: models.Model) -> list[dict[str, Any]]:
        return [cell(c, obj, self.links) for c in getattr(self, "shown", self.columns)]

    def flagged_row(self, obj: models.Model, rules: list[Any]) -> list[dict[str, Any]]:
        """The row's cells, the first carrying the badges of what needs attention."""
        cells = self.row(obj)
        if cells and rules:
            cells[0] = {**cells[0], "badges": attention_rules.badges(rules)}
        return cells

    def query_without(self, *names: str) -> str:
        query = self.request.GET.copy()
        for name in (*names, "format"):
            query.pop(name, None)
        return query.urlencode()


class _KnownKeys:
    """One page of keys and the total, found together, shaped for Django's Paginator."""

    def __init__(self, keys: list[Any], total: int) -> None:
        self.keys, self.total = keys, total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list[Any]:
        return self.keys


def page_of_keys(queryset: models.QuerySet, per_page: int, number: int) -> Page:
    """The keys of page `number` and the count of all matches in one query
    (COUNT(*) OVER ()), so a free-text search scans the table once, not once to count and once
    to show. (Without a search, a count and a top-50 sort are cheaper than this full sort.)"""
    number = min(max(number, 1), MAX_PAGE)
    windowed = queryset.annotate(_matches=Window(Count("pk"))).values_list("pk", "_matches")
    rows = list(windowed[(number - 1) * per_page : number * per_page])
    if rows:
        total = rows[0][1]
    else:
        total = queryset.count()
        if total:  # past the last page: show the last page instead
            number = (total - 1) // per_page + 1
            rows = list(windowed[(number - 1) * per_page : number * per_page])
    paginator = Paginator(_KnownKeys([r[0] for r in rows], total), per_page)
    return paginator.page(number if total else 1)


#: Up to this many related matches are given to the database as a list of keys.
RELATED_KEYS = 500


def search_term(model: type[models.Model], path: str, text: str,
                memo: dict[tuple[Any, str], list[Any] | None] | None = None) -> models.Q:
    """`path` contains `text`; a path through a relation searches the related table first, so a
    search over 100,000 pledges does not join every pledge to its item.

    When the related matches are few (items, nations, groups) they go in as a list of keys: then
    each term of the search can use an index (the foreign key's, the trigram index of a code),
    where a subquery in an OR makes the database read every row. `memo` keeps the keys found
    for one search, so several record types that search nations by name ask once."""
    if "__" not in path:
        return models.Q(**{f"{path}__icontains": text})
    first, rest = path.split("__", 1)
    field = model._meta.get_field(first)
    if not field.many_to_one:
        return models.Q(**{f"{path}__icontains": text})
    related_model = field.related_model
    related = related_model._base_manager.filter(
        search_term(related_model, rest, text, memo)).order_by()
    memo = {} if memo is None else memo
    if (related_model, rest) not in memo:
        keys = list(related.values_list("pk", flat=True)[: RELATED_KEYS + 1])
        memo[related_model, rest] = keys if len(keys) <= RELATED_KEYS else None
    keys = memo[related_model, rest]
    if keys is not None:
        return models.Q(**{f"{first}__in": keys})
    return models.Q(**{f"{first}__in": related.values("pk")})


def _field(model: type[models.Model], path: str) -> models.Field:
    *hops, last = path.split("__")
    for hop in hops:
        model = model._meta.get_field(hop).related_model
    return model._meta.get_field(last)
