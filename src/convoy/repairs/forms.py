"""The repair order form; the service checks the facility repairs the item's group."""

from typing import Any

from django import forms

from convoy.core.models import Nation
from convoy.repairs.models import RepairFacility, RepairOrder
from convoy.web.records import UserModelForm


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
