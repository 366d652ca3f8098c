"""Pages of financial pledges and their disbursements."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from convoy.core.permissions import grants, is_allowed
from convoy.funding import filters, forms, services, tables
from convoy.funding.models import Disbursement, FinancialPledge, YearlyBaseline
from convoy.web.lists import RecordListView
from convoy.web.records import Action, RecordDetailView, Related, ServiceFormView
from convoy.web.tables import Column


def with_disbursed(queryset):
    return queryset.annotate(disbursed_eur=Coalesce(Sum("disbursements__amount_eur"), 0,
                                                    output_field=FinancialPledge._meta.get_field(
                                                        "amount_eur")))


def may_disburse(user: Any, pledge: FinancialPledge) -> bool:
    return is_allowed(user, "add", Disbursement(financial_pledge=pledge))


class FinancialPledgeListView(RecordListView):
    model = FinancialPledge
    columns = tables.FINANCIAL_PLEDGE_COLUMNS
    filterset_class = filters.FinancialPledgeFilter
    search_fields = ("code", "donor__name", "notes")
    search_hint = _("Code, donor nation or notes")
    select_related = ("donor",)
    create_url = "funding:pledge-create"
    title = _("Financial pledges")

    def base_queryset(self):
        return with_disbursed(super().base_queryset())

    def extra_context(self) -> dict[str, Any]:
        if grants(self.request.user, YearlyBaseline, "add") == []:
            return {}
        return {"related_pages": [(_("Set a yearly baseline"), reverse("funding:baseline-set"))]}


class BaselineSetView(ServiceFormView):
    """What the coalition aims to provide in a year (coordinators)."""

    model = YearlyBaseline
    form_class = forms.BaselineForm
    title = _("Set a yearly baseline")
    success_message = _("{obj} set.")
    create_service = staticmethod(services.baseline_set)
    list_url = "funding:pledge-list"

    def initial_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"initial": {"year": timezone.localdate().year}}

    def success_url(self, saved: Any) -> str:
        return reverse(self.list_url)


class FinancialPledgeDetailView(RecordDetailView):
    model = FinancialPledge
    list_url = "funding:pledge-list"
    edit_url = "funding:pledge-edit"
    fields = [
        Column("code", _("Code")),
        Column("donor.name", _("Donor")),
        Column("kind", _("Kind")),
        Column("first_year", _("First year")),
        Column("last_year", _("Last year")),
        Column("amount", _("Amount")),
        Column("currency", _("Currency")),
        Column("amount_eur", _("Amount (EUR)")),
        Column("disbursed_eur", _("Disbursed (EUR)")),
        Column("announced_on", _("Announced")),
        Column("notes", _("Notes")),
    ]
    actions = [Action(_("Record a disbursement"), "funding:disbursement-create",
                      allowed=may_disburse, needs_form=True)]

    def get_object(self):
        queryset = with_disbursed(
            FinancialPledge.objects.restrict(self.request.user, "view").select_related("donor"))
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def related(self, obj: FinancialPledge) -> list[Related]:
        disbursements = Disbursement.objects.restrict(self.request.user, "view").filter(
            financial_pledge=obj)
        # Intake proposals this pledge was accepted from (the reverse of their link).
        sources = obj.proposals.restrict(self.request.user, "view")
        return [Related(_("Disbursements"), [
            Column("date", _("Date")), Column("amount_eur", _("Amount (EUR)"), numeric=True),
            Column("note", _("Note")),
        ], list(disbursements), _("Nothing disbursed yet.")), Related(_("Read from"), [
            Column(lambda p: _("Proposal %(pk)s") % {"pk": p.pk}, _("Proposal"), link=True),
            Column("source", _("Source")), Column("source_file", _("File")),
            Column("source_url", _("Source URL")),
            Column(lambda p: p.sentence[:200], _("Sentence")),
        ], list(sources), _("Recorded directly, not read from a tracker or report."))]


class FinancialPledgeCreateView(ServiceFormView):
    model = FinancialPledge
    form_class = forms.FinancialPledgeForm
    success_message = _("Financial pledge {obj} recorded.")
    create_service = staticmethod(services.financial_pledge_create)
    list_url = "funding:pledge-list"

    def initial_kwargs(self, obj: Any) -> dict[str, Any]:
        if obj is not None:  # editing: the record's own values
            return {}
        today = timezone.localdate()
        return {"initial": {"announced_on": today, "first_year": today.year,
                            "last_year": today.year, "currency": "EUR"}}


class FinancialPledgeEditView(FinancialPledgeCreateView):
    success_message = _("Financial pledge {obj} saved.")
    update_service = staticmethod(services.financial_pledge_update)
    record_keyword = "pledge"
    fixed_fields = ("code", "donor")


class DisbursementCreateView(ServiceFormView):
    model = FinancialPledge
    form_class = forms.DisbursementForm
    title = _("Record a disbursement of {obj}")
    success_message = _("Disbursement of {obj} recorded.")

    def check_permission(self, obj: FinancialPledge) -> None:
        if not may_disburse(self.request.user, obj):
            raise PermissionDenied(_(
                "Your role may not record disbursements of %(obj)s."
            ) % {"obj": obj})

    def initial_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"initial": {"date": timezone.localdate()}}

    def perform(self, form: Any, obj: FinancialPledge) -> FinancialPledge:
        services.disbursement_record(actor=self.request.user,
                                     financial_pledge=obj, **form.cleaned_data)
        return obj
