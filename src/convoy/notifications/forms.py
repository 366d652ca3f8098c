"""The preferences form and the webhook form: thin, the rules are in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from convoy.notifications import kinds as event_kinds
from convoy.notifications.models import Preference, Webhook, web_address


def kind_choices(choices: tuple[event_kinds.Kind, ...]) -> list[tuple[str, list[tuple[str, str]]]]:
    grouped: dict[str, list[tuple[str, str]]] = {}
    for kind in choices:
        grouped.setdefault(str(kind.group), []).append((kind.key, kind.label))
    return list(grouped.items())


class PreferenceForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Tell me about"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Only ever about records your role lets you read."))
    mail = forms.ChoiceField(label=_("By mail"), choices=Preference.Mail.choices,
                             widget=forms.RadioSelect)

    def __init__(self, *args, offered: tuple[event_kinds.Kind, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = kind_choices(offered)


class WebhookForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https",
                         validators=[web_address], help_text=_(
        "Convoy sends each event as a JSON POST to this address."))
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of event"), widget=forms.CheckboxSelectMultiple,
        choices=kind_choices(event_kinds.WEBHOOK_KINDS))
    new_secret = forms.BooleanField(
        label=_("Replace the signing secret"), required=False,
        help_text=_("The receiver must then be given the new secret."))

    class Meta:
        model = Webhook
        fields = ["name", "url", "kinds", "active"]
