from django.apps import AppConfig


class ManningConfig(AppConfig):
    name = "convoy.manning"
