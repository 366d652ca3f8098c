import datetime

import pytest

from convoy.core.models import Organisation
from tests.core.factories import NationFactory, OrganisationFactory, member
from tests.training.factories import (
    CourseFactory,
    CourseSessionFactory,
    TrainingFacilityFactory,
    TrainingRequestFactory,
)


@pytest.fixture
def germany():
    return NationFactory(code="DEU", name="Germany")


@pytest.fixture
def poland():
    return NationFactory(code="POL", name="Poland")


@pytest.fixture
def facility(germany):
    return TrainingFacilityFactory(code="grafenwoehr", nation=germany)


@pytest.fixture
def other_facility(poland):
    return TrainingFacilityFactory(code="nowa-deba", nation=poland)


@pytest.fixture
def course():
    return CourseFactory(code="leopard-2a4", duration_weeks=6)


@pytest.fixture
def session(facility, course):
    return CourseSessionFactory(code="LEO-24-1", facility=facility, course=course,
                                start_date=datetime.date(2024, 7, 8), seats=4)


@pytest.fixture
def request_for(course):
    """A training request of the course, for `crews` crews."""
    def make(crews=3, **fields):
        return TrainingRequestFactory(course=course, crews_needed=crews, **fields)
    return make


@pytest.fixture
def operator(facility):
    return member("facility_operator", facility.operator)


@pytest.fixture
def german_liaison(germany):
    return member("donor_liaison", OrganisationFactory(nation=germany))


@pytest.fixture
def planner():
    return member("recipient_planner")


@pytest.fixture
def viewer():
    return member("viewer")


@pytest.fixture
def coordinator(germany):
    return member("coordinator", OrganisationFactory(nation=germany,
                                                     kind=Organisation.Kind.COMMAND))
