"""Forms of the training pages: sessions, training requests and enrolment of crews."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from convoy.core.models import Nation, Organisation
from convoy.training.models import Course, CourseSession, TrainingFacility, TrainingRequest
from convoy.web.records import UserForm, UserModelForm, scoped


class SessionForm(UserModelForm):
    class Meta:
        model = CourseSession
        fields = ["code", "course", "facility", "start_date", "seats"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = scoped(
            self.user, CourseSession, "facility", TrainingFacility.objects.all()
        )
        if self.instance.pk:
            self.fields["code"].disabled = True


class TrainingRequestForm(UserModelForm):
    class Meta:
        model = TrainingRequest
        fields = ["code", "recipient", "recipient_unit", "course", "crews_needed", "needed_by",
                  "requirement"]
        widgets = {"requirement": forms.TextInput}

    requirement = forms.ModelChoiceField(
        queryset=None, required=False, to_field_name="code", widget=forms.TextInput,
        help_text=_("The code of the equipment requirement these crews will operate, if any."),
        error_messages={"invalid_choice": _("No requirement has this code.")},
        label=_("Requirement"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from convoy.donations.models import Requirement

        self.fields["requirement"].queryset = Requirement.objects.restrict(self.user, "view")
        self.fields["recipient"].queryset = Nation.objects.filter(kind=Nation.Kind.RECIPIENT)
        if self.fields["recipient"].queryset.count() == 1:
            self.fields["recipient"].initial = self.fields["recipient"].queryset.first()
        if self.instance.pk:
            self.fields["code"].disabled = True


class EnrolForm(UserForm):
    request = forms.ModelChoiceField(
        queryset=TrainingRequest.objects.none(), label=_("Training request"),
        help_text=_("Open requests for this session's course."),
    )
    crews = forms.IntegerField(min_value=1, label=_("Crews to enrol"))

    def __init__(self, *args: Any, session: CourseSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = TrainingRequest.objects.restrict(
            self.user, "view"
        ).filter(course_id=session.course_id, status=TrainingRequest.Status.OPEN)


class CourseForm(UserModelForm):
    class Meta:
        model = Course
        fields = ["code", "name", "capability_area", "item_group", "duration_weeks", "language",
                  "host_nation"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host_nation"].queryset = Nation.objects.exclude(kind=Nation.Kind.RECIPIENT)
        if self.instance.pk:
            self.fields["code"].disabled = True


class TrainingFacilityForm(UserModelForm):
    class Meta:
        model = TrainingFacility
        fields = ["code", "name", "nation", "place", "operator"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = Organisation.objects.select_related("nation")
        if self.instance.pk:
            self.fields["code"].disabled = True
