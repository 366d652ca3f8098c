"""Admin of funding. Pledges and disbursements are saved through the services, so a pledge is
never disbursed beyond its amount here either."""

from typing import Any

from django.contrib import admin

from convoy.core.adminbase import AuditedAdmin
from convoy.funding import services
from convoy.funding.models import Disbursement, FinancialPledge, PooledFund, YearlyBaseline


def _baseline_change(*, actor: Any, baseline: YearlyBaseline, **changes: Any) -> YearlyBaseline:
    # A baseline is set by its year, so a change sets the year's values as the form shows them.
    values = {"year": baseline.year, "amount_eur": baseline.amount_eur, "note": baseline.note}
    return services.baseline_set(actor=actor, **{**values, **changes})


@admin.register(YearlyBaseline)
class YearlyBaselineAdmin(AuditedAdmin):
    create_service = services.baseline_set
    update_service = _baseline_change
    record_keyword = "baseline"
    list_display = ["year", "amount_eur", "note"]
    search_fields = ["note"]


class DisbursementInline(admin.TabularInline):
    """Shown, not edited: each disbursement is recorded through its service."""

    model = Disbursement
    fields = ["date", "amount_eur", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FinancialPledge)
class FinancialPledgeAdmin(AuditedAdmin):
    create_service = services.financial_pledge_create
    update_service = services.financial_pledge_update
    record_keyword = "pledge"
    list_display = [
        "code",
        "donor",
        "first_year",
        "last_year",
        "amount",
        "currency",
        "amount_eur",
        "kind",
        "status",
        "fund",
        "announced_on",
    ]
    list_filter = ["kind", "status", "donor", "currency", "first_year"]
    search_fields = ["code", "donor__name", "notes"]
    date_hierarchy = "announced_on"
    inlines = [DisbursementInline]


@admin.register(Disbursement)
class DisbursementAdmin(AuditedAdmin):
    # Only the date and note of a recorded payment change, which needs no rule of its own.
    create_service = services.disbursement_record
    list_display = ["financial_pledge", "date", "amount_eur", "note"]
    list_filter = ["financial_pledge__donor"]
    search_fields = ["financial_pledge__code", "note"]
    date_hierarchy = "date"

    def get_readonly_fields(self, request, obj=None):
        # A recorded payment keeps its pledge and amount; a wrong one is deleted and recorded again.
        fixed = ("financial_pledge", "amount_eur") if obj is not None else ()
        return (*super().get_readonly_fields(request, obj), *fixed)


@admin.register(PooledFund)
class PooledFundAdmin(AuditedAdmin):
    create_service = services.pooled_fund_create
    update_service = services.pooled_fund_update
    record_keyword = "fund"
    list_display = ["code", "name", "administered_by"]
    search_fields = ["code", "name"]
