"""Training of the recipient's crews at facilities in allied countries."""

from datetime import date

from django.db import models
from django.db.models import Q

from convoy.core.dates import add_weeks
from convoy.core.models import ConvoyModel, Nation, Organisation, code_validator
from convoy.core.validators import date_window, within


class TrainingFacility(ConvoyModel):
    operator_path = "operator"

    code = models.CharField(max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(max_length=120, unique=True)
    nation = models.ForeignKey(Nation, on_delete=models.PROTECT, related_name="training_facilities")
    place = models.CharField(max_length=120, blank=True)
    operator = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="training_facilities"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "training facilities"

    def __str__(self) -> str:
        return self.name


class Course(ConvoyModel):
    """A course; what it qualifies a crew for is an item group or, for broader courses, a
    capability area. Items that need it point to it (`Item.training_course`)."""

    code = models.CharField(max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(max_length=120)
    capability_area = models.ForeignKey(
        "catalog.CapabilityArea", on_delete=models.PROTECT, related_name="courses"
    )
    item_group = models.ForeignKey(
        "catalog.ItemGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="courses"
    )
    duration_weeks = models.PositiveSmallIntegerField(
        validators=within(1, 104, "a number of weeks")
    )
    language = models.CharField(max_length=40, default="English")
    host_nation = models.ForeignKey(Nation, on_delete=models.PROTECT, related_name="courses")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_weeks__gte=1),
                name="course_duration_positive",
                violation_error_message="A course lasts at least one week.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CourseSession(ConvoyModel):
    owner_nation_path = "facility__nation"
    operator_path = "facility__operator"
    code_pattern = "S-{year}-"

    class Status(models.TextChoices):
        OFFERED = "offered", "Offered"
        RUNNING = "running", "Running"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    code = models.CharField(max_length=40, unique=True, validators=[code_validator])
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    facility = models.ForeignKey(
        TrainingFacility, on_delete=models.PROTECT, related_name="sessions"
    )
    start_date = models.DateField(validators=[date_window])
    seats = models.PositiveSmallIntegerField(
        help_text="Crews the session can take.", validators=within(1, 500, "a number of seats")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OFFERED)

    class Meta:
        ordering = ["start_date", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1),
                name="session_seats_positive",
                violation_error_message="A session has at least one seat.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["offered", "running", "completed", "cancelled"]),
                name="session_status_valid",
                violation_error_message="Choose a status from the list.",
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
        OPEN = "open", "Open"
        COVERED = "covered", "Covered"
        CANCELLED = "cancelled", "Cancelled"

    code = models.CharField(max_length=40, unique=True, validators=[code_validator])
    recipient = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="training_requests"
    )
    recipient_unit = models.CharField(max_length=120)
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="requests")
    crews_needed = models.PositiveSmallIntegerField(validators=within(1, 1000, "a number of crews"))
    needed_by = models.DateField(validators=[date_window])
    requirement = models.ForeignKey(
        "donations.Requirement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_requests",
        help_text="The equipment requirement these crews will operate, if any.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["needed_by", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(crews_needed__gte=1),
                name="request_crews_positive",
                violation_error_message="A training request is for at least one crew.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "covered", "cancelled"]),
                name="training_request_status_valid",
                violation_error_message="Choose open, covered or cancelled.",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Enrolment(ConvoyModel):
    """Crews of a training request placed in a session; never more crews than the seats."""

    owner_nation_path = "session__facility__nation"
    operator_path = "session__facility__operator"

    class Status(models.TextChoices):
        ENROLLED = "enrolled", "Enrolled"
        TRAINED = "trained", "Trained"
        WITHDRAWN = "withdrawn", "Withdrawn"

    request = models.ForeignKey(
        TrainingRequest, on_delete=models.PROTECT, related_name="enrolments"
    )
    session = models.ForeignKey(CourseSession, on_delete=models.PROTECT, related_name="enrolments")
    crews = models.PositiveSmallIntegerField(validators=within(1, 500, "a number of crews"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ENROLLED)
    plan_run = models.ForeignKey(
        "planning.PlanRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["session", "request"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "session"],
                name="enrolment_once_per_session",
                violation_error_message="The training request is already in this session.",
            ),
            models.CheckConstraint(
                condition=Q(crews__gte=1),
                name="enrolment_crews_positive",
                violation_error_message="Enrol at least one crew.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["enrolled", "trained", "withdrawn"]),
                name="enrolment_status_valid",
                violation_error_message="Choose enrolled, trained or withdrawn.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.crews} crews of {self.request_id} in session {self.session_id}"
