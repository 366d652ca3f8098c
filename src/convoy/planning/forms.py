"""The form that starts a plan run."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from convoy.planning.models import PlanRun
from convoy.web.records import UserForm, date_input


def next_monday():
    today = timezone.localdate()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


class PlanRunStartForm(UserForm):
    start_date = forms.DateField(
        label=_("Week 0 starts on"), widget=date_input(), initial=next_monday,
        help_text=_("Any day; the run starts on the Monday of that week."),
    )
    horizon_weeks = forms.IntegerField(label=_("Horizon (weeks)"), min_value=1, max_value=260,
                                       initial=26)
    method = forms.ChoiceField(choices=PlanRun.Method.choices, initial=PlanRun.Method.OPTIMAL,
                               label=_("Method"))
    time_limit_s = forms.IntegerField(label=_("Time limit (seconds)"), min_value=5, max_value=3600,
                                      initial=60)
