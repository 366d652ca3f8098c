"""Writes to manning: the command's posts, and which nation fills each of them when.

A post holds its current (or last) filling nation; earlier ones are in its audit trail.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from convoy.core.errors import DomainError
from convoy.core.models import Nation
from convoy.core.permissions import ensure_allowed
from convoy.core.services import create_record, update_record
from convoy.manning.models import Post


def post_create(*, actor: Any, **fields: Any) -> Post:
    """A new post, vacant unless `filled_by` and `filled_from` say who fills it from when."""
    post = Post(**fields)
    ensure_allowed(actor, "add", post)
    if post.filled_by_id is not None or post.filled_from is not None:
        if post.filled_by_id is None or post.filled_from is None:
            raise DomainError({"filled_by": _(
                "Post %(code)s: a filled post names the nation and the date it is filled from."
            ) % {"code": post.code}})
        _check_nation_takes_part(post, post.filled_by)
        if post.filled_to is not None and post.filled_to < post.filled_from:
            raise DomainError({"filled_to": _(
                "Post %(code)s: vacated on %(filled_to)s, before it was filled on "
                "%(filled_from)s."
            ) % {"code": post.code, "filled_to": post.filled_to, "filled_from": post.filled_from}})
    elif post.filled_to is not None:
        raise DomainError({"filled_to": _(
            "Post %(code)s: a vacant post has no end date."
        ) % {"code": post.code}})
    return create_record(actor=actor, model=Post, **fields)


def post_fill(*, actor: Any, post: Post, nation: Nation, on: date) -> Post:
    """`nation` fills the post from `on`. Refused while another nation holds it (open-ended, or
    until a day on or after `on`), and for a nation that does not take part."""
    ensure_allowed(actor, "change", post)
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.filled_by_id is not None and (locked.filled_to is None
                                                or locked.filled_to >= on):
            until = f"until {locked.filled_to}" if locked.filled_to else _("with no end date")
            raise DomainError({"filled_by": _(
                "Post %(locked)s: already filled by %(filled_by)s %(until)s."
            ) % {"locked": locked, "filled_by": locked.filled_by, "until": until}})
        _check_nation_takes_part(locked, nation)
        update_record(actor=actor, obj=locked, filled_by=nation, filled_from=on, filled_to=None,
                      next_filled_by=None, next_filled_from=None,
                      summary=f"filled by {nation.code} from {on}")
    post.refresh_from_db()
    return post


def post_vacate(*, actor: Any, post: Post, on: date) -> Post:
    """The nation leaves the post on `on` (its last day), which is not before it was filled."""
    ensure_allowed(actor, "change", post)
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.filled_by_id is None or locked.filled_to is not None:
            raise DomainError({"filled_by": _(
                "Post %(locked)s: not filled, so it cannot be vacated."
            ) % {"locked": locked}})
        if on < locked.filled_from:
            raise DomainError({"filled_to": _(
                "Post %(locked)s: filled from %(filled_from)s, so it cannot be vacated on "
                "%(on)s."
            ) % {"locked": locked, "filled_from": locked.filled_from, "on": on}})
        update_record(actor=actor, obj=locked, filled_to=on,
                      summary=f"vacated by {locked.filled_by.code} on {on}")
    post.refresh_from_db()
    return post


def post_name_successor(*, actor: Any, post: Post, nation: Nation, on: date) -> Post:
    """Record that `nation` takes the post over from `on`, once the present tour ends; the
    manning report lists tours ending soon with who follows. Filling the post clears it."""
    ensure_allowed(actor, "change", post)
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.filled_to is not None and on <= locked.filled_to:
            raise DomainError({"on": _(
                "Post %(post)s: the tour ends on %(end)s, so its successor cannot start on "
                "%(on)s."
            ) % {"post": locked, "end": locked.filled_to, "on": on}})
        if nation.participation != Nation.Participation.TAKES_PART:
            raise DomainError({"nation": _(
                "Post %(code)s: %(nation)s does not take part, so it cannot fill posts."
            ) % {"code": locked.code, "nation": nation}})
        update_record(actor=actor, obj=locked, next_filled_by=nation, next_filled_from=on,
                      summary=f"next filled by {nation.code} from {on}")
    post.refresh_from_db()
    return post


def _check_nation_takes_part(post: Post, nation: Nation) -> None:
    if nation.participation != Nation.Participation.TAKES_PART:
        raise DomainError({"filled_by": _(
            "Post %(code)s: %(nation)s does not take part, so it cannot fill posts."
        ) % {"code": post.code, "nation": nation}})
