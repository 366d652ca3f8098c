"""Forms of the catalog pages; the services do the writes."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from convoy.catalog.models import CapabilityArea, CapabilityCoalition, Item, ItemGroup
from convoy.web.records import UserModelForm


class CodeFixedOnEdit(UserModelForm):
    """A record's code is its name in plans, imports and the API: it never changes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and "code" in self.fields:
            self.fields["code"].disabled = True


class CapabilityAreaForm(CodeFixedOnEdit):
    class Meta:
        model = CapabilityArea
        fields = ["code", "name"]


class ItemGroupForm(CodeFixedOnEdit):
    class Meta:
        model = ItemGroup
        fields = ["code", "name", "name_uk", "area"]


class ItemForm(CodeFixedOnEdit):
    class Meta:
        model = Item
        fields = ["code", "name", "name_uk", "group", "unit_mass_t", "nato_stock_number",
                  "training_course", "crews_per_unit"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = ItemGroup.objects.select_related(None)


class CoalitionForm(UserModelForm):
    class Meta:
        model = CapabilityCoalition
        fields = ["name", "area", "lead_nations", "members"]
        several = _("Hold Ctrl (⌘ on a Mac) to choose several.")
        widgets = {"lead_nations": forms.SelectMultiple(attrs={"size": 10}),
                   "members": forms.SelectMultiple(attrs={"size": 10})}
        help_texts = {"lead_nations": several, "members": several}
