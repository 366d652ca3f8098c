from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "convoy.api"
    label = "api"
    verbose_name = _("API access")

    def ready(self) -> None:
        # Registers the token scheme with the OpenAPI schema generator.
        from convoy.api import authentication  # noqa: F401
