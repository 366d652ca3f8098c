"""Plan runs: a scenario exported from the database, the planner's result, and its approval."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from convoy.core.models import ConvoyModel
from convoy.core.validators import date_window, within


class PlanRun(ConvoyModel):
    confidential = True  # its scenario and plan name every nation's pledges

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Ready for review")
        FAILED = "failed", _("Failed")
        APPROVED = "approved", _("Approved")
        DISCARDED = "discarded", _("Discarded")

    class Method(models.TextChoices):
        OPTIMAL = "optimal", _("Optimal")
        GREEDY = "greedy", _("Greedy (by hand)")

    start_date = models.DateField(
        help_text=_("The Monday of week 0."),
        validators=[date_window],
        verbose_name=_("start date"),
    )
    horizon_weeks = models.PositiveSmallIntegerField(
        default=26, validators=within(1, 260, _("a number of weeks")),
        verbose_name=_("horizon weeks"),
    )
    method = models.CharField(
        max_length=8, choices=Method.choices, default=Method.OPTIMAL, verbose_name=_("method")
    )
    time_limit_s = models.PositiveIntegerField(
        default=60, validators=within(5, 3600, _("a number of seconds")),
        verbose_name=_("time limit s"),
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, verbose_name=_("status")
    )
    progress = models.FloatField(default=0, verbose_name=_("progress"))
    message = models.TextField(blank=True, verbose_name=_("message"))
    scenario = models.JSONField(
        help_text=_("The input snapshot, in convoy-scenario/1 format."), verbose_name=_("scenario")
    )
    fingerprint = models.CharField(
        max_length=64, help_text=_("Digest of the data the scenario was made from."),
        verbose_name=_("fingerprint"),
    )
    changes = models.JSONField(
        default=list, blank=True,
        help_text=_("A what-if run's changes to the record, applied to its scenario only "
                    "(see convoy.planning.whatif); such a run is never approved."),
        verbose_name=_("what-if changes"),
    )
    result = models.JSONField(null=True, blank=True, verbose_name=_("result"))
    objective = models.FloatField(null=True, blank=True, verbose_name=_("objective"))
    bound = models.FloatField(null=True, blank=True, verbose_name=_("bound"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))

    class Meta:
        verbose_name = _("plan run")
        verbose_name_plural = _("plan runs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(horizon_weeks__gte=1, horizon_weeks__lte=260),
                name="plan_horizon_valid",
                violation_error_message=_("The horizon is 1 to 260 weeks."),
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=1),
                name="plan_progress_fraction",
                violation_error_message=_("Progress is a fraction between 0 and 1."),
            ),
        ]

    @property
    def is_what_if(self) -> bool:
        return bool(self.changes)

    def __str__(self) -> str:
        if self.changes:
            return _(
                "What-if plan run %(pk)s (%(status)s)"
            ) % {"pk": self.pk, "status": self.get_status_display()}
        return _(
            "Plan run %(pk)s (%(status)s)"
        ) % {"pk": self.pk, "status": self.get_status_display()}
