"""Pages of the directory: nations, organisations, user accounts and memberships, and the
administration page that leads to every kind of reference data coordinators keep."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from convoy.core import directory, filters, forms, tables
from convoy.core.models import Membership, Nation, Organisation
from convoy.core.permissions import grants, is_allowed
from convoy.core.selectors import memberships_for, users_for
from convoy.core.signin_locks import may_manage_locks
from convoy.web import refusals
from convoy.web.lists import RecordListView
from convoy.web.params import QueryParams
from convoy.web.records import Action, RecordDetailView, Related, ServiceFormView
from convoy.web.tables import Column

User = get_user_model()

#: The administration page: (heading, [(label, list URL name, model label)]).
REFERENCE_PAGES = [
    (_("People and organisations"), [
        (_("Nations"), "core:nation-list", "core.Nation"),
        (_("Organisations"), "core:organisation-list", "core.Organisation"),
        (_("Users and roles"), "core:user-list", "core.Membership"),
    ]),
    (_("Equipment"), [
        (_("Item groups"), "catalog:group-list", "catalog.ItemGroup"),
        (_("Items"), "catalog:item-list", "catalog.Item"),
        (_("Capability coalitions"), "catalog:coalition-list", "catalog.CapabilityCoalition"),
        (_("Capability targets"), "development:target-list", "development.CapabilityTarget"),
    ]),
    (_("Logistics, training and repair"), [
        (_("Lanes"), "logistics:lane-list", "logistics.Lane"),
        (_("Courses"), "training:course-list", "training.Course"),
        (_("Training facilities"), "training:facility-list", "training.TrainingFacility"),
        (_("Repair facilities"), "repairs:facility-list", "repairs.RepairFacility"),
    ]),
]


class AdministrationView(LoginRequiredMixin, View):
    """Every kind of reference data, with what the user's role may do with it."""

    def get(self, request: HttpRequest) -> HttpResponse:
        sections = []
        for heading, pages in REFERENCE_PAGES:
            links = []
            for label, url_name, model_label in pages:
                model = apps.get_model(model_label)
                if grants(request.user, model, "view") == []:
                    continue
                may_add = grants(request.user, model, "add") != []
                links.append({"label": label, "url": reverse(url_name), "may_add": may_add})
            if links:
                sections.append({"heading": heading, "links": links})
        return render(request, "core/administration.html",
                      {"title": _("Administration"), "sections": sections,
                       "may_manage_sign_in_locks": may_manage_locks(request.user)})


# Nations


class NationListView(RecordListView):
    model = Nation
    columns = tables.NATION_COLUMNS
    filterset_class = filters.NationFilter
    search_fields = ("code", "name")
    create_url = "core:nation-create"
    related_pages = ((_("Administration"), "core:administration"),)


class NationDetailView(RecordDetailView):
    model = Nation
    list_url = "core:nation-list"
    edit_url = "core:nation-edit"
    fields = [
        Column("code", _("Code")),
        Column("name", _("Name")),
        Column("kind", _("Kind")),
        Column("participation", _("Participation")),
        Column("gdp_usd", _("GDP (current USD)")),
        Column("gdp_year", _("GDP year")),
    ]

    def related(self, obj: Nation) -> list[Related]:
        organisations = Organisation.objects.restrict(self.request.user, "view").filter(
            nation=obj).select_related("nation")
        return [Related(_("Organisations"), tables.ORGANISATION_COLUMNS, list(organisations),
                        _("No organisations of this nation yet."))]


class NationCreateView(ServiceFormView):
    model = Nation
    form_class = forms.NationForm
    create_service = staticmethod(directory.nation_create)
    list_url = "core:nation-list"


class NationEditView(NationCreateView):
    update_service = staticmethod(directory.nation_update)
    record_keyword = "nation"
    fixed_fields = ("code",)


# Organisations


class OrganisationListView(RecordListView):
    model = Organisation
    columns = tables.ORGANISATION_COLUMNS
    filterset_class = filters.OrganisationFilter
    search_fields = ("name", "short_name")
    select_related = ("nation",)
    create_url = "core:organisation-create"
    related_pages = ((_("Administration"), "core:administration"),)


class OrganisationDetailView(RecordDetailView):
    model = Organisation
    select_related = ("nation",)
    list_url = "core:organisation-list"
    edit_url = "core:organisation-edit"
    fields = [
        Column("name", _("Name")),
        Column("short_name", _("Short name")),
        Column("nation", _("Nation"), link=True),
        Column("kind", _("Kind")),
    ]

    def related(self, obj: Organisation) -> list[Related]:
        members = memberships_for(self.request.user).filter(organisation=obj)
        return [Related(_("Who works here"), [
            Column("user", _("User"), link=True), Column(lambda m: m.get_role_display(), _("Role")),
        ], list(members), _("Nobody you may see."))]


class OrganisationCreateView(ServiceFormView):
    model = Organisation
    form_class = forms.OrganisationForm
    create_service = staticmethod(directory.organisation_create)
    list_url = "core:organisation-list"


class OrganisationEditView(OrganisationCreateView):
    update_service = staticmethod(directory.organisation_update)
    record_keyword = "organisation"


# User accounts


def may_change_account(user: Any, account: Any) -> bool:
    return is_allowed(user, "change", account) and (
        not account.is_superuser or user.is_superuser)


class UserListView(RecordListView):
    model = User
    columns = tables.USER_COLUMNS
    filterset_class = filters.UserFilter
    search_fields = ("username", "first_name", "last_name", "email")
    default_sort = "username"
    create_url = "core:user-invite"
    title = _("Users and roles")
    related_pages = ((_("Administration"), "core:administration"),)

    def base_queryset(self) -> models.QuerySet:
        return users_for(self.request.user).prefetch_related("memberships__organisation")


class UserDetailView(RecordDetailView):
    model = User
    list_url = "core:user-list"
    edit_url = "core:user-edit"
    fields = [
        Column("username", _("Username")),
        Column(lambda u: u.get_full_name(), _("Name")),
        Column("email", "E-mail"),
        Column("is_active", _("Active")),
        Column("last_login", _("Last signed in")),
        Column("date_joined", _("Account created")),
    ]
    actions = [
        Action(_("New password-set link"), "core:user-password-link", (True,),
               allowed=may_change_account, state_field="is_active"),
        Action(_("Deactivate"), "core:user-deactivate", (True,), allowed=may_change_account,
               style="danger", state_field="is_active"),
        Action(_("Reactivate"), "core:user-reactivate", (False,), allowed=may_change_account,
               state_field="is_active"),
    ]

    def get_object(self) -> Any:
        return get_object_or_404(users_for(self.request.user), pk=self.kwargs["pk"])

    def page_title(self, obj: Any) -> str:
        return _("User %(username)s") % {"username": obj.username}

    def extra_context(self, obj: Any) -> dict[str, Any]:
        links = []
        if grants(self.request.user, Membership, "add") != []:
            links.append((_("Add a role"), f"{reverse('core:membership-create')}?user={obj.pk}"))
        return {"extra_links": links}

    def related(self, obj: Any) -> list[Related]:
        members = memberships_for(self.request.user).filter(user=obj).select_related(
            "organisation__nation")
        return [Related(_("Roles"), tables.MEMBERSHIP_COLUMNS, list(members),
                        _("No role: this account can sign in but sees nothing."))]


class UserInviteView(ServiceFormView):
    """Create the account, then show the one-time link with which its owner sets a password."""

    model = User
    form_class = forms.InviteForm
    create_service = staticmethod(directory.user_invite)
    list_url = "core:user-list"
    title = _("Invite a user")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_permission(None)
        form = self.form_class(request.POST, **self.form_kwargs(None))
        if form.is_valid():
            try:
                account = self.perform(form, None)
                link = password_link(request, account)
            except ValidationError as error:
                refusals.apply_to_form(form, error)
            else:
                return render_link(request, account, invited=True, link=link)
        return self.render_form(form, None, status=400)


class UserEditView(ServiceFormView):
    model = User
    form_class = forms.UserEditForm
    update_service = staticmethod(directory.user_update)
    record_keyword = "user"
    list_url = "core:user-list"

    def get_object(self) -> Any:
        return get_object_or_404(users_for(self.request.user), pk=self.kwargs["pk"])

    def check_permission(self, obj: Any) -> None:
        if not may_change_account(self.request.user, obj):
            raise PermissionDenied(_(
                "Your role may not change the account %(username)s."
            ) % {"username": obj.username})

    def page_title(self, obj: Any) -> str:
        return _("Edit user %(username)s") % {"username": obj.username}


def password_link(request: HttpRequest, account: Any) -> str:
    uid, token = directory.user_password_link(actor=request.user, user=account)
    return request.build_absolute_uri(
        reverse("core:password-set", kwargs={"uidb64": uid, "token": token}))


def render_link(request: HttpRequest, account: Any, *, invited: bool, link: str) -> HttpResponse:
    """The link is shown this once and never stored: whoever holds it can set the password."""
    title = _(
        "User %(username)s invited"
    ) % {"username": account.username} if invited else _(
        "Password-set link for %(account)s"
    ) % {"account": account}
    response = render(request, "core/password_link.html",
                      {"title": title, "account": account, "link": link, "invited": invited})
    response["Cache-Control"] = "no-store"
    return response


class UserStepView(LoginRequiredMixin, View):
    """A step on an account (a POST button): calls the service, reports it as a message."""

    service: Any
    success_message = _("{obj}: done.")
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        account = get_object_or_404(users_for(request.user), pk=pk)
        try:
            type(self).service(actor=request.user, user=account)
        except PermissionDenied as error:
            messages.error(request, _("Refused: %(error)s") % {"error": error})
        except ValidationError as error:
            messages.error(request, "Refused: " + " ".join(refusals.messages_of(error)))
        else:
            messages.success(request, self.success_message.format(obj=account.username))
        return HttpResponseRedirect(reverse("core:user-detail", kwargs={"pk": account.pk}))


class UserDeactivateView(UserStepView):
    service = staticmethod(directory.user_deactivate)
    success_message = _("User {obj} deactivated: the account can no longer sign in.")


class UserReactivateView(UserStepView):
    service = staticmethod(directory.user_reactivate)
    success_message = _("User {obj} reactivated.")


class UserPasswordLinkView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        account = get_object_or_404(users_for(request.user), pk=pk)
        try:
            link = password_link(request, account)
        except PermissionDenied as error:
            messages.error(request, _("Refused: %(error)s") % {"error": error})
        except ValidationError as error:
            messages.error(request, "Refused: " + " ".join(refusals.messages_of(error)))
        else:
            return render_link(request, account, invited=False, link=link)
        return HttpResponseRedirect(reverse("core:user-detail", kwargs={"pk": account.pk}))


# Memberships (a user's role at an organisation)


class MembershipDetailView(RecordDetailView):
    model = Membership
    select_related = ("user", "organisation__nation")
    edit_url = "core:membership-edit"
    fields = [
        Column("user", _("User"), link=True),
        Column("organisation", _("Organisation"), link=True),
        Column("organisation.nation", _("Nation"), link=True),
        Column("role", _("Role")),
    ]
    actions = [Action(_("Remove this role"), "core:membership-remove", style="danger",
                      allowed=lambda user, obj: is_allowed(user, "delete", obj))]

    def page_title(self, obj: Membership) -> str:
        return f"{obj.user.username}: {obj.get_role_display()}, {obj.organisation}"


class MembershipCreateView(ServiceFormView):
    model = Membership
    form_class = forms.MembershipForm
    create_service = staticmethod(directory.membership_add)
    list_url = "core:user-list"
    title = _("Add a role")

    def initial_kwargs(self, obj: Any) -> dict[str, Any]:
        user = QueryParams(self.request).primary_key("user")
        return {"initial": {"user": user}} if obj is None and user else {}

    def success_url(self, saved: Membership) -> str:
        return reverse("core:user-detail", kwargs={"pk": saved.user_id})


class MembershipEditView(MembershipCreateView):
    update_service = staticmethod(directory.membership_update)
    record_keyword = "membership"
    fixed_fields = ("user", "organisation")
    title = _("Change the role of {obj.user.username} at {obj.organisation}")


class MembershipRemoveView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = get_object_or_404(memberships_for(request.user), pk=pk)
        account = membership.user
        try:
            directory.membership_remove(actor=request.user, membership=membership)
        except PermissionDenied as error:
            messages.error(request, _("Refused: %(error)s") % {"error": error})
        except ValidationError as error:
            messages.error(request, "Refused: " + " ".join(refusals.messages_of(error)))
            return HttpResponseRedirect(
                reverse("core:membership-detail", kwargs={"pk": membership.pk}))
        else:
            messages.success(request, _(
                "%(username)s no longer works for %(organisation)s."
            ) % {"username": account.username, "organisation": membership.organisation})
        return HttpResponseRedirect(reverse("core:user-detail", kwargs={"pk": account.pk}))
