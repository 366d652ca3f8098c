"""The admin base every Convoy model uses: writes are audited, lifecycle fields are read-only
(lifecycle steps belong to the services), and the History page shows the audit trail.

An admin that names its app's services saves through them, so their rules hold in the admin too:

    create_service = services.pledge_create   # create_service(actor=..., **form fields)
    update_service = services.pledge_update   # update_service(actor=..., pledge=stored, **changed)
    record_keyword = "pledge"                 # how the update and step services take the record

The form runs the service once in a rolled-back transaction, so a refusal is shown on the form,
beside the field it names, instead of as an error page. Without a service, `save_record` saves.
Lifecycle steps are admin actions made by `step_action`; the action bar asks for the step's
date and reason, which the services check (a cancellation needs a reason).
"""

import inspect
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from convoy.core import audit
from convoy.core.services import delete_record, save_record

Service = Callable[..., Any]


class _DryRun(Exception):
    """Raised to roll back the service call that only checks a form."""


class StepActionForm(ActionForm):
    """The action bar with the date and reason of a lifecycle step."""

    on = forms.DateField(label=_("Date of the step (today)"), required=False,
                         widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=160)


class AuditedAdmin(admin.ModelAdmin):
    action_form = StepActionForm
    #: Fields only a service may change (status and the dates of its steps).
    lifecycle_fields: tuple[str, ...] = ()
    #: The services that add and change a record; where one is missing, `save_record` saves.
    create_service: Service | None = None
    update_service: Service | None = None
    #: The keyword argument by which the update service and the step services take the record.
    record_keyword: str = ""
    list_per_page = 50

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.lifecycle_fields)

    def service(self, change: bool) -> Service | None:
        # Read from the class: a function stored on the class would be bound to the instance.
        return type(self).update_service if change else type(self).create_service

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        if self.service(change) is None:
            return form_class
        model_admin = self

        class ServiceCheckedForm(form_class):
            def _post_clean(self) -> None:
                # Before the model's validation, so the service's message, which names the
                # field, is shown rather than a database constraint's message for the record.
                if not self.errors:
                    model_admin._check_with_service(request, self, change)
                super()._post_clean()

        return ServiceCheckedForm

    def _check_with_service(self, request, form: forms.ModelForm, change: bool) -> None:
        try:
            with transaction.atomic():
                self._save_through_service(request, form, change)
                raise _DryRun
        except _DryRun:
            pass
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                form.add_error(None, error)
                return
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)

    def _save_through_service(self, request, form: forms.ModelForm, change: bool) -> models.Model:
        service = self.service(change)
        assert service is not None
        data = form.cleaned_data
        if not change:
            return service(actor=request.user, **data)
        # A fresh copy: the form's instance already carries the new values.
        stored = type(form.instance)._base_manager.get(pk=form.instance.pk)
        changes = {name: data[name] for name in form.changed_data if name in data}
        return service(actor=request.user, **{self.record_keyword: stored}, **changes)

    def save_model(self, request, obj, form, change):
        if self.service(change) is None:
            save_record(actor=request.user, obj=obj, summary=gettext_noop("admin"))
            return
        saved = self._save_through_service(request, form, change)
        # The admin goes on with its own instance (related rows, log entry, redirect).
        obj.pk = saved.pk
        obj._state.adding = False
        obj._state.db = saved._state.db

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        before = audit.snapshot(obj)
        super().save_related(request, form, formsets, change)
        after = audit.snapshot(obj)
        if after != before:
            audit.record(
                actor=request.user,
                action="update",
                obj=obj,
                before=before,
                after=after,
                summary=gettext_noop("admin: related records"),
            )

    def save_formset(self, request, form, formset, change):
        # Inline rows are checked and audited like the record they belong to.
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            delete_record(actor=request.user, obj=obj, summary=gettext_noop("admin"))
        for obj in instances:
            save_record(actor=request.user, obj=obj, summary=gettext_noop("admin"))
        formset.save_m2m()

    def delete_model(self, request, obj):
        delete_record(actor=request.user, obj=obj, summary=gettext_noop("admin"))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            delete_record(actor=request.user, obj=obj, summary=gettext_noop("admin"))

    def take_step(
        self,
        request,
        records: Iterable[models.Model],
        service: Service,
        description: str,
        **arguments: Any,
    ) -> int:
        """Take a lifecycle step on each record through `service`, each in its own transaction.

        A refusal is reported and the other records go on; returns how many steps were taken.
        """
        taken = tried = 0
        for record in records:
            tried += 1
            try:
                with transaction.atomic():
                    service(actor=request.user, **{self.record_keyword: record}, **arguments)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, _refusal(record, error), messages.ERROR)
            else:
                taken += 1
        if taken:
            self.message_user(request, _(
                "%(description)s: %(taken)s of %(tried)s done."
            ) % {"description": description, "taken": taken, "tried": tried}, messages.SUCCESS)
        return taken

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            return super().history_view(request, object_id, extra_context)
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(obj)s") % {"obj": obj},
            "object": obj,
            "opts": self.model._meta,
            "records": audit.history(obj),
        }
        return TemplateResponse(request, "admin/core/audit_history.html", context)


def step_action(
    service: Service, description: str, *, name: str | None = None, reason_as: str = "reason"
):
    """An admin action that takes the lifecycle step `service` on each selected record.

    The action is named after the service unless `name` is given; the service takes the record
    by the admin's `record_keyword`, the action bar's date as `on` and its reason as `reason_as`
    where the service accepts them.
    """

    accepts = inspect.signature(service).parameters

    def action(model_admin: AuditedAdmin, request, queryset) -> None:
        bar = StepActionForm(request.POST)
        bar.is_valid()
        arguments: dict[str, Any] = {}
        if "on" in accepts and bar.cleaned_data.get("on"):
            arguments["on"] = bar.cleaned_data["on"]
        if reason_as in accepts:
            arguments[reason_as] = bar.cleaned_data.get("reason", "")
        model_admin.take_step(request, queryset, service, description, **arguments)

    action.__name__ = name or service.__name__
    return admin.action(description=description)(action)


def _refusal(record: models.Model, error: ValidationError | PermissionDenied) -> str:
    text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    # The services' messages name the record; a plain validation message does not.
    return text if str(record) in text else f"{record}: {text}"
