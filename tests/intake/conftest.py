from pathlib import Path

import pytest
from django.db import transaction

from convoy.core.models import Organisation
from convoy.intake.demo import load_demo
from tests.catalog.factories import ItemFactory, ItemGroupFactory
from tests.core.factories import NationFactory, OrganisationFactory, member
from tests.logistics.factories import LocationFactory

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def nations(db):
    """The donors of the fixture files, spelled as Convoy's demo spells them."""
    names = {"AUS": "Australia", "CZE": "Czechia", "CAN": "Canada", "DEU": "Germany",
             "GRC": "Greece", "POL": "Poland", "NLD": "Netherlands", "ITA": "Italy",
             "MKD": "North Macedonia", "GBR": "United Kingdom", "USA": "United States",
             "FRA": "France", "NOR": "Norway"}
    found = {code: NationFactory(code=code, name=name) for code, name in names.items()}
    found["UKR"] = NationFactory(code="UKR", name="Ukraine", kind="recipient")
    return found


@pytest.fixture
def catalogue(db):
    """Items the fixture files name, under names of their own (so aliases and fuzzy matching
    are needed for some)."""
    artillery = ItemGroupFactory(code="ART-TOWED155", name="155 mm towed howitzer")
    ifv = ItemGroupFactory(code="ARM-IFV", name="Infantry fighting vehicle")
    air = ItemGroupFactory(code="AD-MR", name="Medium-range air defence")
    long_range = ItemGroupFactory(code="AD-LR", name="Long-range air defence")
    spg = ItemGroupFactory(code="ART-SPH155", name="155 mm self-propelled howitzer")
    return {
        "M777": ItemFactory(code="M777", name="M777 howitzer", group=artillery),
        "BMP1": ItemFactory(code="BMP1", name="BMP-1", group=ifv),
        "IRIST-SLM-FU": ItemFactory(code="IRIST-SLM-FU", name="IRIS-T SLM fire unit", group=air),
        "SAMPT-FU": ItemFactory(code="SAMPT-FU", name="SAMP/T fire unit", group=long_range),
        "PATRIOT-FU": ItemFactory(code="PATRIOT-FU", name="Patriot fire unit", group=long_range),
        "PZH2000": ItemFactory(code="PZH2000", name="Panzerhaubitze 2000", group=spg),
    }


@pytest.fixture
def coordinator(db):
    return member("coordinator", OrganisationFactory(kind=Organisation.Kind.COMMAND),
                  username="coord")


@pytest.fixture
def liaison(nations):
    return member("donor_liaison", OrganisationFactory(nation=nations["DEU"]),
                  username="liaison-deu")


@pytest.fixture
def depots(nations):
    return {code: LocationFactory(code=f"DEPOT-{code}", nation=nations[code])
            for code in ("AUS", "DEU", "ITA", "CAN")}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once per module in a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)
