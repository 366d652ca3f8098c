import factory
from django.contrib.auth import get_user_model

from convoy.core.models import Membership, Nation, Organisation


class NationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"X{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    name = factory.LazyAttribute(lambda o: f"Nation {o.code}")
    kind = Nation.Kind.ALLY


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    nation = factory.SubFactory(NationFactory)
    kind = Organisation.Kind.MINISTRY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("convoy-test-pass")


def member(role: str, organisation: Organisation | None = None, **user_fields):
    """A user who works for `organisation` (a new one if not given) in `role`."""
    organisation = organisation or OrganisationFactory()
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user
