from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "convoy.intake"
    verbose_name = "Importers and demo data"

    def ready(self) -> None:
        from convoy.intake.spreadsheets.responses import register_list_exports

        register_list_exports()  # each list offers the export that imports again
