"""The repair order form (the service checks the facility repairs the item's group) and the
return form (a partial return says why and what becomes of the rest)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from convoy.core.models import Nation, Organisation
from convoy.core.permissions import grants
from convoy.logistics.models import Location
from convoy.repairs.models import RepairFacility, RepairOrder
from convoy.web.records import StepForm, UserModelForm, scoped


class RepairOrderForm(UserModelForm):
    class Meta:
        model = RepairOrder
        fields = ["code", "recipient", "item", "quantity", "serial_numbers", "facility",
                  "requested_on"]
        widgets = {"serial_numbers": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = Nation.objects.filter(kind=Nation.Kind.RECIPIENT)
        self.fields["facility"].queryset = RepairFacility.objects.restrict(self.user, "view")
        if self.fields["recipient"].queryset.count() == 1:
            self.fields["recipient"].initial = self.fields["recipient"].queryset.first()


class RepairFacilityForm(UserModelForm):
    class Meta:
        model = RepairFacility
        fields = ["code", "name", "nation", "location", "operator", "item_groups",
                  "capacity_per_week", "turnaround_weeks"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A donor liaison records facilities of their nation, a facility operator its own.
        paths = {g.path for g in grants(self.user, RepairFacility, "add") or ()}
        nations = Nation.objects.exclude(kind=Nation.Kind.RECIPIENT)
        operators = Organisation.objects.select_related("nation")
        if "nation" in paths:
            nations = scoped(self.user, RepairFacility, "nation", nations)
        if "operator" in paths:
            operators = scoped(self.user, RepairFacility, "operator", operators)
        self.fields["nation"].queryset = nations
        self.fields["operator"].queryset = operators
        self.fields["location"].queryset = Location.objects.filter(
            kind=Location.Kind.DEPOT).select_related("nation")
        self.fields["item_groups"].widget.attrs["size"] = 8
        self.fields["item_groups"].help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")
        if self.instance.pk:
            self.fields["code"].disabled = True
class ReturnForm(StepForm):
    field_order = ["returned_quantity", "on", "short_reason", "rest", "note"]

    returned_quantity = forms.IntegerField(label=_("Units returned to service"), min_value=0,
                                           required=False, help_text=_(
                                               "All of them unless fewer."
                                           ))
    short_reason = forms.ChoiceField(
        label=_("If fewer: why"), required=False,
        choices=[("", "—"), *RepairOrder.ShortReason.choices],
    )
    rest = forms.ChoiceField(
        label=_("If fewer: what becomes of the rest"), required=False,
        choices=[("", "—"), *RepairOrder.Rest.choices],
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Needed when the reason is 'other'."), label=_("Note"))
