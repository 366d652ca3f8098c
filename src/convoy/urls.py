"""Root URLs: the participants' pages, sign in and out, and the admin for superusers."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from convoy.api import views as api_views
from convoy.core import health
from convoy.core.language import LanguageView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("api/", include("convoy.api.urls")),
    path("account/tokens/", api_views.TokenListView.as_view(), name="api-tokens"),
    path("account/tokens/<int:pk>/revoke/", api_views.TokenRevokeView.as_view(),
         name="api-token-revoke"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", LanguageView.as_view(), name="language"),
    path("donations/", include("convoy.donations.urls")),
    path("logistics/", include("convoy.logistics.urls")),
    path("repairs/", include("convoy.repairs.urls")),
    path("training/", include("convoy.training.urls")),
    path("funding/", include("convoy.funding.urls")),
    path("manning/", include("convoy.manning.urls")),
    path("planning/", include("convoy.planning.urls")),
    path("administration/", include("convoy.core.urls")),
    path("catalog/", include("convoy.catalog.urls")),
    path("development/", include("convoy.development.urls")),
    path("spreadsheets/", include("convoy.intake.spreadsheets.urls")),
    path("intake/review/", include("convoy.intake.review_urls")),
    path("notifications/", include("convoy.notifications.urls")),
    path("", include("convoy.web.urls")),
    path("", include("convoy.reports.urls")),
]
