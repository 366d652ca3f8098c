"""Plan runs: a scenario exported from the database, the planner's result, and its approval."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from convoy.core.models import ConvoyModel
from convoy.core.validators import date_window, within


class PlanRun(ConvoyModel):
    confidential = True  # its scenario and plan name every nation's pledges

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Ready for review"
        FAILED = "failed", "Failed"
        APPROVED = "approved", "Approved"
        DISCARDED = "discarded", "Discarded"

    class Method(models.TextChoices):
        OPTIMAL = "optimal", "Optimal"
        GREEDY = "greedy", "Greedy (by hand)"

    start_date = models.DateField(help_text="The Monday of week 0.", validators=[date_window])
    horizon_weeks = models.PositiveSmallIntegerField(
        default=26, validators=within(1, 260, "a number of weeks")
    )
    method = models.CharField(max_length=8, choices=Method.choices, default=Method.OPTIMAL)
    time_limit_s = models.PositiveIntegerField(
        default=60, validators=within(5, 3600, "a number of seconds")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0)
    message = models.TextField(blank=True)
    scenario = models.JSONField(help_text="The input snapshot, in convoy-scenario/1 format.")
    fingerprint = models.CharField(
        max_length=64, help_text="Digest of the data the scenario was made from."
    )
    result = models.JSONField(null=True, blank=True)
    objective = models.FloatField(null=True, blank=True)
    bound = models.FloatField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(horizon_weeks__gte=1, horizon_weeks__lte=260),
                name="plan_horizon_valid",
                violation_error_message="The horizon is 1 to 260 weeks.",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=1),
                name="plan_progress_fraction",
                violation_error_message="Progress is a fraction between 0 and 1.",
            ),
        ]

    def __str__(self) -> str:
        return f"Plan run {self.pk} ({self.get_status_display()})"
