from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "convoy.reports"
    label = "reports"
    verbose_name = "Reports"
