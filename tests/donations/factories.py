import datetime

import factory

from convoy.core.models import Nation
from convoy.donations.models import Allocation, Pledge, Requirement
from convoy.logistics.models import Location
from tests.catalog.factories import ItemFactory, ItemGroupFactory
from tests.core.factories import NationFactory
from tests.logistics.factories import LocationFactory


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requirement

    code = factory.Sequence(lambda n: f"R-{n}")
    recipient = factory.SubFactory(
        NationFactory, code="UKR", name="Ukraine", kind=Nation.Kind.RECIPIENT
    )
    item_group = factory.SubFactory(ItemGroupFactory)
    quantity = 100
    priority = 2
    needed_by = datetime.date(2024, 9, 1)
    destination = factory.SubFactory(
        LocationFactory, kind=Location.Kind.DESTINATION, nation=factory.SelfAttribute("..recipient")
    )


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    code = factory.Sequence(lambda n: f"P-{n}")
    donor = factory.SubFactory(NationFactory)
    item = factory.SubFactory(ItemFactory)
    quantity = 100
    available_from = datetime.date(2024, 7, 1)
    origin = factory.SubFactory(LocationFactory, nation=factory.SelfAttribute("..donor"))
    announced_on = datetime.date(2024, 6, 14)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    pledge = factory.SubFactory(PledgeFactory)
    requirement = factory.SubFactory(
        RequirementFactory, item_group=factory.SelfAttribute("..pledge.item.group")
    )
    quantity = 10
