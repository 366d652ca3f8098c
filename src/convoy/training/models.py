"""Training of the recipient's crews at facilities in allied countries."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from convoy.core.dates import add_weeks
from convoy.core.models import ConvoyModel, Nation, Organisation, code_validator
from convoy.core.validators import date_window, within


class TrainingFacility(ConvoyModel):
    operator_path = "operator"

    code = models.CharField(
        max_length=40, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    name = models.CharField(max_length=120, unique=True, verbose_name=_("name"))
    nation = models.ForeignKey(
        Nation,
        on_delete=models.PROTECT,
        related_name="training_facilities",
        verbose_name=_("nation"),
    )
    place = models.CharField(max_length=120, blank=True, verbose_name=_("place"))
    operator = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="training_facilities",
        verbose_name=_("operator"),
    )

    class Meta:
        verbose_name = _("training facility")
        ordering = ["name"]
        verbose_name_plural = _("training facilities")

    def __str__(self) -> str:
        return self.name


class Course(ConvoyModel):
    """A course; what it qualifies a crew for is an item group or, for broader courses, a
    capability area. Items that need it point to it (`Item.training_course`)."""

    code = models.CharField(
        max_length=40, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    name = models.CharField(max_length=120, verbose_name=_("name"))
    capability_area = models.ForeignKey(
        "catalog.CapabilityArea", on_delete=models.PROTECT, related_name="courses",
        verbose_name=_("capability area"),
    )
    item_group = models.ForeignKey(
        "catalog.ItemGroup", null=True, blank=True, on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("item group"),
    )
    duration_weeks = models.PositiveSmallIntegerField(
        validators=within(1, 104, _("a number of weeks")),
        verbose_name=_("duration weeks"),
    )
    language = models.CharField(max_length=40, default="English", verbose_name=_("language"))
    host_nation = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="courses", verbose_name=_("host nation")
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_weeks__gte=1),
                name="course_duration_positive",
                violation_error_message=_("A course lasts at least one week."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CourseSession(ConvoyModel):
    owner_nation_path = "facility__nation"
    operator_path = "facility__operator"
    code_pattern = "S-{year}-"

    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.CharField(
        max_length=40, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("course")
    )
    facility = models.ForeignKey(
        TrainingFacility, on_delete=models.PROTECT, related_name="sessions",
        verbose_name=_("facility"),
    )
    start_date = models.DateField(validators=[date_window], verbose_name=_("start date"))
    seats = models.PositiveSmallIntegerField(
        help_text=_("Crews the session can take."),
        validators=within(1, 500, _("a number of seats")),
        verbose_name=_("seats"),
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OFFERED, verbose_name=_("status")
    )

    class Meta:
        verbose_name = _("course session")
        verbose_name_plural = _("course sessions")
        ordering = ["start_date", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1),
                name="session_seats_positive",
                violation_error_message=_("A session has at least one seat."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["offered", "running", "completed", "cancelled"]),
                name="session_status_valid",
                violation_error_message=_("Choose a status from the list."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def end_date(self) -> date:
        return add_weeks(self.start_date, self.course.duration_weeks)


class TrainingRequest(ConvoyModel):
    code_pattern = "TR-{year}-"

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        COVERED = "covered", _("Covered")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.CharField(
        max_length=40, unique=True, validators=[code_validator], verbose_name=_("code")
    )
    recipient = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="training_requests",
        verbose_name=_("recipient"),
    )
    recipient_unit = models.CharField(max_length=120, verbose_name=_("recipient unit"))
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="requests", verbose_name=_("course")
    )
    crews_needed = models.PositiveSmallIntegerField(validators=within(1, 1000, _(
        "a number of crews"
    )),
        verbose_name=_("crews needed"),)
    needed_by = models.DateField(validators=[date_window], verbose_name=_("needed by"))
    requirement = models.ForeignKey(
        "donations.Requirement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_requests",
        help_text=_("The equipment requirement these crews will operate, if any."),
        verbose_name=_("requirement"),
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, verbose_name=_("status")
    )

    class Meta:
        verbose_name = _("training request")
        verbose_name_plural = _("training requests")
        ordering = ["needed_by", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(crews_needed__gte=1),
                name="request_crews_positive",
                violation_error_message=_("A training request is for at least one crew."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "covered", "cancelled"]),
                name="training_request_status_valid",
                violation_error_message=_("Choose open, covered or cancelled."),
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Enrolment(ConvoyModel):
    """Crews of a training request placed in a session; never more crews than the seats."""

    owner_nation_path = "session__facility__nation"
    operator_path = "session__facility__operator"

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        TRAINED = "trained", _("Trained")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    request = models.ForeignKey(
        TrainingRequest, on_delete=models.PROTECT, related_name="enrolments",
        verbose_name=_("request"),
    )
    session = models.ForeignKey(
        CourseSession,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("session"),
    )
    crews = models.PositiveSmallIntegerField(
        validators=within(1, 500, _("a number of crews")), verbose_name=_("crews")
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.ENROLLED, verbose_name=_("status")
    )
    plan_run = models.ForeignKey(
        "planning.PlanRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("plan run"),
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["session", "request"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "session"],
                name="enrolment_once_per_session",
                violation_error_message=_("The training request is already in this session."),
            ),
            models.CheckConstraint(
                condition=Q(crews__gte=1),
                name="enrolment_crews_positive",
                violation_error_message=_("Enrol at least one crew."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["enrolled", "trained", "withdrawn"]),
                name="enrolment_status_valid",
                violation_error_message=_("Choose enrolled, trained or withdrawn."),
            ),
        ]

    def __str__(self) -> str:
        return ngettext(
            "%(count)s crew of %(request)s in session %(session)s",
            "%(count)s crews of %(request)s in session %(session)s",
            self.crews,
        ) % {"count": self.crews, "request": self.request_id, "session": self.session_id}
