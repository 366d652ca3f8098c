import datetime

import factory

from convoy.core.models import Nation, Organisation
from convoy.repairs.models import RepairFacility, RepairOrder
from tests.catalog.factories import ItemFactory
from tests.core.factories import NationFactory, OrganisationFactory
from tests.logistics.factories import LocationFactory


class RepairFacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RepairFacility
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"rep-{n}")
    name = factory.LazyAttribute(lambda o: f"Repair facility {o.code}")
    nation = factory.SubFactory(NationFactory)
    location = factory.SubFactory(LocationFactory, nation=factory.SelfAttribute("..nation"))
    operator = factory.SubFactory(
        OrganisationFactory,
        nation=factory.SelfAttribute("..nation"),
        kind=Organisation.Kind.FACILITY_OPERATOR,
    )
    capacity_per_week = 10
    turnaround_weeks = 4

    @factory.post_generation
    def item_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.item_groups.set(extracted)


class RepairOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RepairOrder

    code = factory.Sequence(lambda n: f"RO-{n}")
    recipient = factory.SubFactory(
        NationFactory, code="UKR", name="Ukraine", kind=Nation.Kind.RECIPIENT
    )
    item = factory.SubFactory(ItemFactory)
    quantity = 2
    facility = factory.SubFactory(RepairFacilityFactory)
    requested_on = datetime.date(2024, 7, 1)
