"""Admin of the command's posts. Filling and vacating are admin actions that call the services
(with the nation and the day chosen above the list), so a filled post is never taken twice."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from convoy.core.adminbase import AuditedAdmin
from convoy.core.models import Nation
from convoy.manning import services
from convoy.manning.models import Post
from convoy.manning.selectors import filled_on


class FilledOrVacantFilter(admin.SimpleListFilter):
    title = "filled today"
    parameter_name = "filled"

    def lookups(self, request, model_admin):
        return [("yes", "Filled"), ("no", "Vacant")]

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
        required=False, help_text="For filling.",
    )
    on = forms.DateField(required=False, help_text="The day (today if empty).")


class PostActionForm(ActionForm, StepFields):
    """The action bar above the list, with the step's nation and day beside the action."""


@admin.register(Post)
class PostAdmin(AuditedAdmin):
    list_display = ["code", "title", "branch", "rank_band", "filled_by", "filled_from",
                    "filled_to"]
    list_filter = ["branch", "rank_band", "filled_by", FilledOrVacantFilter]
    search_fields = ["code", "title"]
    lifecycle_fields = ("filled_by", "filled_from", "filled_to")
    action_form = PostActionForm
    actions = ["fill_posts", "vacate_posts"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        fields = {f.name: getattr(obj, f.name) for f in obj._meta.concrete_fields
                  if not f.primary_key}
        saved = services.post_create(actor=request.user, **fields)
        obj.pk, obj._state.adding = saved.pk, False

    def _each(self, request, queryset, step, done: str) -> None:
        fields = StepFields(request.POST)
        if not fields.is_valid():
            self.message_user(request, f"Check the nation and the day: {fields.errors.as_text()}",
                              messages.ERROR)
            return
        on = fields.cleaned_data["on"] or timezone.localdate()
        nation = fields.cleaned_data["nation"]
        count = 0
        for post in queryset:
            try:
                step(post, nation, on)
                count += 1
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
        if count:
            self.message_user(request, f"{count} posts {done}.", messages.SUCCESS)

    @admin.action(description="Fill the selected posts by the nation chosen, from the day chosen")
    def fill_posts(self, request, queryset):
        if not request.POST.get("nation"):
            self.message_user(request, "Choose the nation that fills the posts.", messages.ERROR)
            return
        self._each(request, queryset,
                   lambda post, nation, on: services.post_fill(actor=request.user, post=post,
                                                               nation=nation, on=on),
                   "filled")

    @admin.action(description="Vacate the selected posts on the day chosen")
    def vacate_posts(self, request, queryset):
        self._each(request, queryset,
                   lambda post, nation, on: services.post_vacate(actor=request.user, post=post,
                                                                 on=on),
                   "vacated")
