"""A spreadsheet import run by the page: the uploaded file, its preview, then its import, each
done by the background worker while the page shows the progress."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One uploaded file. Only the user who uploaded it sees it (it may hold their nation's
    records); what it writes goes through the services under that user."""

    class Status(models.TextChoices):
        PREVIEWING = "previewing", _("Checking the file")
        PREVIEWED = "previewed", _("Checked, waiting for confirmation")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Refused")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    sheet_type = models.CharField(_("record type"), max_length=40)
    file_name = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(max_length=64)
    content = models.BinaryField()
    size_rows = models.PositiveIntegerField(_("rows"), default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREVIEWING)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("spreadsheet import")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.sheet_type})"
