"""Admin of funding. Pledges and disbursements are saved through the services, so a pledge is
never disbursed beyond its amount here either."""

from django import forms
from django.contrib import admin

from convoy.core.adminbase import AuditedAdmin
from convoy.funding import services
from convoy.funding.models import Disbursement, FinancialPledge, YearlyBaseline


@admin.register(YearlyBaseline)
class YearlyBaselineAdmin(AuditedAdmin):
    list_display = ["year", "amount_eur", "note"]
    search_fields = ["note"]

    def save_model(self, request, obj, form, change):
        saved = services.baseline_set(actor=request.user, year=obj.year,
                                      amount_eur=obj.amount_eur, note=obj.note)
        obj.pk, obj._state.adding = saved.pk, False


class DisbursementInline(admin.TabularInline):
    """Shown, not edited: each disbursement is recorded through its service."""

    model = Disbursement
    fields = ["date", "amount_eur", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class FinancialPledgeForm(forms.ModelForm):
    def clean(self):
        # Checked before the model's own validation, so the message stands beside its field.
        data = super().clean()
        if not self.errors:
            services.check_pledge(FinancialPledge(**data))
        return data


@admin.register(FinancialPledge)
class FinancialPledgeAdmin(AuditedAdmin):
    form = FinancialPledgeForm
    list_display = ["code", "donor", "first_year", "last_year", "amount", "currency",
                    "amount_eur", "kind", "announced_on"]
    list_filter = ["kind", "donor", "currency", "first_year"]
    search_fields = ["code", "donor__name", "notes"]
    date_hierarchy = "announced_on"
    inlines = [DisbursementInline]

    def save_model(self, request, obj, form, change):
        if change:
            changes = {name: getattr(obj, name) for name in form.changed_data}
            services.financial_pledge_update(actor=request.user, pledge=obj, **changes)
            return
        fields = {f.name: getattr(obj, f.name) for f in obj._meta.concrete_fields
                  if not f.primary_key}
        saved = services.financial_pledge_create(actor=request.user, **fields)
        obj.pk, obj._state.adding = saved.pk, False


class DisbursementForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        if self.instance.pk is None and data.get("financial_pledge") and data.get("amount_eur"):
            services.check_disbursement(data["financial_pledge"], data["amount_eur"])
        return data


@admin.register(Disbursement)
class DisbursementAdmin(AuditedAdmin):
    form = DisbursementForm
    list_display = ["financial_pledge", "date", "amount_eur", "note"]
    list_filter = ["financial_pledge__donor"]
    search_fields = ["financial_pledge__code", "note"]
    date_hierarchy = "date"

    def get_readonly_fields(self, request, obj=None):
        # A recorded payment keeps its pledge and amount; a wrong one is deleted and recorded again.
        fixed = ("financial_pledge", "amount_eur") if obj is not None else ()
        return (*super().get_readonly_fields(request, obj), *fixed)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        saved = services.disbursement_record(actor=request.user,
                                             financial_pledge=obj.financial_pledge,
                                             date=obj.date, amount_eur=obj.amount_eur,
                                             note=obj.note)
        obj.pk, obj._state.adding = saved.pk, False
