from django import forms
from django.contrib import admin

from convoy.core.adminbase import AuditedAdmin
from convoy.development import services
from convoy.development.models import CapabilityTarget


class CapabilityTargetForm(forms.ModelForm):
    def clean(self):
        # Checked before the model's own validation, so the message stands beside its field.
        data = super().clean()
        if not self.errors:
            services.check_target(CapabilityTarget(**data))
        return data


@admin.register(CapabilityTarget)
class CapabilityTargetAdmin(AuditedAdmin):
    form = CapabilityTargetForm
    list_display = ["description", "recipient", "area", "year", "target_quantity",
                    "achieved_quantity", "target_level"]
    list_filter = ["year", "area", "recipient"]
    search_fields = ["description", "target_level", "area__name"]
