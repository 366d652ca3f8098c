from django import forms
from django.utils.translation import gettext_lazy as _

from convoy.api.models import ApiToken


class TokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "expires_on"]
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"})}
        labels = {"name": _("Name"), "expires_on": _("Expires on")}
