import pytest

from convoy.core.models import Organisation
from tests.catalog.factories import ItemFactory, ItemGroupFactory
from tests.core.factories import NationFactory, OrganisationFactory, member
from tests.donations.factories import PledgeFactory, RequirementFactory


@pytest.fixture
def deu():
    return NationFactory(code="DEU", name="Germany")


@pytest.fixture
def pol():
    return NationFactory(code="POL", name="Poland")


@pytest.fixture
def coordinator():
    return member("coordinator", OrganisationFactory(kind=Organisation.Kind.COMMAND))


@pytest.fixture
def liaison(deu):
    """Germany's donor liaison officer."""
    return member("donor_liaison", OrganisationFactory(nation=deu))


@pytest.fixture
def planner():
    return member("recipient_planner", OrganisationFactory(kind=Organisation.Kind.ARMED_FORCES))


@pytest.fixture
def viewer():
    return member("viewer")


@pytest.fixture
def group():
    return ItemGroupFactory(code="ifv", name="Infantry fighting vehicles")


@pytest.fixture
def item(group):
    return ItemFactory(code="marder", name="Marder 1A3", group=group)


@pytest.fixture
def pledge(deu, item):
    """Germany's pledge of 100 units, announced."""
    return PledgeFactory(code="P-DEU-1", donor=deu, item=item, quantity=100)


@pytest.fixture
def requirement(group):
    """An open requirement for 100 units of the pledge's item group."""
    return RequirementFactory(code="R-IFV-1", item_group=group, quantity=100)

