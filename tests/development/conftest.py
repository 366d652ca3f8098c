import pytest

from convoy.core.models import Nation
from tests.core.factories import NationFactory, OrganisationFactory, member


@pytest.fixture
def ukraine():
    return NationFactory(code="UKR", name="Ukraine", kind=Nation.Kind.RECIPIENT)


@pytest.fixture
def planner(ukraine):
    return member("recipient_planner", OrganisationFactory(nation=ukraine))


@pytest.fixture
def coordinator():
    return member("coordinator")


@pytest.fixture
def viewer():
    return member("viewer")


@pytest.fixture
def liaison():
    return member("donor_liaison")


@pytest.fixture
def operator():
    return member("facility_operator")
