from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "convoy.notifications"
    verbose_name = _("Notifications and webhooks")

    def ready(self) -> None:
        from convoy.core.models import AuditRecord
        from convoy.notifications.signals import audit_record_saved

        post_save.connect(audit_record_saved, sender=AuditRecord,
                          dispatch_uid="convoy.notifications.audit")
