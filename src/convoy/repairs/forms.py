"""The repair order form (the service checks the facility repairs the item's group) and the
return form (a partial return says why and what becomes of the rest)."""

from typing import Any

from django import forms

from convoy.core.models import Nation
from convoy.repairs.models import RepairFacility, RepairOrder
from convoy.web.records import StepForm, UserModelForm


class RepairOrderForm(UserModelForm):
    at_least_one = ("quantity",)

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


class ReturnForm(StepForm):
    field_order = ["returned_quantity", "on", "short_reason", "rest", "note"]

    returned_quantity = forms.IntegerField(label="Units returned to service", min_value=0,
                                           required=False, help_text="All of them unless fewer.")
    short_reason = forms.ChoiceField(
        label="If fewer: why", required=False,
        choices=[("", "—"), *RepairOrder.ShortReason.choices],
    )
    rest = forms.ChoiceField(
        label="If fewer: what becomes of the rest", required=False,
        choices=[("", "—"), *RepairOrder.Rest.choices],
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="Needed when the reason is 'other'.")
