from django.urls import path

from convoy.planning import views

app_name = "planning"

urlpatterns = [
    path("runs/", views.PlanRunListView.as_view(), name="run-list"),
    path("runs/<int:pk>/", views.PlanRunDetailView.as_view(), name="run-detail"),
]
