from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "convoy.intake"
    verbose_name = _("Importers and demo data")

    def ready(self) -> None:
        from convoy.intake.spreadsheets.responses import register_list_exports

        register_list_exports()  # each list offers the export that imports again
