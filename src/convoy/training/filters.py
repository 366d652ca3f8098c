"""Filters of the session and training request lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from convoy.training.models import Course, CourseSession, TrainingFacility, TrainingRequest


class SessionFilter(django_filters.FilterSet):
    course = django_filters.ModelChoiceFilter(queryset=Course.objects.all(), label=_("Course"))
    facility = django_filters.ModelChoiceFilter(
        queryset=lambda request: TrainingFacility.objects.restrict(request.user, "view"),
        label=_("Facility"),
    )
    starts_after = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label=_("Starts on or after")
    )
    has_seats = django_filters.BooleanFilter(
        method="filter_has_seats", label=_("Seats left")
    )

    class Meta:
        model = CourseSession
        fields = ["status", "course", "facility", "starts_after", "has_seats"]

    def filter_has_seats(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(seats_left__gt=0) if value else queryset.filter(seats_left__lte=0)


class RequestFilter(django_filters.FilterSet):
    course = django_filters.ModelChoiceFilter(queryset=Course.objects.all(), label=_("Course"))
    needed_before = django_filters.DateFilter(
        field_name="needed_by", lookup_expr="lte", label=_("Needed by (on or before)")
    )

    class Meta:
        model = TrainingRequest
        fields = ["status", "course", "needed_before"]


class CourseFilter(django_filters.FilterSet):
    class Meta:
        model = Course
        fields = ["capability_area", "host_nation"]


class FacilityFilter(django_filters.FilterSet):
    class Meta:
        model = TrainingFacility
        fields = ["nation"]
