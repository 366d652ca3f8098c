from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "convoy.intake"
    verbose_name = _("Importers and demo data")
