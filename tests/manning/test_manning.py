"""The command's posts: filled by nations that take part, one nation at a time."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from convoy.core.audit import history
from convoy.core.errors import DomainError
from convoy.manning.models import Post
from convoy.manning.selectors import fill_rate_by_nation
from convoy.manning.services import post_create, post_fill, post_vacate
from tests.core.factories import UserFactory
from tests.manning.factories import PostFactory
from tests.training.helpers import leaves_nothing_written

pytestmark = pytest.mark.django_db

JAN, MAR, JUN = datetime.date(2025, 1, 6), datetime.date(2025, 3, 1), datetime.date(2025, 6, 30)


def post_fields(**overrides):
    return {"code": "J4-001", "title": "Chief J4", "branch": "J4", "rank_band": "OF5+",
            **overrides}


def test_coordinator_creates_a_vacant_post(coordinator):
    post = post_create(actor=coordinator, **post_fields())
    assert post.filled_by is None
    assert history(post).get().actor == coordinator


def test_a_post_can_be_created_filled_by_a_nation_that_takes_part(coordinator, germany,
                                                                  hungary):
    post = post_create(actor=coordinator, **post_fields(filled_by=germany, filled_from=JAN))
    assert post.filled_by == germany
    with leaves_nothing_written(Post), pytest.raises(DomainError) as error:
        post_create(actor=coordinator, **post_fields(code="J4-002", filled_by=hungary,
                                                     filled_from=JAN))
    assert "J4-002" in error.value.message_dict["filled_by"][0]


def test_a_filled_post_needs_its_start_date(coordinator, germany):
    with leaves_nothing_written(Post), pytest.raises(DomainError) as error:
        post_create(actor=coordinator, **post_fields(filled_by=germany))
    assert "filled_by" in error.value.message_dict


@pytest.mark.parametrize("role", ["liaison", "viewer", "planner"])
def test_only_coordinators_create_posts(role, request):
    actor = request.getfixturevalue(role)
    with leaves_nothing_written(Post), pytest.raises(PermissionDenied):
        post_create(actor=actor, **post_fields())


def test_a_nation_fills_a_vacant_post(coordinator, germany):
    post = PostFactory()
    post_fill(actor=coordinator, post=post, nation=germany, on=JAN)
    assert (post.filled_by, post.filled_from, post.filled_to) == (germany, JAN, None)
    assert history(post).get().changes["filled_by_id"] == (None, germany.pk)


def test_a_filled_post_cannot_be_filled_again(coordinator, germany, poland):
    post = PostFactory()
    post_fill(actor=coordinator, post=post, nation=germany, on=JAN)
    with leaves_nothing_written(Post), pytest.raises(DomainError) as error:
        post_fill(actor=coordinator, post=post, nation=poland, on=MAR)
    assert post.code in error.value.message_dict["filled_by"][0]


def test_a_nation_that_abstains_cannot_fill_posts(coordinator, hungary):
    post = PostFactory()
    with leaves_nothing_written(Post), pytest.raises(DomainError) as error:
        post_fill(actor=coordinator, post=post, nation=hungary, on=JAN)
    assert "Hungary" in error.value.message_dict["filled_by"][0]


def test_a_vacated_post_is_filled_again_after_the_last_day(coordinator, germany, poland):
    post = PostFactory()
    post_fill(actor=coordinator, post=post, nation=germany, on=JAN)
    post_vacate(actor=coordinator, post=post, on=MAR)
    with leaves_nothing_written(Post), pytest.raises(DomainError):
        post_fill(actor=coordinator, post=post, nation=poland, on=MAR)
    post_fill(actor=coordinator, post=post, nation=poland, on=MAR + datetime.timedelta(days=1))
    assert (post.filled_by, post.filled_to) == (poland, None)


def test_a_post_is_vacated_not_before_it_was_filled(coordinator, germany):
    post = PostFactory()
    post_fill(actor=coordinator, post=post, nation=germany, on=MAR)
    with leaves_nothing_written(Post), pytest.raises(DomainError) as error:
        post_vacate(actor=coordinator, post=post, on=JAN)
    assert post.code in error.value.message_dict["filled_to"][0]
    post_vacate(actor=coordinator, post=post, on=MAR)
    assert post.filled_to == MAR


def test_a_vacant_post_cannot_be_vacated(coordinator):
    post = PostFactory()
    with leaves_nothing_written(Post), pytest.raises(DomainError) as error:
        post_vacate(actor=coordinator, post=post, on=JAN)
    assert "filled_by" in error.value.message_dict


@pytest.mark.parametrize("role", ["liaison", "viewer", "planner"])
def test_only_coordinators_fill_and_vacate_posts(role, request, coordinator, germany):
    actor = request.getfixturevalue(role)
    vacant, filled = PostFactory(), PostFactory()
    post_fill(actor=coordinator, post=filled, nation=germany, on=JAN)
    with leaves_nothing_written(Post), pytest.raises(PermissionDenied):
        post_fill(actor=actor, post=vacant, nation=germany, on=JAN)
    with leaves_nothing_written(Post), pytest.raises(PermissionDenied):
        post_vacate(actor=actor, post=filled, on=MAR)


def test_fill_rate_counts_posts_filled_on_the_day(coordinator, liaison, germany, poland):
    posts = [PostFactory() for _ in range(5)]
    post_fill(actor=coordinator, post=posts[0], nation=germany, on=JAN)
    post_fill(actor=coordinator, post=posts[1], nation=germany, on=JAN)
    post_fill(actor=coordinator, post=posts[2], nation=poland, on=JAN)
    post_vacate(actor=coordinator, post=posts[2], on=MAR)
    post_fill(actor=coordinator, post=posts[3], nation=poland, on=JUN)
    rate = fill_rate_by_nation(liaison, on=MAR)  # the last day still counts
    assert (rate.posts, rate.filled, rate.rate) == (5, 3, Decimal("0.6000"))
    assert [(row.nation, row.posts) for row in rate.by_nation] == [(germany, 2), (poland, 1)]
    later = fill_rate_by_nation(liaison, on=JUN)
    assert [(row.nation, row.posts) for row in later.by_nation] == [(germany, 2), (poland, 1)]
    assert fill_rate_by_nation(liaison, on=JAN - datetime.timedelta(days=1)).filled == 0


def test_fill_rate_defaults_to_today_and_is_empty_without_posts(coordinator):
    rate = fill_rate_by_nation(coordinator)
    assert rate.on == datetime.date.today()
    assert (rate.posts, rate.filled, rate.rate, rate.by_nation) == (0, 0, None, [])


def test_fill_rate_is_hidden_from_users_without_a_role():
    PostFactory()
    assert fill_rate_by_nation(UserFactory()).posts == 0


# Admin ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["", "?filled=yes", "?filled=no", "?branch=J4",
                                   "?rank_band=OF5%2B"])
def test_admin_lists_posts_with_filters(admin_client, coordinator, germany, query):
    post_fill(actor=coordinator, post=PostFactory(), nation=germany, on=JAN)
    PostFactory()
    page = admin_client.get(reverse("admin:manning_post_changelist") + query)
    assert page.status_code == 200
    expected = {"": 2, "?filled=yes": 1, "?filled=no": 1, "?branch=J4": 2, "?rank_band=OF5%2B": 0}
    assert page.context["cl"].result_count == expected[query]


def test_admin_fills_and_vacates_posts_through_the_services(admin_client, germany, hungary):
    post = PostFactory()
    url = reverse("admin:manning_post_changelist")
    admin_client.post(url, {"action": "fill_posts", "_selected_action": [post.pk],
                            "nation": germany.pk, "on": "2025-01-06"})
    post.refresh_from_db()
    assert (post.filled_by, post.filled_from) == (germany, JAN)
    page = admin_client.post(url, {"action": "fill_posts", "_selected_action": [post.pk],
                                   "nation": germany.pk, "on": "2025-02-01"}, follow=True)
    assert any("already filled" in str(m) for m in page.context["messages"])
    admin_client.post(url, {"action": "vacate_posts", "_selected_action": [post.pk],
                            "on": "2025-03-01"})
    post.refresh_from_db()
    assert post.filled_to == MAR
