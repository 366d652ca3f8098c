"""Values nobody means are refused at their field by the models and services, so pages, API,
command line and imports agree: years outside 2000-2100, dates in year 1 or 9999, more serial
numbers than units, deadlines long past, counts beyond any real need."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from rest_framework.test import APIClient

from convoy.core.models import ConvoyModel, Nation, Organisation
from convoy.core.validators import DateWindow
from convoy.donations.models import Requirement
from convoy.funding.models import FinancialPledge
from convoy.funding.services import financial_pledge_create
from convoy.planning.models import PlanRun
from convoy.planning.services import plan_run_start
from convoy.repairs.models import RepairOrder
from convoy.repairs.services import repair_order_create
from convoy.training.services import session_create
from tests.catalog.factories import ItemFactory
from tests.core.factories import NationFactory, OrganisationFactory, member
from tests.donations.test_requirements import new_requirement_fields
from tests.repairs.factories import RepairFacilityFactory
from tests.training.factories import CourseFactory, TrainingFacilityFactory

DOMAIN_MODELS = [m for m in apps.get_models() if issubclass(m, ConvoyModel)]
SYSTEM_STAMPS = {"created_at", "at", "started_at", "finished_at", "decided_at"}


def test_every_date_of_the_domain_lies_in_the_sane_window():
    dates = [(m, f) for m in DOMAIN_MODELS for f in m._meta.concrete_fields
             if isinstance(f, models.DateField) and not (f.auto_now or f.auto_now_add)
             and not (m._meta.label == "planning.PlanRun" and f.name in SYSTEM_STAMPS)]
    assert len(dates) > 25
    missing = [f"{m.__name__}.{f.name}" for m, f in dates
               if not any(isinstance(v, DateWindow) for v in f.validators)]
    assert missing == []


def test_every_count_of_the_domain_has_a_sensible_maximum():
    counts = [(m, f) for m in DOMAIN_MODELS for f in m._meta.concrete_fields
              if isinstance(f, models.PositiveIntegerField | models.PositiveSmallIntegerField)]
    assert len(counts) > 20
    for model, field in counts:
        maximum = [v.limit_value for v in field._validators if isinstance(v, MaxValueValidator)]
        minimum = [v.limit_value for v in field._validators if isinstance(v, MinValueValidator)]
        assert maximum and minimum, f"{model.__name__}.{field.name}"
        if isinstance(field, models.PositiveSmallIntegerField):
            assert maximum[0] <= 32767, f"{model.__name__}.{field.name}"


@pytest.fixture
def coordinator(db):
    return member("coordinator")


@pytest.fixture
def ukraine(db):
    return NationFactory(code="UKR", name="Ukraine", kind=Nation.Kind.RECIPIENT)


def financial_fields(**changes):
    return {"code": "FP-DEU-1", "donor": NationFactory(code="DEU"), "kind": "grant",
            "first_year": 2026, "last_year": 2027, "amount": 500_000_000, "currency": "EUR",
            "amount_eur": 500_000_000, "announced_on": datetime.date(2026, 6, 1), **changes}


@pytest.mark.parametrize(("field", "value"), [("first_year", 27), ("last_year", 9999)])
def test_a_financial_pledge_year_outside_2000_to_2100_is_refused(coordinator, field, value):
    with pytest.raises(ValidationError) as refused:
        financial_pledge_create(actor=coordinator, **financial_fields(**{field: value}))
    assert field in refused.value.message_dict
    assert "Enter a year from 2000 to 2100." in refused.value.message_dict[field][0]
    assert not FinancialPledge.objects.exists()


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31)])
def test_a_date_nobody_means_is_refused(coordinator, day):
    with pytest.raises(ValidationError) as refused:
        financial_pledge_create(actor=coordinator, **financial_fields(announced_on=day))
    assert list(refused.value.message_dict) == ["announced_on"]
    assert "from 2000-01-01 to 2100-12-31" in refused.value.message_dict["announced_on"][0]


def test_more_serial_numbers_than_units_are_refused(coordinator, ukraine):
    item = ItemFactory()
    facility = RepairFacilityFactory(item_groups=[item.group])
    with pytest.raises(ValidationError) as refused:
        repair_order_create(actor=coordinator, code="RO-1", recipient=ukraine, item=item,
                            quantity=2, serial_numbers="A-1\nA-2\nA-3", facility=facility)
    assert list(refused.value.message_dict) == ["serial_numbers"]
    assert "3 serial numbers for a quantity of 2" in refused.value.message_dict[
        "serial_numbers"][0]
    assert not RepairOrder.objects.exists()


def test_a_requirement_needed_long_ago_is_refused_when_raised(coordinator, ukraine):
    from convoy.donations.services import requirement_create
    from tests.catalog.factories import ItemGroupFactory

    group = ItemGroupFactory()
    with pytest.raises(ValidationError) as refused:
        requirement_create(actor=coordinator, **new_requirement_fields(
            ukraine, group, needed_by=datetime.date.today() - datetime.timedelta(days=400)))
    assert list(refused.value.message_dict) == ["needed_by"]
    assert "long past" in refused.value.message_dict["needed_by"][0]
    # Overdue by days is still a need; history is loaded as of the day it started.
    requirement_create(actor=coordinator, **new_requirement_fields(
        ukraine, group, needed_by=datetime.date.today() - datetime.timedelta(days=3)))
    requirement_create(actor=coordinator, as_of=datetime.date(2024, 6, 1),
                       **new_requirement_fields(ukraine, group, code="R-OLD",
                                                needed_by=datetime.date(2024, 9, 1)))
    assert Requirement.objects.count() == 2


def test_seats_beyond_a_small_integer_are_refused(coordinator):
    facility = TrainingFacilityFactory(
        operator=OrganisationFactory(kind=Organisation.Kind.FACILITY_OPERATOR))
    with pytest.raises(ValidationError) as refused:
        session_create(actor=coordinator, code="S-BIG", course=CourseFactory(),
                       facility=facility, start_date=datetime.date(2027, 1, 4), seats=2**31)
    assert list(refused.value.message_dict) == ["seats"]
    assert "Enter a number of seats from 1 to 500." in refused.value.message_dict["seats"][0]


def test_a_horizon_of_two_to_the_31_weeks_is_refused_before_any_export(coordinator):
    with pytest.raises(ValidationError) as refused:
        plan_run_start(actor=coordinator, start_date=datetime.date(2027, 1, 4),
                       horizon_weeks=2**31)
    assert list(refused.value.message_dict) == ["horizon_weeks"]
    assert not PlanRun.objects.exists()


def test_the_api_answers_400_at_the_field_for_a_year_nobody_means(coordinator):
    client = APIClient()
    client.force_authenticate(coordinator)
    NationFactory(code="DEU")
    payload = {"code": "FP-API-1", "donor": "DEU", "kind": "grant", "first_year": 27,
               "last_year": 2027, "amount": "500000000", "currency": "EUR",
               "amount_eur": "500000000", "announced_on": "2026-06-01"}
    response = client.post("/api/financial-pledges/", payload, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["first_year"]
    payload.update(first_year=2026, announced_on="9999-12-31")
    response = client.post("/api/financial-pledges/", payload, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["announced_on"]
    assert not FinancialPledge.objects.exists()
