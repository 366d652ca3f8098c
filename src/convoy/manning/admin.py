"""Admin of the command's posts. Filling and vacating are admin actions that call the services
(with the nation and the day chosen above the list), so a filled post is never taken twice."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from convoy.core.adminbase import AuditedAdmin
from convoy.core.models import Nation
from convoy.manning import services
from convoy.manning.models import Post
from convoy.manning.selectors import filled_on


class FilledOrVacantFilter(admin.SimpleListFilter):
    title = _("filled today")
    parameter_name = "filled"

    def lookups(self, request, model_admin):
        return [("yes", _("Filled")), ("no", _("Vacant"))]

    def queryset(self, request, queryset):
        today = filled_on(timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(today)
        if self.value() == "no":
            return queryset.exclude(today)
        return queryset


class StepFields(forms.Form):
    """The nation and the day the fill and vacate actions use."""

    nation = forms.ModelChoiceField(
        Nation.objects.filter(participation=Nation.Participation.TAKES_PART),
        required=False,
        help_text=_("For filling."),
        label=_("Nation"),
    )
    on = forms.DateField(required=False, help_text=_("The day (today if empty)."), label=_("Day"))


class PostActionForm(ActionForm, StepFields):
    """The action bar above the list, with the step's nation and day beside the action."""


@admin.register(Post)
class PostAdmin(AuditedAdmin):
    list_display = ["code", "title", "branch", "rank_band", "filled_by", "filled_from", "filled_to"]
    list_filter = ["branch", "rank_band", "filled_by", FilledOrVacantFilter]
    search_fields = ["code", "title"]
    lifecycle_fields = ("filled_by", "filled_from", "filled_to")
    create_service = services.post_create
    record_keyword = "post"
    action_form = PostActionForm
    actions = ["fill_posts", "vacate_posts"]

    def _chosen(self, request) -> dict | None:
        fields = StepFields(request.POST)
        if not fields.is_valid():
            self.message_user(
                request, _(
                    "Check the nation and the day: %(as_text)s"
                ) % {"as_text": fields.errors.as_text()}, messages.ERROR
            )
            return None
        return {
            "nation": fields.cleaned_data["nation"],
            "on": fields.cleaned_data["on"] or timezone.localdate(),
        }

    @admin.action(description=_(
        "Fill the selected posts by the nation chosen, from the day chosen"
    ))
    def fill_posts(self, request, queryset):
        if not request.POST.get("nation"):
            self.message_user(request, _(
                "Choose the nation that fills the posts."
            ), messages.ERROR)
            return
        if chosen := self._chosen(request):
            self.take_step(request, queryset, services.post_fill, "Filled", **chosen)

    @admin.action(description=_("Vacate the selected posts on the day chosen"))
    def vacate_posts(self, request, queryset):
        if chosen := self._chosen(request):
            self.take_step(request, queryset, services.post_vacate, "Vacated", on=chosen["on"])
