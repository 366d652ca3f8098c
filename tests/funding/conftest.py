from decimal import Decimal

import pytest

from convoy.core.models import Nation, Organisation
from tests.core.factories import NationFactory, OrganisationFactory, member


@pytest.fixture
def germany():
    return NationFactory(code="DEU", name="Germany", gdp_usd=Decimal(4_000), gdp_year=2024)


@pytest.fixture
def poland():
    return NationFactory(code="POL", name="Poland", gdp_usd=Decimal(1_000), gdp_year=2024)


@pytest.fixture
def german_liaison(germany):
    return member("donor_liaison", OrganisationFactory(nation=germany))


@pytest.fixture
def coordinator(germany):
    return member("coordinator", OrganisationFactory(nation=germany,
                                                     kind=Organisation.Kind.COMMAND))


@pytest.fixture
def viewer():
    return member("viewer")


@pytest.fixture
def planner():
    return member("recipient_planner", OrganisationFactory(
        nation=NationFactory(code="UKR", name="Ukraine", kind=Nation.Kind.RECIPIENT)))
