from django.urls import path

from convoy.development import views

app_name = "development"

urlpatterns = [
    path("targets/", views.TargetListView.as_view(), name="target-list"),
    path("targets/new/", views.TargetCreateView.as_view(), name="target-create"),
    path("targets/<int:pk>/", views.TargetDetailView.as_view(), name="target-detail"),
    path("targets/<int:pk>/edit/", views.TargetEditView.as_view(), name="target-edit"),
]
