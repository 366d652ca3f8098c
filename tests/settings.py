"""Settings for the test suite: production settings with what tests must not pay for.

Fast password hashing (factories create many users), plain HTTP for the test client and the
browser's live server, and static files served without a collected manifest.
"""

from convoy.settings import *  # noqa: F403
from convoy.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HTTPS = SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# The suite calls the API far faster than any person; tests/api/test_throttling.py sets rates.
CONVOY_API_RATES = {"user": None, "anon": None}
