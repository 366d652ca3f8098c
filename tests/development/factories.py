import factory

from convoy.core.models import Nation
from convoy.development.models import CapabilityTarget
from tests.catalog.factories import CapabilityAreaFactory
from tests.core.factories import NationFactory


class CapabilityTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapabilityTarget

    recipient = factory.SubFactory(
        NationFactory, code="UKR", name="Ukraine", kind=Nation.Kind.RECIPIENT
    )
    area = factory.SubFactory(CapabilityAreaFactory)
    year = 2027
    description = factory.Sequence(lambda n: f"Target {n}")
    target_quantity = 10
