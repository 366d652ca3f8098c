import datetime

import factory

from convoy.core.models import Nation, Organisation
from convoy.training.models import (
    Course,
    CourseSession,
    Enrolment,
    TrainingFacility,
    TrainingRequest,
)
from tests.catalog.factories import CapabilityAreaFactory
from tests.core.factories import NationFactory, OrganisationFactory


class TrainingFacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingFacility

    code = factory.Sequence(lambda n: f"fac-{n}")
    name = factory.LazyAttribute(lambda o: f"Training facility {o.code}")
    nation = factory.SubFactory(NationFactory)
    operator = factory.SubFactory(
        OrganisationFactory,
        nation=factory.SelfAttribute("..nation"),
        kind=Organisation.Kind.FACILITY_OPERATOR,
    )


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    code = factory.Sequence(lambda n: f"course-{n}")
    name = factory.LazyAttribute(lambda o: f"Course {o.code}")
    capability_area = factory.SubFactory(CapabilityAreaFactory)
    duration_weeks = 6
    host_nation = factory.SubFactory(NationFactory)


class CourseSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseSession

    code = factory.Sequence(lambda n: f"S-{n}")
    course = factory.SubFactory(CourseFactory)
    facility = factory.SubFactory(TrainingFacilityFactory)
    start_date = datetime.date(2024, 7, 8)
    seats = 4


class TrainingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRequest

    code = factory.Sequence(lambda n: f"TR-{n}")
    recipient = factory.SubFactory(
        NationFactory, code="UKR", name="Ukraine", kind=Nation.Kind.RECIPIENT
    )
    recipient_unit = "47th Mechanised Brigade"
    course = factory.SubFactory(CourseFactory)
    crews_needed = 3
    needed_by = datetime.date(2024, 10, 1)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    request = factory.SubFactory(TrainingRequestFactory)
    session = factory.SubFactory(
        CourseSessionFactory, course=factory.SelfAttribute("..request.course")
    )
    crews = 1
