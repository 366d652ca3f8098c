"""`convoy catalogue`: gather the marked strings into locale/uk/LC_MESSAGES/django.po and compile
the .mo that Convoy ships (needs GNU gettext; running Convoy does not)."""

import os

from django.core.management import call_command
from django.test.utils import override_settings
from django.utils.translation import gettext_lazy as _

from convoy.core.catalogue import LANGUAGES, LOCALE_DIR, MAKEMESSAGES_OPTIONS, PACKAGE_DIR
from convoy.core.management.base import ConvoyCommand


class Command(ConvoyCommand):
    help = _("Update the message catalogues from the sources and compile them.")

    def handle(self, *args, **options):
        here = os.getcwd()
        os.chdir(PACKAGE_DIR)
        try:
            with override_settings(LOCALE_PATHS=[LOCALE_DIR]):
                call_command("makemessages", **MAKEMESSAGES_OPTIONS)
                call_command("compilemessages", locale=list(LANGUAGES), verbosity=0)
        finally:
            os.chdir(here)
        self.stdout.write(f"catalogue {LOCALE_DIR}")
