"""Forms of the directory pages; the services in convoy.core.directory do the writes."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from convoy.core.models import Membership, Nation, Organisation, Role
from convoy.core.selectors import users_for
from convoy.web.records import UserForm, UserModelForm


class NationForm(UserModelForm):
    class Meta:
        model = Nation
        fields = ["code", "name", "kind", "participation", "gdp_usd", "gdp_year"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True


class OrganisationForm(UserModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "nation", "kind"]


class InviteForm(UserForm):
    """A new account and the role it starts in; the password is set by the invited person."""

    username = forms.CharField(max_length=150, validators=[UnicodeUsernameValidator()],
                               help_text=_("Letters, digits and @ . + - _ only."),
                                           label=_("Username"))
    first_name = forms.CharField(max_length=150, required=False, label=_("First name"))
    last_name = forms.CharField(max_length=150, required=False, label=_("Last name"))
    email = forms.EmailField(required=False, label="E-mail")
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.select_related("nation"),
                                          label=_("Organisation"))
    role = forms.ChoiceField(choices=Role.choices, label=_("Role"))


class UserEditForm(UserModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]


class MembershipForm(UserModelForm):
    class Meta:
        model = Membership
        fields = ["user", "organisation", "role"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users_for(self.user)
        self.fields["organisation"].queryset = Organisation.objects.select_related("nation")
        if self.instance.pk:
            self.fields["user"].disabled = True
            self.fields["organisation"].disabled = True
