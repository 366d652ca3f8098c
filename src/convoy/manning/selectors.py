"""Reads of manning: how many of the command's posts each nation fills on a day."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from convoy.core.models import Nation
from convoy.manning.models import Post

RATIO = Decimal("0.0001")


@dataclass(frozen=True)
class NationPosts:
    nation: Nation
    posts: int


@dataclass(frozen=True)
class FillRate:
    """Posts filled on `on`, per nation (most first), and filled / all posts (None if none)."""

    on: date
    posts: int
    filled: int
    rate: Decimal | None
    by_nation: list[NationPosts]


def filled_on(on: date) -> Q:
    """Posts someone fills on `on` (the day they leave, `filled_to`, is still theirs)."""
    return (Q(filled_by__isnull=False, filled_from__lte=on)
            & (Q(filled_to__isnull=True) | Q(filled_to__gte=on)))


def fill_rate_by_nation(user: Any, on: date | None = None) -> FillRate:
    on = on or timezone.localdate()
    posts = Post.objects.restrict(user, "aggregate")
    counts = (posts.filter(filled_on(on)).values("filled_by")
              .annotate(n=Count("pk")).order_by())
    per_nation = {row["filled_by"]: row["n"] for row in counts}
    nations = Nation.objects.in_bulk(list(per_nation))
    by_nation = sorted((NationPosts(nations[pk], n) for pk, n in per_nation.items()),
                       key=lambda row: (-row.posts, row.nation.name))
    total, filled = posts.count(), sum(per_nation.values())
    rate = (Decimal(filled) / total).quantize(RATIO) if total else None
    return FillRate(on=on, posts=total, filled=filled, rate=rate, by_nation=by_nation)


def posts_for(user: Any) -> QuerySet[Post]:
    return Post.objects.restrict(user, "view").select_related("filled_by")


def posts_past_end(user: Any, today: date) -> QuerySet[Post]:
    """Posts still shown filled although the tour ended (`filled_to` has passed): the post is
    vacant, or its new holder is not recorded."""
    return Post.objects.restrict(user, "view").filter(filled_by__isnull=False,
                                                      filled_to__lt=today)
