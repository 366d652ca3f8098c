from django import forms
from django.contrib import admin

from convoy.core.adminbase import AuditedAdmin
from convoy.development import services
from convoy.development.models import CapabilityTarget


class CapabilityTargetForm(forms.ModelForm):
    """A target is created through target_create; edits have no service of their own, so the form
    checks the target rules for them."""

    def clean(self):
        # Checked before the model's own validation, so the message stands beside its field.
        data = super().clean()
        if self.instance.pk is not None and not self.errors:
            services.check_target(CapabilityTarget(**data))
        return data


@admin.register(CapabilityTarget)
class CapabilityTargetAdmin(AuditedAdmin):
    form = CapabilityTargetForm
    create_service = services.target_create
    list_display = [
        "description",
        "recipient",
        "area",
        "year",
        "target_quantity",
        "achieved_quantity",
        "target_level",
    ]
    list_filter = ["year", "area", "recipient"]
    search_fields = ["description", "target_level", "area__name"]
