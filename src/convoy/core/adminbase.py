"""The admin base every Convoy model uses: writes are audited, lifecycle fields are read-only
(lifecycle steps belong to the services), and the History page shows the audit trail."""

from django.contrib import admin
from django.template.response import TemplateResponse

from convoy.core import audit
from convoy.core.services import delete_record, save_record


class AuditedAdmin(admin.ModelAdmin):
    #: Fields only a service may change (status and the dates of its steps).
    lifecycle_fields: tuple[str, ...] = ()
    list_per_page = 50

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.lifecycle_fields)

    def save_model(self, request, obj, form, change):
        save_record(actor=request.user, obj=obj, summary="admin")

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
                summary="admin: related records",
            )

    def delete_model(self, request, obj):
        delete_record(actor=request.user, obj=obj, summary="admin")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            delete_record(actor=request.user, obj=obj, summary="admin")

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            return super().history_view(request, object_id, extra_context)
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "object": obj,
            "opts": self.model._meta,
            "records": audit.history(obj),
        }
        return TemplateResponse(request, "admin/core/audit_history.html", context)
