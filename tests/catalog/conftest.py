import pytest

from convoy.core.models import Organisation
from tests.core.factories import OrganisationFactory, member


@pytest.fixture
def coordinator():
    return member("coordinator", OrganisationFactory(kind=Organisation.Kind.COMMAND))
