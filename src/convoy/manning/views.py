"""Pages of the command's posts."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from convoy.core.dates import add_days
from convoy.manning import filters, forms, services, tables
from convoy.manning.attention import POST_RULES
from convoy.manning.models import Post
from convoy.web.lists import RecordListView
from convoy.web.records import Action, RecordDetailView, ServiceFormView
from convoy.web.tables import Column


def is_vacant(post: Post) -> bool:
    return post.filled_by_id is None or post.filled_to is not None


def is_filled(post: Post) -> bool:
    return not is_vacant(post)


def may_fill(user: Any, post: Post) -> bool:
    from convoy.web.records import may_change

    return may_change(user, post) and is_vacant(post)


def may_vacate(user: Any, post: Post) -> bool:
    from convoy.web.records import may_change

    return may_change(user, post) and is_filled(post)


class PostListView(RecordListView):
    model = Post
    columns = tables.POST_COLUMNS
    filterset_class = filters.PostFilter
    search_fields = ("code", "title", "filled_by__name")
    search_hint = _("Code, title or nation filling it")
    select_related = ("filled_by",)
    create_url = "manning:post-create"
    attention = POST_RULES


class PostDetailView(RecordDetailView):
    model = Post
    select_related = ("filled_by", "next_filled_by")
    list_url = "manning:post-list"
    attention = POST_RULES
    fields = [
        Column("code", _("Code")), Column("title", _("Title")), Column("branch", _("Branch")),
        Column("rank_band", _("Rank band")), Column("filled_by.name", _("Filled by")),
        Column("filled_from", _("Since")), Column("filled_to", _("Until")),
        Column("next_filled_by.name", _("Next filled by")),
        Column("next_filled_from", _("Next from")),
    ]
    actions = [
        Action(_("Fill post"), "manning:post-fill", allowed=may_fill, needs_form=True),
        Action(_("Name the successor"), "manning:post-successor", allowed=may_vacate,
               needs_form=True),
        Action(_("Vacate post"), "manning:post-vacate", allowed=may_vacate, needs_form=True,
               style="danger"),
    ]


class PostCreateView(ServiceFormView):
    model = Post
    form_class = forms.PostForm
    success_message = _("Post {obj} created.")
    create_service = staticmethod(services.post_create)
    list_url = "manning:post-list"


class PostFillView(ServiceFormView):
    model = Post
    form_class = forms.PostFillForm
    title = _("Fill post {obj}")
    success_message = _("Post {obj} filled.")

    def initial_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"initial": {"on": timezone.localdate()}}

    def perform(self, form: Any, obj: Post) -> Post:
        services.post_fill(actor=self.request.user, post=obj, **form.cleaned_data)
        return obj


class PostVacateView(PostFillView):
    form_class = forms.PostVacateForm
    title = _("Vacate post {obj}")
    success_message = _("Post {obj} vacated.")

    def perform(self, form: Any, obj: Post) -> Post:
        services.post_vacate(actor=self.request.user, post=obj, **form.cleaned_data)
        return obj


class PostSuccessorView(PostFillView):
    form_class = forms.PostSuccessorForm
    title = _("Name the successor in post {obj}")
    success_message = _("Successor in post {obj} recorded.")

    def initial_kwargs(self, obj: Any) -> dict[str, Any]:
        start = add_days(obj.filled_to, 1) if obj.filled_to else timezone.localdate()
        return {"initial": {"on": start}}

    def perform(self, form: Any, obj: Post) -> Post:
        services.post_name_successor(actor=self.request.user, post=obj, **form.cleaned_data)
        return obj
