"""One shape for every record page: the detail page (fields, related records, lifecycle buttons,
audit history), the create and edit forms that call the services, and the lifecycle actions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from convoy.core import audit
from convoy.core.codes import proposed_code
from convoy.core.permissions import grants, is_allowed
from convoy.core.services import REASON_MAX_LENGTH, record_name, writes_blind
from convoy.web import attention as attention_rules
from convoy.web import refusals
from convoy.web.history import readable_history
from convoy.web.links import Openable, openable, record_url
from convoy.web.tables import Column, cell, prime_links, table_rows


def may_change(user: Any, obj: models.Model) -> bool:
    return is_allowed(user, "change", obj)


def always(obj: Any, today: date) -> bool:
    return True


@dataclass(frozen=True)
class Action:
    """A lifecycle button on a detail page: shown in the listed states, to users `allowed` lets,
    when `available(obj, today)` (e.g. "mark trained" not before the session ends). It leads to
    the step's confirmation page; the service refuses a step that is not available anyway."""

    label: str
    url_name: str
    states: Sequence[str] = ()
    allowed: Callable[[Any, Any], bool] = may_change
    style: str = "primary"
    state_field: str = "status"
    #: The step's page is a plain form rather than a step confirmation (every action is a link
    #: to its page now; kept so that views can say so).
    needs_form: bool = False
    available: Callable[[Any, date], bool] = always

    def applies(self, obj: Any) -> bool:
        return not self.states or getattr(obj, self.state_field) in self.states


@dataclass
class Related:
    """A table of records related to the one shown, already restricted to what the user sees."""

    title: str
    columns: Sequence[Column]
    records: Sequence[Any]
    empty: str = _("None.")
    #: Filled in by `render`, when the page knows who reads it.
    rows: list[list[dict[str, Any]]] = field(default_factory=list)

    def render(self, links: Openable) -> Related:
        """The rows' cells, linking only to the records the reader may open."""
        self.rows = table_rows(self.columns, self.records, links)
        return self


class RecordDetailView(LoginRequiredMixin, View):
    model: ClassVar[type[models.Model]]
    fields: ClassVar[Sequence[Column]]
    select_related: ClassVar[Sequence[str]] = ()
    actions: ClassVar[Sequence[Action]] = ()
    edit_url: ClassVar[str | None] = None
    edit_states: ClassVar[Sequence[str]] = ()
    list_url: ClassVar[str] = ""
    template_name: ClassVar[str] = "web/detail.html"
    history_limit: ClassVar[int] = 50
    #: What may need attention in this record (web.attention.Rule), shown as badges.
    attention: ClassVar[Sequence[attention_rules.Rule]] = ()

    def get_object(self) -> Any:
        queryset = self.model.objects.restrict(self.request.user, "view")
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def related(self, obj: Any) -> list[Related]:
        return []

    def related_tables(self, obj: Any) -> list[Related]:
        links = openable(self.request)
        return [table.render(links) for table in self.related(obj)]

    def page_title(self, obj: Any) -> str:
        verbose, text = str(self.model._meta.verbose_name), str(obj)
        if text.lower().startswith(verbose.lower()):
            return text
        return f"{verbose.capitalize()} {text}"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {}

    def field_cells(self, obj: Any) -> list[dict[str, Any]]:
        """The record's lines; a related record links only if the reader may open it."""
        links = openable(self.request)
        links.saw([obj])
        prime_links(self.fields, [obj], links)
        lines = []
        for column in self.fields:
            line = {"label": column.label, **cell(column, obj, links)}
            if column.hide_empty and not line["text"]:
                continue
            if column.link and not line["text"]:
                line["url"] = None  # an empty related record is no link to this page itself
            lines.append(line)
        return lines

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        user = request.user
        today = timezone.localdate()
        buttons = [
            {"label": a.label, "url": reverse(a.url_name, kwargs={"pk": obj.pk}), "style": a.style,
             "needs_form": a.needs_form}
            for a in self.actions
            if a.applies(obj) and a.allowed(user, obj) and a.available(obj, today)
        ]
        editable = (
            self.edit_url
            and (not self.edit_states or getattr(obj, "status", None) in self.edit_states)
            and may_change(user, obj)
        )
        context = {
            "title": self.page_title(obj),
            "object": obj,
            "fields": self.field_cells(obj),
            "buttons": buttons,
            "edit_url": reverse(self.edit_url, kwargs={"pk": obj.pk}) if editable else None,
            "list_url": reverse(self.list_url) if self.list_url else None,
            "read_only": not buttons and not editable,
            "related": self.related_tables(obj),
            "history": readable_history(list(audit.history(obj)[: self.history_limit]),
                                        self.model, user),
            "attention": attention_rules.badges(
                attention_rules.flags(self.attention, user, [obj.pk]).get(obj.pk, [])),
        }
        context.update(self.extra_context(obj))
        return render(request, self.template_name, context)


class ServiceFormView(LoginRequiredMixin, View):
    """A create or edit form: the form validates fields, a service does the write.

    Like the admin's AuditedAdmin and the API's RecordViewSet, a plain create or edit page only
    declares its services, as `staticmethod(...)` so that they are not bound to the view:

        create_service = staticmethod(services.pledge_create)  # (actor=..., **form fields)
        update_service = staticmethod(services.pledge_update)  # (actor=..., pledge=obj, **changed)
        record_keyword = "pledge"
        fixed_fields = ("code", "donor")  # changed fields an edit does not pass on
        list_url = "donations:pledge-list"  # where a new record's form cancels to

    A page that does something else overrides `perform(form, obj)`, which calls the service and
    returns the record; the service's DomainError or ValidationError is shown beside the field it
    names, PermissionDenied gives the 403 page.
    """

    model: ClassVar[type[models.Model]]
    form_class: ClassVar[type[forms.BaseForm]]
    create_service: ClassVar[Callable[..., Any] | None] = None
    update_service: ClassVar[Callable[..., Any] | None] = None
    #: The keyword argument by which the update service takes the record.
    record_keyword: ClassVar[str] = ""
    #: Fields an edit never passes to the update service, even when the form reports them changed.
    fixed_fields: ClassVar[Sequence[str]] = ("code",)
    #: The list page a new record's form cancels to.
    list_url: ClassVar[str] = ""
    template_name: ClassVar[str] = "web/form.html"
    title: ClassVar[str] = ""
    success_message: ClassVar[str] = _("{obj} saved.")
    #: For edit forms: the states in which the record may still be edited.
    edit_states: ClassVar[Sequence[str]] = ()

    @property
    def editing(self) -> bool:
        return "pk" in self.kwargs

    def get_object(self) -> Any:
        if not self.editing:
            return None
        return get_object_or_404(
            self.model.objects.restrict(self.request.user, "view"), pk=self.kwargs["pk"]
        )

    def check_permission(self, obj: Any) -> None:
        verbose = self.model._meta.verbose_name
        if obj is None:
            if grants(self.request.user, self.model, "add") == []:
                raise PermissionDenied(_(
                    "Your role may not add a %(verbose)s."
                ) % {"verbose": verbose})
            return
        if not may_change(self.request.user, obj):
            raise PermissionDenied(_(
                "Your role may not change %(verbose)s %(obj)s."
            ) % {"verbose": verbose, "obj": obj})
        if self.edit_states and getattr(obj, "status", None) not in self.edit_states:
            raise PermissionDenied(
                _(
                    "%(verbose)s %(obj)s can no longer be edited (%(status)s)."
                ) % {
                    "verbose": verbose.capitalize(),
                    "obj": obj,
                    "status": obj.get_status_display().lower(),
                }
            )

    def form_kwargs(self, obj: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"user": self.request.user}
        if obj is not None and issubclass(self.form_class, forms.BaseModelForm):
            kwargs["instance"] = obj
        kwargs.update(self.initial_kwargs(obj))
        return kwargs

    def initial_kwargs(self, obj: Any) -> dict[str, Any]:
        return {}

    def perform(self, form: Any, obj: Any) -> Any:
        """Create with `create_service`, or pass the changed fields to `update_service`."""
        user = self.request.user
        if obj is None:
            if self.create_service is None:
                raise NotImplementedError(f"{type(self).__name__} declares no create_service")
            return self.create_service(actor=user, **form.cleaned_data)
        if self.update_service is None or not self.record_keyword:
            raise NotImplementedError(
                f"{type(self).__name__} declares no update_service and record_keyword")
        changes = {k: form.cleaned_data[k] for k in form.changed_data
                   if k not in self.fixed_fields}
        self.update_service(actor=user, **{self.record_keyword: obj}, **changes)
        return obj

    def page_title(self, obj: Any) -> str:
        if self.title:
            return self.title.format(obj=obj)
        verbose = self.model._meta.verbose_name
        return _(
            "Edit %(verbose)s %(obj)s"
        ) % {"verbose": verbose, "obj": obj} if obj is not None else _(
            "New %(verbose)s"
        ) % {"verbose": verbose}

    def render_form(self, form: Any, obj: Any, status: int = 200) -> HttpResponse:
        context = {
            "title": self.page_title(obj),
            "form": form,
            "object": obj,
            "cancel_url": record_url(obj) if obj is not None else self.cancel_url(),
        }
        return render(self.request, self.template_name, context, status=status)

    def cancel_url(self) -> str:
        return reverse(self.list_url or "home")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        self.check_permission(obj)
        return self.render_form(self.form_class(**self.form_kwargs(obj)), obj)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        self.check_permission(obj)
        form = self.form_class(request.POST, **self.form_kwargs(obj))
        if form.is_valid():
            try:
                saved = self.perform(form, obj)
            except ValidationError as error:
                refusals.apply_to_form(form, error)
            else:
                messages.success(request, self.success_message.format(obj=saved))
                return HttpResponseRedirect(self.success_url(saved))
        return self.render_form(form, obj, status=400)

    def success_url(self, saved: Any) -> str:
        return record_url(saved) or reverse("home")


class RecordActionView(LoginRequiredMixin, View):
    """A lifecycle step: GET shows what will happen and asks to confirm it (with the step's date
    and, for a cancellation, its reason); POST calls the service and reports the outcome.

    `service` is the domain service function itself, declared as `staticmethod(...)` so that it is
    not bound to the view; it is called as `service(actor=user, <record_keyword>=obj, on=...,
    reason=...)`, passing `on` when `asks_date` and the reason (as `reason_keyword`) when
    `reason_label` is set. The rules on both live in the service, which names the field it
    refuses; the page shows that beside the field. A step that needs more input (a handover's
    quantity) declares a `form_class` derived from StepForm; its other fields are passed on by
    name.
    """

    model: ClassVar[type[models.Model]]
    service: ClassVar[Callable[..., Any]]
    record_keyword: ClassVar[str]
    success_message: ClassVar[str] = _("{obj}: done.")
    #: The step's name, as on its button: "Cancel shipment".
    label: ClassVar[str] = _("Confirm")
    #: What the step does, in a sentence shown on the confirmation page.
    explanation: ClassVar[str] = ""
    asks_date: ClassVar[bool] = True
    #: A reason field with this label ("Reason for the cancellation"); none when empty.
    reason_label: ClassVar[str] = ""
    reason_required: ClassVar[bool] = True
    reason_keyword: ClassVar[str] = "reason"
    style: ClassVar[str] = "primary"
    form_class: ClassVar[type[StepForm]]
    template_name: ClassVar[str] = "web/step.html"
    http_method_names: ClassVar[list[str]] = ["get", "post"]

    def get_object(self) -> Any:
        return get_object_or_404(self.model.objects.restrict(self.request.user, "view"),
                                 pk=self.kwargs["pk"])

    def check_permission(self, obj: Any) -> None:
        if not may_change(self.request.user, obj):
            raise PermissionDenied(
                _(
                    "Your role may not change %(verbose_name)s %(obj)s."
                ) % {"verbose_name": self.model._meta.verbose_name, "obj": obj})

    def make_form(self, data: Any = None, obj: Any = None) -> StepForm:
        form_class = getattr(self, "form_class", StepForm)
        return form_class(data, user=self.request.user, asks_date=self.asks_date,
                          reason_label=self.reason_label, reason_required=self.reason_required,
                          initial=self.initial(obj))

    def initial(self, obj: Any) -> dict[str, Any]:
        return {}

    def return_url(self, obj: Any) -> str:
        return record_url(obj) or reverse("home")

    def render_step(self, form: StepForm, obj: Any, status: int = 200) -> HttpResponse:
        return render(self.request, self.template_name, {
            "title": f"{self.label}: {record_name(obj)}",
            "object": obj,
            "form": form,
            "label": self.label,
            "style": self.style,
            "explanation": self.explanation.format(obj=obj),
            "cancel_url": self.return_url(obj),
        }, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object()
        self.check_permission(obj)
        return self.render_step(self.make_form(obj=obj), obj)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object()
        self.check_permission(obj)
        form = self.make_form(request.POST, obj)
        if form.is_valid():
            params = {k: v for k, v in form.cleaned_data.items() if k not in ("on", "reason")}
            if self.asks_date and form.cleaned_data.get("on"):
                params["on"] = form.cleaned_data["on"]
            if self.reason_label:
                params[self.reason_keyword] = form.cleaned_data.get("reason", "")
            try:
                self.service(actor=request.user, **{self.record_keyword: obj}, **params)
            except ValidationError as error:
                if hasattr(error, "error_dict") and self.reason_keyword in error.error_dict:
                    # The service names its argument; the page calls that field "reason".
                    error.error_dict["reason"] = error.error_dict.pop(self.reason_keyword)
                refusals.apply_to_form(form, error)
            else:
                obj = type(obj)._base_manager.filter(pk=obj.pk).first() or obj
                messages.success(request, self.success_message.format(obj=obj))
                return HttpResponseRedirect(self.return_url(obj))
        return self.render_step(form, obj, status=400)


def scoped(user: Any, model: type[models.Model], field_name: str, queryset: models.QuerySet
           ) -> models.QuerySet:
    """Choices for `field_name` of a new `model` record limited to what the user may add.

    A donor liaison adds pledges only for their nation, so the donor field offers only it.
    """
    allowed = grants(user, model, "add")
    if allowed is None:
        return queryset
    q = models.Q(pk__in=[])
    for grant in allowed:
        if grant.path == field_name:
            q |= models.Q(pk=grant.value)
        elif grant.path and grant.path.startswith(f"{field_name}__"):
            rest = grant.path.removeprefix(f"{field_name}__")
            q |= models.Q(**{rest: grant.value})
        elif grant.path is None:
            return queryset
    return queryset.filter(q)


class UserForm(forms.Form):
    """A plain form that knows who fills it in (for scoped choices)."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)


class UserModelForm(forms.ModelForm):
    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        self._limits_from_model()
        if self.instance.pk is not None:
            self._initial_by_key()
        if "code" in self.fields:
            self._code_field()
        for bound in self.fields.values():
            if isinstance(bound.widget, forms.DateInput):
                # The browser's date picker sends and expects ISO dates whatever the locale.
                bound.widget.input_type = "date"
                bound.widget.format = "%Y-%m-%d"

    def _limits_from_model(self) -> None:
        """A number's range comes from its model field alone (e.g. seats 1 to 500), so the form
        gives the model's one message instead of its own '>= 0' beside it."""
        limit_types = (MinValueValidator, MaxValueValidator)
        for name, bound in self.fields.items():
            if not isinstance(bound, (forms.IntegerField, forms.DecimalField)):
                continue
            try:
                model_field = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            limits = [v for v in model_field.validators if isinstance(v, limit_types)]
            if not limits:
                continue
            bound.validators = [
                v for v in bound.validators if not isinstance(v, limit_types)] + limits
            for v in limits:
                key = "min" if isinstance(v, MinValueValidator) else "max"
                bound.widget.attrs[key] = v.limit_value

    def _code_field(self) -> None:
        """A new record is offered the next code of its pattern, which may be changed until it
        is first saved; afterwards the code is shown but never changes."""
        field = self.fields["code"]
        if self.instance.pk is not None:
            field.disabled = True
            field.help_text = _("A code never changes once saved.")
        else:
            if not self.is_bound and not self.initial.get("code"):
                self.initial["code"] = proposed_code(self._meta.model) or ""
            if self.user is not None and getattr(self._meta.model, "code_pattern", None) and (
                    writes_blind(self.user, self._meta.model)):
                # Its code could clash with a record the user cannot see: Convoy gives it
                # (the field shows the code it will most likely be; the service decides).
                field.disabled, field.required = True, False
                field.help_text = _("Convoy gives the code.")
                self._code_by_convoy = True

    _code_by_convoy = False

    def clean_code(self) -> str:
        return "" if self._code_by_convoy else self.cleaned_data.get("code", "")

    def _initial_by_key(self) -> None:
        """A choice typed as a code (`to_field_name`) starts from the record's code, not from
        its id, so an edit form saved unchanged names the same record (ModelForm's initial data
        holds ids)."""
        for name, bound in self.fields.items():
            if (isinstance(bound, forms.ModelChoiceField) and bound.to_field_name
                    and not isinstance(bound, forms.ModelMultipleChoiceField)
                    and not isinstance(self.initial.get(name), models.Model)):
                self.initial[name] = getattr(self.instance, name, None)


def date_input() -> forms.DateInput:
    """The browser's date picker; it sends and expects ISO dates whatever the locale."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StepForm(UserForm):
    """The confirmation of a lifecycle step: when it happened and, where needed, why."""

    on = forms.DateField(
        label=_("Date of the step"), required=False,
        help_text=_("Today unless it happened earlier; never in the future."),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=REASON_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, asks_date: bool = True, reason_label: str = "",
                 reason_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if asks_date:
            today = timezone.localdate()
            self.initial.setdefault("on", today)
            self.fields["on"].widget = date_input()
            self.fields["on"].widget.attrs["max"] = f"{today:%Y-%m-%d}"
        else:
            del self.fields["on"]
        if reason_label:
            self.fields["reason"].label = reason_label
            if reason_required:
                # The service requires it (and names the field); marked here for the reader.
                self.fields["reason"].widget.attrs["aria-required"] = "true"
        else:
            del self.fields["reason"]
