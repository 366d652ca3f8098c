"""The capability target form; the services check the rules and do the writes."""

from typing import Any

from convoy.core.models import Nation
from convoy.development.models import CapabilityTarget
from convoy.web.records import UserModelForm


class CapabilityTargetForm(UserModelForm):
    class Meta:
        model = CapabilityTarget
        fields = ["recipient", "area", "year", "description", "target_quantity", "target_level",
                  "measured_item_group", "measured_course", "achieved_quantity"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recipients = Nation.objects.filter(kind=Nation.Kind.RECIPIENT)
        self.fields["recipient"].queryset = recipients
        if recipients.count() == 1 and not self.instance.pk:
            self.fields["recipient"].initial = recipients.first()
