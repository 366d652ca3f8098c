"""The inbox, the preferences page and the coordinators' deliveries page (webhooks, mails and
calls with their status)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from convoy.notifications import kinds, selectors, services
from convoy.notifications.audience import may_manage_deliveries, preference_of
from convoy.notifications.forms import PreferenceForm, WebhookForm
from convoy.notifications.models import Delivery
from convoy.web.links import openable
from convoy.web.refusals import apply_to_form

PER_PAGE = 50


class InboxView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        notices = selectors.notices_for(request.user)
        unread_only = request.GET.get("unread") == "1"
        if unread_only:
            notices = notices.filter(read_at__isnull=True)
        page = Paginator(notices, PER_PAGE).get_page(request.GET.get("page"))
        _mark_openable(request, page.object_list)
        return render(request, "notifications/inbox.html", {
            "title": _("Notices"), "page": page, "unread_only": unread_only,
            "unread": selectors.unread_count(request.user),
        })


def _mark_openable(request: HttpRequest, notices: Any) -> None:
    """`notice.opens`: whether its link leads to a record the reader may (still) open, asked
    once per kind of record for the page (a role can change after the notice was made)."""
    links = openable(request)
    by_kind: dict[Any, list[Any]] = {}
    for notice in notices:
        if notice.content_type_id is not None:
            by_kind.setdefault(notice.content_type_id, []).append(notice)
    for notice in notices:
        notice.opens = bool(notice.url) and notice.content_type_id is None
    for kind, listed in by_kind.items():
        model = ContentType.objects.get_for_id(kind).model_class()
        if model is None:
            continue
        links.prime_keys(model, [n.object_id for n in listed])
        for notice in listed:
            notice.opens = bool(notice.url) and links.opens(model, notice.object_id)


def _own_notice(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(selectors.notices_for(request.user), pk=pk)


def _back(request: HttpRequest) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("notifications:inbox")
    return redirect(target)


class OpenNoticeView(LoginRequiredMixin, View):
    """Following a notice's link marks it read and opens its record."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        notice = services.notice_mark_read(actor=request.user, notice=_own_notice(request, pk))
        _mark_openable(request, [notice])
        target = notice.url if notice.opens and notice.url.startswith("/") else ""
        return redirect(target or reverse("notifications:inbox"))


class MarkReadView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        services.notice_mark_read(actor=request.user, notice=_own_notice(request, pk))
        return _back(request)


class MarkAllReadView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        count = services.notices_mark_all_read(actor=request.user)
        messages.success(request, gettext("%(count)s notices marked read.") % {"count": count})
        return _back(request)


def _offered(user: Any) -> tuple[kinds.Kind, ...]:
    if may_manage_deliveries(user):
        return kinds.KINDS
    return tuple(k for k in kinds.KINDS if k is not kinds.DELIVERY_FAILED)


class PreferencesView(LoginRequiredMixin, View):
    template = "notifications/preferences.html"

    def _render(self, request: HttpRequest, form: PreferenceForm) -> HttpResponse:
        chosen = set(form["kinds"].value() or [])
        groups = [(group, [(key, label, key in chosen) for key, label in options])
                  for group, options in form.fields["kinds"].choices]
        return render(request, self.template, {
            "title": _("Notification preferences"), "form": form, "groups": groups,
            "mail_choice": form["mail"].value(), "has_email": bool(request.user.email)})

    def get(self, request: HttpRequest) -> HttpResponse:
        chosen, mail = preference_of(request.user)
        form = PreferenceForm(initial={"kinds": chosen, "mail": mail},
                              offered=_offered(request.user))
        return self._render(request, form)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PreferenceForm(request.POST, offered=_offered(request.user))
        if form.is_valid():
            try:
                services.preference_save(actor=request.user, user=request.user,
                                         kinds_chosen=form.cleaned_data["kinds"],
                                         mail=form.cleaned_data["mail"])
            except ValidationError as error:
                apply_to_form(form, error)
            else:
                messages.success(request, gettext("Your notification preferences are saved."))
                return redirect("notifications:preferences")
        return self._render(request, form)


class ManagersOnly(LoginRequiredMixin):
    """Coordinators' pages: webhooks and every delivery."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not may_manage_deliveries(request.user):
            raise PermissionDenied(gettext("Only coordinators manage webhooks and deliveries."))
        return super().dispatch(request, *args, **kwargs)


STATUSES = {s.value for s in Delivery.Status}


class DeliveriesView(ManagersOnly, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        status = request.GET.get("status", "")
        mails = selectors.mails_for(request.user)
        calls = selectors.webhook_calls_for(request.user)
        if status in STATUSES:
            mails, calls = mails.filter(status=status), calls.filter(status=status)
        else:
            status = ""
        return render(request, "notifications/deliveries.html", {
            "title": _("Notifications: webhooks and deliveries"),
            "webhooks": selectors.webhooks_for(request.user),
            "mails": Paginator(mails, PER_PAGE).get_page(request.GET.get("mail_page")),
            "calls": Paginator(calls, PER_PAGE).get_page(request.GET.get("call_page")),
            "failed_mails": selectors.mails_for(request.user).filter(
                status=Delivery.Status.FAILED).count(),
            "failed_calls": selectors.webhook_calls_for(request.user).filter(
                status=Delivery.Status.FAILED).count(),
            "status": status, "statuses": Delivery.Status.choices,
        })


class RetryView(ManagersOnly, View):
    def post(self, request: HttpRequest, what: str, pk: int) -> HttpResponse:
        found = {"mail": selectors.mails_for, "call": selectors.webhook_calls_for}.get(what)
        if found is None:
            raise Http404
        delivery = get_object_or_404(found(request.user), pk=pk)
        try:
            services.delivery_retry(actor=request.user, delivery=delivery)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, gettext("%(what)s will be sent again.") % {
                "what": delivery})
        return redirect("notifications:deliveries")


class WebhookCreateView(ManagersOnly, View):
    template = "notifications/webhook_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = WebhookForm()
        del form.fields["new_secret"]
        return render(request, self.template, {"title": _("Register a webhook"), "form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = WebhookForm(request.POST)
        del form.fields["new_secret"]
        if form.is_valid():
            data = form.cleaned_data
            try:
                hook = services.webhook_create(actor=request.user, name=data["name"],
                                               url=data["url"], kinds_chosen=data["kinds"],
                                               active=data["active"])
            except ValidationError as error:
                apply_to_form(form, error)
            else:
                messages.success(request, gettext(
                    "Webhook %(name)s is registered. Give its receiver the signing secret shown "
                    "below.") % {"name": hook.name})
                return redirect("notifications:webhook-edit", pk=hook.pk)
        return render(request, self.template, {"title": _("Register a webhook"), "form": form})


class WebhookEditView(ManagersOnly, View):
    template = "notifications/webhook_form.html"

    def _context(self, hook: Any, form: WebhookForm) -> dict[str, Any]:
        return {"title": gettext("Webhook %(name)s") % {"name": hook.name}, "form": form,
                "webhook": hook, "calls": hook.deliveries.all()[:20]}

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        hook = get_object_or_404(selectors.webhooks_for(request.user), pk=pk)
        return render(request, self.template, self._context(hook, WebhookForm(instance=hook)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        hook = get_object_or_404(selectors.webhooks_for(request.user), pk=pk)
        form = WebhookForm(request.POST, instance=hook)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.webhook_update(actor=request.user, webhook=hook,
                                        new_secret=data["new_secret"], name=data["name"],
                                        url=data["url"], kinds=data["kinds"],
                                        active=data["active"])
            except ValidationError as error:
                apply_to_form(form, error)
            else:
                messages.success(request, gettext("Webhook saved."))
                return redirect("notifications:webhook-edit", pk=pk)
        hook.refresh_from_db()
        return render(request, self.template, self._context(hook, form))


class WebhookDeleteView(ManagersOnly, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        hook = get_object_or_404(selectors.webhooks_for(request.user), pk=pk)
        services.webhook_delete(actor=request.user, webhook=hook)
        messages.success(request, gettext("Webhook %(name)s removed.") % {"name": hook.name})
        return redirect("notifications:deliveries")
