"""Manning of the command: fill rate by nation and by branch, tours ending in the next 90 days and
who takes the posts over, nations that take part but fill no post."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from convoy.core.models import Nation
from convoy.manning.models import Post
from convoy.manning.selectors import filled_on
from convoy.reports.common import Column, Report, Table, ratio
from convoy.web.charts import Series, hbar_chart

HORIZON_DAYS = 90


def build(user: Any, *, as_of: date | None = None) -> Report:
    today = as_of or timezone.localdate()
    posts = Post.objects.restrict(user, "aggregate")
    total = posts.count()
    filled = posts.filter(filled_on(today))
    per_nation = dict(filled.values_list("filled_by").annotate(n=Count("pk")).order_by())
    nations = Nation.objects.restrict(user, "aggregate").in_bulk(list(per_nation))
    nation_rows = sorted(
        ({"nation": nations[pk].code, "name": nations[pk].name, "posts": n,
          "share_of_posts": ratio(n, total)} for pk, n in per_nation.items() if pk in nations),
        key=lambda r: (-r["posts"], r["name"]))
    branches = dict(Post.Branch.choices)
    branch_rows = [
        {"branch": str(branches.get(b, b)), "posts": n, "filled": f, "fill_rate": ratio(f, n)}
        for b, n, f in posts.values_list("branch").annotate(
            n=Count("pk"), f=Count("pk", filter=filled_on(today))).order_by("branch")
    ]
    ending = [
        {"post": p.code, "title": p.title, "nation": p.filled_by.code, "ends": p.filled_to,
         "next_nation": p.next_filled_by.code if p.next_filled_by else _("not yet named"),
         "next_from": p.next_filled_from}
        for p in posts.filter(filled_on(today), filled_to__lte=today + timedelta(HORIZON_DAYS))
        .select_related("filled_by", "next_filled_by").order_by("filled_to", "code")
    ]
    idle = [
        {"nation": n.code, "name": n.name}
        for n in Nation.objects.restrict(user, "aggregate").filter(
            kind__in=[Nation.Kind.ALLY, Nation.Kind.PARTNER],
            participation=Nation.Participation.TAKES_PART).exclude(pk__in=list(per_nation))
    ]
    n_filled = sum(per_nation.values())
    return Report(
        name="manning", title=_("Manning of the command"), as_of=today,
        facts={"posts": total, "filled": n_filled, "fill_rate": ratio(n_filled, total)},
        tables=[
            Table("nations", _("Posts filled by nation"), [
                Column("nation", _("Nation (ISO 3166)")), Column("name", _("Name")),
                Column("posts", _("Posts filled"), "int"),
                Column("share_of_posts", _("Share of all posts"), "ratio"),
            ], nation_rows, chart=hbar_chart(
                _("Posts filled by nation"), [r["name"] for r in nation_rows[:20]],
                [Series(_("Posts"), [r["posts"] for r in nation_rows[:20]], "s3")], "posts")),
            Table("branches", _("Fill rate by branch"), [
                Column("branch", _("Branch")), Column("posts", _("Posts"), "int"),
                Column("filled", _("Filled"), "int"),
                Column("fill_rate", _("Fill rate"), "ratio"),
            ], branch_rows, chart=hbar_chart(
                _("Posts and posts filled by branch"), [r["branch"] for r in branch_rows],
                [Series(_("Posts"), [r["posts"] for r in branch_rows], "s5"),
                 Series(_("Filled"), [r["filled"] for r in branch_rows], "s3")], "posts")),
            Table("ending", _("Tours ending in the next %(days)s days") % {"days": HORIZON_DAYS},
                  [Column("post", _("Post")), Column("title", _("Title")),
                   Column("nation", _("Filled by")), Column("ends", _("Tour ends"), "date"),
                   Column("next_nation", _("Next filled by")),
                   Column("next_from", _("From"), "date")], ending),
            Table("no_post", _("Nations that take part but fill no post"), [
                Column("nation", _("Nation (ISO 3166)")), Column("name", _("Name"))], idle),
        ],
        notes=[_("A post counts as filled on a day from its first day to its last "
                 "(the day the tour ends is still filled).")],
    )
