"""The forms that start a plan run, and the rows of a what-if run's changes."""

from datetime import timedelta
from typing import Any

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


class ChangeForm(forms.Form):
    """One what-if change of a `kind` (convoy.planning.whatif); a row left blank is no change.
    The fields are those of the change, checked by the service, which names the field."""

    kind: str = ""

    def change(self) -> dict[str, Any] | None:
        given = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        return {"kind": self.kind, **given} if given else None


def _code(label: Any, codes: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=100,
                           widget=forms.TextInput(attrs={"list": f"codes-{codes}"}))


def _week(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False)


class NodeCapacityChange(ChangeForm):
    kind = "node_capacity"
    node = _code(_("Node"), "nodes")
    capacity_t = forms.FloatField(label=_("Capacity (t/week, 0 closes it)"), required=False)
    from_week = _week(_("From week"))
    to_week = _week(_("To week"))


class SessionSeatsChange(ChangeForm):
    kind = "session_seats"
    session = _code(_("Session"), "sessions")
    seats = forms.IntegerField(label=_("Seats to add (negative: remove)"), required=False)


class PledgeChange(ChangeForm):
    kind = "pledge"
    donor = _code(_("Donor"), "donors")
    item = _code(_("Item"), "items")
    quantity = forms.IntegerField(label=_("Quantity"), required=False)
    origin = _code(_("Leaves from"), "origins")
    available_week = _week(_("Available in week"))


class RequirementChange(ChangeForm):
    kind = "requirement"
    requirement = _code(_("Requirement"), "requirements")
    priority = forms.IntegerField(label=_("New priority"), required=False)
    due_week = _week(_("New due week"))


class DonorChange(ChangeForm):
    kind = "leave_out_donor"
    donor = _code(_("Donor"), "donors")


#: The what-if form's sections, in the order of the stored changes.
CHANGE_FORMS: dict[str, type[ChangeForm]] = {
    f.kind: f for f in (NodeCapacityChange, SessionSeatsChange, PledgeChange, RequirementChange,
                        DonorChange)
}
ROWS = 3


def change_formsets(data: Any = None, changes: list[dict[str, Any]] | None = None
                    ) -> list[Any]:
    """One formset per kind of change, with the given changes filled in and blank rows."""
    formsets = []
    for kind, form_class in CHANGE_FORMS.items():
        initial = [{k: v for k, v in c.items() if k != "kind"} for c in changes or []
                   if c.get("kind") == kind]
        formset = forms.formset_factory(form_class, extra=ROWS, max_num=50, absolute_max=50)
        formsets.append(formset(data, prefix=kind, initial=initial))
    return formsets
