"""The endpoint behind every list's "Columns" control: remembers, per user and list, which
columns are hidden (through the audited service), then goes back to the list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from convoy.core.errors import DomainError
from convoy.core.preferences import table_columns_set


def list_columns(table: str) -> list[str]:
    """The column keys of the list page named `table`; Http404 if it names no list."""
    try:
        view = getattr(resolve(reverse(table)).func, "view_class", None)
    except (NoReverseMatch, ValueError):
        view = None
    columns = getattr(view, "columns", None)
    if not columns:
        raise Http404(_("No list is called “%(table)s”.") % {"table": table[:100]})
    return [c.key for c in columns]


class TableColumnsView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        table = request.POST.get("table", "")[:100]
        columns = list_columns(table)
        shown = set(request.POST.getlist("shown"))
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse(table)
        try:
            table_columns_set(actor=request.user, user=request.user, table=table,
                              hidden=[c for c in columns if c not in shown], columns=columns)
        except DomainError as refused:
            for message in refused.messages:
                messages.error(request, message)
        return HttpResponseRedirect(target)
