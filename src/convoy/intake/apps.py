from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "convoy.intake"
    verbose_name = "Importers and demo data"
