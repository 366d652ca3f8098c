"""Forms of the shipment pages: plan a shipment, record a handover (short ones too)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from convoy.donations.models import Allocation
from convoy.logistics.models import Handover, Lane, Location, Node
from convoy.web.records import StepForm, UserForm, UserModelForm, date_input


class ShipmentPlanForm(UserForm):
    allocation = forms.ModelChoiceField(
        queryset=Allocation.objects.none(), widget=forms.NumberInput,
        help_text=_("The allocation's number."),
        error_messages={"invalid_choice": _("No allocation you may see has this number.")},
        label=_("Allocation"),
    )
    quantity = forms.IntegerField(min_value=1, label=_("Quantity"))
    node = forms.ModelChoiceField(queryset=Node.objects.none(), label=_("Through node"))
    planned_departure = forms.DateField(
        label=_("Leaves the node on"), widget=date_input()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["allocation"].queryset = Allocation.objects.restrict(self.user, "view")
        self.fields["node"].queryset = Node.objects.restrict(self.user, "view")


class HandoverForm(StepForm):
    """The recipient's receipt; when fewer units arrived, why and what becomes of the rest."""

    field_order = ["received_quantity", "receiving_unit", "signed_by", "on", "short_reason",
                   "rest", "remarks"]

    received_quantity = forms.IntegerField(min_value=1, label=_("Received quantity"))
    receiving_unit = forms.CharField(max_length=120, label=_("Receiving unit"))
    signed_by = forms.CharField(max_length=120, help_text=_("Name and rank of who signed."),
                                label=_("Signed by"))
    short_reason = forms.ChoiceField(
        label=_("If units are missing: why"), required=False,
        choices=[("", "—"), *Handover.ShortReason.choices],
    )
    rest = forms.ChoiceField(
        label=_("If units are missing: what becomes of them"), required=False,
        choices=[("", "—"), *Handover.Rest.choices],
    )
    remarks = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Needed when the reason is 'other'."), label=_("Remarks"))


class CapacityForm(UserForm):
    capacity_t = forms.DecimalField(label=_("Capacity this week (t)"), min_value=0, max_digits=12,
                                    decimal_places=3)
    reason = forms.CharField(required=False, max_length=200,
                             help_text=_("E.g. maintenance of the rail siding, surge support."),
                                         label=_("Reason"))


class WeekForm(forms.Form):
    week = forms.DateField(
        required=False, label=_("Week of"), widget=date_input()
    )


class LaneForm(UserModelForm):
    class Meta:
        model = Lane
        fields = ["node", "direction", "location", "transit_weeks", "cost_per_t"]
        help_texts = {"location": _(
            "A donor depot for an inbound lane, a recipient destination for an outbound one."
        )}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.select_related("nation")
