from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "convoy.core"
    verbose_name = "Coalition and audit"
