"""Naming who takes a post over when its tour ends."""

import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from convoy.manning.services import post_fill, post_name_successor
from tests.manning.factories import PostFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def ending(db, germany):
    return PostFactory(code="J4-010", filled_by=germany, filled_from=TODAY - timedelta(100),
                       filled_to=TODAY + timedelta(20))


def test_the_successor_is_recorded_and_filling_the_post_clears_it(coordinator, poland, ending):
    post_name_successor(actor=coordinator, post=ending, nation=poland,
                        on=TODAY + timedelta(21))
    assert (ending.next_filled_by, ending.next_filled_from) == (poland, TODAY + timedelta(21))
    post_fill(actor=coordinator, post=ending, nation=poland,
              on=TODAY + timedelta(21))
    assert ending.next_filled_by is None and ending.next_filled_from is None


def test_a_successor_cannot_start_before_the_tour_ends(coordinator, poland, ending):
    with pytest.raises(ValidationError) as refused:
        post_name_successor(actor=coordinator, post=ending, nation=poland,
                            on=TODAY + timedelta(20))
    assert "on" in refused.value.message_dict


def test_a_nation_that_does_not_take_part_cannot_be_the_successor(coordinator, hungary, ending):
    with pytest.raises(ValidationError) as refused:
        post_name_successor(actor=coordinator, post=ending, nation=hungary,
                            on=TODAY + timedelta(30))
    assert "nation" in refused.value.message_dict


def test_a_liaison_cannot_name_a_successor(liaison, poland, ending):
    with pytest.raises(PermissionDenied):
        post_name_successor(actor=liaison, post=ending, nation=poland,
                            on=TODAY + timedelta(30))
