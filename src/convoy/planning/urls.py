from django.urls import path

from convoy.planning import views, whatif_views

app_name = "planning"

urlpatterns = [
    path("runs/", views.PlanRunListView.as_view(), name="run-list"),
    path("runs/new/", views.PlanRunStartView.as_view(), name="run-start"),
    path("runs/what-if/", whatif_views.PlanRunWhatIfView.as_view(), name="run-what-if"),
    path("runs/<int:pk>/compare/", whatif_views.PlanRunCompareView.as_view(), name="run-compare"),
    path("runs/<int:pk>/", views.PlanRunDetailView.as_view(), name="run-detail"),
    path("runs/<int:pk>/progress/", views.PlanRunProgressView.as_view(), name="run-progress"),
    path("runs/<int:pk>/approve/", views.PlanRunApproveView.as_view(), name="run-approve"),
    path("runs/<int:pk>/discard/", views.PlanRunDiscardView.as_view(), name="run-discard"),
]
