from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "convoy.development"
