from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from convoy.core import signin_lock_views, views

app_name = "core"

urlpatterns = [
    path("", views.AdministrationView.as_view(), name="administration"),
    path("nations/", views.NationListView.as_view(), name="nation-list"),
    path("nations/new/", views.NationCreateView.as_view(), name="nation-create"),
    path("nations/<int:pk>/", views.NationDetailView.as_view(), name="nation-detail"),
    path("nations/<int:pk>/edit/", views.NationEditView.as_view(), name="nation-edit"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/new/", views.OrganisationCreateView.as_view(),
         name="organisation-create"),
    path("organisations/<int:pk>/", views.OrganisationDetailView.as_view(),
         name="organisation-detail"),
    path("organisations/<int:pk>/edit/", views.OrganisationEditView.as_view(),
         name="organisation-edit"),
    path("users/", views.UserListView.as_view(), name="user-list"),
    path("users/invite/", views.UserInviteView.as_view(), name="user-invite"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user-detail"),
    path("users/<int:pk>/edit/", views.UserEditView.as_view(), name="user-edit"),
    path("users/<int:pk>/deactivate/", views.UserDeactivateView.as_view(),
         name="user-deactivate"),
    path("users/<int:pk>/reactivate/", views.UserReactivateView.as_view(),
         name="user-reactivate"),
    path("users/<int:pk>/password-link/", views.UserPasswordLinkView.as_view(),
         name="user-password-link"),
    path("memberships/new/", views.MembershipCreateView.as_view(), name="membership-create"),
    path("memberships/<int:pk>/", views.MembershipDetailView.as_view(),
         name="membership-detail"),
    path("memberships/<int:pk>/edit/", views.MembershipEditView.as_view(),
         name="membership-edit"),
    path("memberships/<int:pk>/remove/", views.MembershipRemoveView.as_view(),
         name="membership-remove"),
    path("sign-in-locks/", signin_lock_views.SignInLockListView.as_view(), name="sign-in-locks"),
    path("sign-in-locks/<int:pk>/lift/", signin_lock_views.SignInLockLiftView.as_view(),
         name="sign-in-lock-lift"),
    # The one-time link of an invitation: whoever holds it sets the account's password.
    path("password-set/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="core/password_set.html",
        success_url=reverse_lazy("core:password-set-done")), name="password-set"),
    path("password-set/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="core/password_set_done.html"), name="password-set-done"),
]
