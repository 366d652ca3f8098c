from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "convoy.core"
    verbose_name = _("Coalition and audit")


class SuperuserAdminConfig(admin_apps.AdminConfig):
    """The Django admin, entered by superusers only (see core/adminsite.py)."""

    default = False
    default_site = "convoy.core.adminsite.SuperuserAdminSite"
