import datetime

import factory

from convoy.core.models import Organisation
from convoy.logistics.models import Lane, Location, Node, Shipment
from tests.core.factories import NationFactory, OrganisationFactory


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    code = factory.Sequence(lambda n: f"LOC-{n}")
    name = factory.LazyAttribute(lambda o: f"Location {o.code}")
    nation = factory.SubFactory(NationFactory)
    kind = Location.Kind.DEPOT


class NodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Node

    code = factory.Sequence(lambda n: f"node-{n}")
    name = factory.LazyAttribute(lambda o: f"Node {o.code}")
    nation = factory.SubFactory(NationFactory)
    operator = factory.SubFactory(
        OrganisationFactory,
        nation=factory.SelfAttribute("..nation"),
        kind=Organisation.Kind.NODE_OPERATOR,
    )
    capacity_t_per_week = 1000


class LaneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lane

    node = factory.SubFactory(NodeFactory)
    location = factory.SubFactory(LocationFactory)
    direction = Lane.Direction.INBOUND
    transit_weeks = 1
    cost_per_t = 100


class ShipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shipment

    allocation = factory.SubFactory("tests.donations.factories.AllocationFactory")
    quantity = factory.LazyAttribute(lambda o: o.allocation.quantity)
    node = factory.SubFactory(NodeFactory)
    origin = factory.LazyAttribute(lambda o: o.allocation.pledge.origin)
    destination = factory.LazyAttribute(lambda o: o.allocation.requirement.destination)
    planned_departure = datetime.date(2024, 7, 8)
    planned_arrival = datetime.date(2024, 7, 15)


def route_for(allocation, node=None, inbound_weeks=1, outbound_weeks=2):
    """A node with the inbound lane from the allocation's pledge origin and the outbound lane to
    its requirement's destination, so shipments of the allocation can be planned through it."""
    node = node or NodeFactory()
    LaneFactory(node=node, location=allocation.pledge.origin, direction=Lane.Direction.INBOUND,
                transit_weeks=inbound_weeks)
    LaneFactory(node=node, location=allocation.requirement.destination,
                direction=Lane.Direction.OUTBOUND, transit_weeks=outbound_weeks)
    return node
