from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "convoy.funding"
