import pytest

from convoy.core.models import Nation, Organisation
from tests.core.factories import NationFactory, OrganisationFactory, member


@pytest.fixture
def germany():
    return NationFactory(code="DEU", name="Germany")


@pytest.fixture
def poland():
    return NationFactory(code="POL", name="Poland")


@pytest.fixture
def hungary():
    return NationFactory(code="HUN", name="Hungary", participation=Nation.Participation.ABSTAINS)


@pytest.fixture
def coordinator(germany):
    return member("coordinator", OrganisationFactory(nation=germany,
                                                     kind=Organisation.Kind.COMMAND))


@pytest.fixture
def liaison(germany):
    return member("donor_liaison", OrganisationFactory(nation=germany))


@pytest.fixture
def viewer():
    return member("viewer")


@pytest.fixture
def planner():
    return member("recipient_planner")
