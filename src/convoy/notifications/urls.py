from django.urls import path

from convoy.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("<int:pk>/open/", views.OpenNoticeView.as_view(), name="open"),
    path("<int:pk>/read/", views.MarkReadView.as_view(), name="read"),
    path("read-all/", views.MarkAllReadView.as_view(), name="read-all"),
    path("preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("deliveries/", views.DeliveriesView.as_view(), name="deliveries"),
    path("deliveries/<str:what>/<int:pk>/retry/", views.RetryView.as_view(), name="retry"),
    path("webhooks/new/", views.WebhookCreateView.as_view(), name="webhook-create"),
    path("webhooks/<int:pk>/", views.WebhookEditView.as_view(), name="webhook-edit"),
    path("webhooks/<int:pk>/delete/", views.WebhookDeleteView.as_view(), name="webhook-delete"),
]
