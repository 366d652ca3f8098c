"""Forms of the requirement, pledge and allocation pages; the services do the writes."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from convoy.core.models import Nation
from convoy.donations.models import Pledge, Requirement
from convoy.logistics.models import Location
from convoy.web.records import UserForm, UserModelForm, scoped


class RequirementForm(UserModelForm):
    class Meta:
        model = Requirement
        fields = ["code", "recipient", "item_group", "quantity", "priority", "needed_by",
                  "destination", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = Nation.objects.filter(kind=Nation.Kind.RECIPIENT)
        self.fields["destination"].queryset = Location.objects.filter(
            kind=Location.Kind.DESTINATION
        ).select_related("nation")
        if self.instance.pk:
            self.fields["code"].disabled = True


class PledgeForm(UserModelForm):
    class Meta:
        model = Pledge
        fields = ["code", "donor", "item", "quantity", "available_from", "origin", "value_eur",
                  "bought_through", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        donors = scoped(self.user, Pledge, "donor", Nation.objects.exclude(kind="recipient"))
        self.fields["donor"].queryset = donors
        self.fields["origin"].queryset = Location.objects.filter(
            kind=Location.Kind.DEPOT, nation__in=donors
        ).select_related("nation")
        self.fields["item"].queryset = self.fields["item"].queryset.select_related(None)
        if donors.count() == 1 and not self.instance.pk:
            self.fields["donor"].initial = donors.first()
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["donor"].disabled = True


class AllocationForm(UserForm):
    pledge = forms.ModelChoiceField(
        queryset=Pledge.objects.all(), to_field_name="code", widget=forms.TextInput,
        help_text=_("The pledge's code, e.g. P-DEU-0042."),
        error_messages={"invalid_choice": _("No pledge has this code.")},
        label=_("Pledge"),
    )
    requirement = forms.ModelChoiceField(
        queryset=Requirement.objects.all(), to_field_name="code", widget=forms.TextInput,
        help_text=_("The requirement's code."),
        error_messages={"invalid_choice": _("No requirement has this code.")},
        label=_("Requirement"),
    )
    quantity = forms.IntegerField(min_value=1, label=_("Quantity"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only pledges the user may see can be named (a code is not a key to other nations' data).
        self.fields["pledge"].queryset = Pledge.objects.restrict(self.user, "view")
        self.fields["requirement"].queryset = Requirement.objects.restrict(self.user, "view")
