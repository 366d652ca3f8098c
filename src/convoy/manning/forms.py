"""Forms of the post pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from convoy.core.models import Nation
from convoy.manning.models import Post
from convoy.web.records import UserForm, UserModelForm, date_input


class PostForm(UserModelForm):
    class Meta:
        model = Post
        fields = ["code", "title", "branch", "rank_band"]


class PostFillForm(UserForm):
    nation = forms.ModelChoiceField(queryset=Nation.objects.exclude(kind=Nation.Kind.RECIPIENT),
                                    label=_("Nation"))
    on = forms.DateField(label=_("Filled from"), widget=date_input())


class PostVacateForm(UserForm):
    on = forms.DateField(label=_("Vacated on"), widget=date_input())


class PostSuccessorForm(UserForm):
    nation = forms.ModelChoiceField(
        label=_("Next filled by"),
        queryset=Nation.objects.exclude(kind=Nation.Kind.RECIPIENT).filter(
            participation=Nation.Participation.TAKES_PART))
    on = forms.DateField(label=_("From"), widget=date_input())
