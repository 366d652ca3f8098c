"""Notices in each person's inbox, what each person chooses to hear about, the mails and webhook
calls that carry them, and where the background work has got to."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from convoy.core.models import ConvoyModel
from convoy.notifications import kinds

web_address = URLValidator(schemes=["http", "https"],
                           message=_("Give a web address starting with http:// or https://."))


class Preference(models.Model):
    """What one user hears about and how mail reaches them. A user without a row hears about
    their roles' defaults (`kinds.ROLE_DEFAULTS`) in a daily digest."""

    class Mail(models.TextChoices):
        EACH = "each", _("A mail for each notice")
        DIGEST = "digest", _("One mail a day with the day's notices")
        NONE = "none", _("No mail, the inbox only")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference")
    kinds = models.JSONField(_("kinds of event"), default=list, blank=True)
    mail = models.CharField(_("mail"), max_length=8, choices=Mail.choices, default=Mail.DIGEST)

    class Meta:
        verbose_name = _("notification preference")

    def __str__(self) -> str:
        return str(_("Notification preferences of %(user)s") % {"user": self.user})


class Delivery(models.Model):
    """One message on its way out: tried by the worker until it is through, with back-off
    between tries; after the last try it stays here as failed, shown to coordinators."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("delivery", "Waiting to be sent")
        SENT = "sent", pgettext_lazy("delivery", "Delivered")
        FAILED = "failed", pgettext_lazy("delivery", "Failed")

    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    next_try_at = models.DateTimeField(_("next try"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("delivered or given up"), null=True, blank=True)

    class Meta:
        abstract = True


class Mail(Delivery):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="+")
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    #: A daily digest (one a day at most) rather than a mail for one notice.
    digest = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("mail")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_try_at"])]

    def __str__(self) -> str:
        return str(_("Mail to %(to)s: %(subject)s") % {"to": self.to, "subject": self.subject})


class Notice(models.Model):
    """One event told to one person: its kind, its facts, the record it is about, read or not.

    `key` names the event (`audit:<id>:<kind>`, `node-over-capacity:<node>:<week>`, ...): one
    event makes at most one notice per person however often the worker looks at it.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notices")
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(max_length=120)
    params = models.JSONField(default=dict)
    content_type = models.ForeignKey(ContentType, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    mail = models.ForeignKey(Mail, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="notices")

    class Meta:
        verbose_name = _("notice")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="notice_once_per_event",
                violation_error_message=_("This person has already been told of this event."),
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return kinds.sentence(self.kind, self.params)

    @property
    def kind_label(self) -> str:
        return kinds.label(self.kind)


class Webhook(ConvoyModel):
    """An integration's URL that receives the chosen kinds of event, each call signed with the
    secret (HMAC-SHA256 of the body). It hears only of records its owner may read."""

    #: Registered by coordinators; the URL and secret are not for every role that reads all.
    confidential = True

    name = models.CharField(_("name"), max_length=80, unique=True)
    url = models.URLField(_("URL"), max_length=500, validators=[web_address], help_text=_(
        "Convoy sends each event as a JSON POST to this address."))
    kinds = models.JSONField(_("kinds of event"), default=list)
    secret = models.CharField(_("signing secret"), max_length=80)
    active = models.BooleanField(_("active"), default=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("registered by"))
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(Delivery):
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(max_length=120)
    #: Exactly the bytes that are signed and sent, so a retry sends the same signature.
    body = models.TextField()
    response_code = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook call")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "key"], name="webhook_call_once_per_event",
                violation_error_message=_("This webhook has already been called for this event."),
            ),
        ]
        indexes = [models.Index(fields=["status", "next_try_at"])]

    def __str__(self) -> str:
        return str(_("Call %(id)s to %(webhook)s") % {"id": self.pk, "webhook": self.webhook})


class WorkerState(models.Model):
    """Where the notification worker has got to (one row): the audit records it has looked at
    for certain, and when it last looked for time-based events."""

    audit_checked_to = models.BigIntegerField(default=0)
    checks_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"audit up to {self.audit_checked_to}, checks at {self.checks_at}"
