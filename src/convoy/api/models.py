"""Personal API tokens: a script's key, held by one user and acting with that user's rights."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from convoy.core.validators import date_window


class ApiToken(models.Model):
    """One token. Only its digest is kept; the secret is shown once, when it is created.

    `prefix` is the token's first, public part: it finds the row without scanning the digests,
    and tells its owner which of their tokens a script holds.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name=_("owner"))
    name = models.CharField(_("name"), max_length=80,
                            help_text=_("What the token is for, e.g. 'nightly export script'."))
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    digest = models.CharField(max_length=64, verbose_name=_("digest"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True,
                                  validators=[date_window],
                                  help_text=_("Last day it works; empty for no expiry."))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def active(self) -> bool:
        return self.revoked_at is None and not self.expired
