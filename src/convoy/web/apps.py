from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "convoy.web"
    verbose_name = "Web pages"
