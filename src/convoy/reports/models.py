"""The briefing document: requested as of a date, made in the background, kept as a PDF."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from convoy.core.validators import date_window


class Briefing(models.Model):
    """One requested briefing. It holds what its requester may see, so only they (and
    superusers) open it; it is not a domain record other roles read."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    as_of = models.DateField(_("as of"), validators=[date_window])
    marking = models.CharField(_("marking"), max_length=200)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.QUEUED, verbose_name=_("status")
    )
    progress = models.FloatField(default=0, verbose_name=_("progress"))
    message = models.CharField(max_length=200, blank=True, verbose_name=_("message"))
    pdf = models.BinaryField(null=True, blank=True, editable=False, verbose_name=_("pdf"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))

    class Meta:
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Briefing as of {self.as_of:%Y-%m-%d}"
