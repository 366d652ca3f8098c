"""Forms of the funding pages: financial pledges and their disbursements."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from convoy.core.models import Nation
from convoy.funding.models import FinancialPledge
from convoy.web.records import UserForm, UserModelForm, date_input, scoped


class FinancialPledgeForm(UserModelForm):
    class Meta:
        model = FinancialPledge
        fields = ["code", "donor", "kind", "first_year", "last_year", "amount", "currency",
                  "amount_eur", "status", "fund", "announced_on", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        donors = scoped(self.user, FinancialPledge, "donor",
                        Nation.objects.exclude(kind=Nation.Kind.RECIPIENT))
        self.fields["donor"].queryset = donors
        if donors.count() == 1 and not self.instance.pk:
            self.fields["donor"].initial = donors.first()
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["donor"].disabled = True


class BaselineForm(UserForm):
    year = forms.IntegerField(min_value=2000, max_value=2100, label=_("Year"))
    amount_eur = forms.DecimalField(label=_("Amount (EUR)"), min_value=0.01, max_digits=18,
                                    decimal_places=2)
    note = forms.CharField(required=False, max_length=200, label=_("Note"))


class DisbursementForm(UserForm):
    date = forms.DateField(widget=date_input(), label=_("Date"))
    amount_eur = forms.DecimalField(label=_("Amount (EUR)"), min_value=0.01, max_digits=18,
                                    decimal_places=2)
    note = forms.CharField(required=False, max_length=200, label=_("Note"))
