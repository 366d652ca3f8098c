import pytest

from tests.core.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Test users need a password, not a strong hash; the default hasher costs ~0.5 s a user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_client(client, settings):
    """A signed-in superuser over plain HTTP, with static files served without a manifest."""
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    client.user = user
    return client
