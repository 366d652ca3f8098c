import factory

from convoy.catalog.models import CapabilityArea, Item, ItemGroup


class CapabilityAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapabilityArea
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"area-{n}")
    name = factory.LazyAttribute(lambda o: f"Area {o.code}")


class ItemGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemGroup

    code = factory.Sequence(lambda n: f"group-{n}")
    name = factory.LazyAttribute(lambda o: f"Group {o.code}")
    area = factory.SubFactory(CapabilityAreaFactory)


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    code = factory.Sequence(lambda n: f"item-{n}")
    name = factory.LazyAttribute(lambda o: f"Item {o.code}")
    group = factory.SubFactory(ItemGroupFactory)
    unit_mass_t = "1.5"
