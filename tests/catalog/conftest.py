import pytest

from convoy.core.models import Organisation
from tests.core.factories import OrganisationFactory, member


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Test users need a password, not a costly hash (PBKDF2 takes about a second each)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def coordinator():
    return member("coordinator", OrganisationFactory(kind=Organisation.Kind.COMMAND))
