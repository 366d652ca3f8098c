"""How often the API may be called: per account when signed in, per address when not.

The rates come from settings.CONVOY_API_RATES at each request (not frozen at import like DRF's own
classes), so a deployment sets them by environment variable and a test can change them; a rate of
None lets every request through. The counts live in the cache: per process unless
CONVOY_CACHE_URL shares one between processes and hosts.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _RateFromSettings:
    scope: str

    def get_rate(self) -> str | None:
        return settings.CONVOY_API_RATES.get(self.scope)


class AccountThrottle(_RateFromSettings, UserRateThrottle):
    scope = "user"


class AddressThrottle(_RateFromSettings, AnonRateThrottle):
    scope = "anon"
