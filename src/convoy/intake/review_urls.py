from django.urls import path

from convoy.intake import review_views as views

app_name = "intake_review"

urlpatterns = [
    path("", views.ProposalListView.as_view(), name="proposal-list"),
    path("<int:pk>/", views.ProposalDetailView.as_view(), name="proposal-detail"),
    path("<int:pk>/accept/", views.ProposalAcceptView.as_view(), name="proposal-accept"),
    path("<int:pk>/reject/", views.ProposalRejectView.as_view(), name="proposal-reject"),
    path("<int:pk>/merge/", views.ProposalMergeView.as_view(), name="proposal-merge"),
    path("tracker/", views.TrackerReadView.as_view(), name="tracker-read"),
    path("report/", views.ReportReadView.as_view(), name="report-read"),
    path("aliases/", views.AliasListView.as_view(), name="alias-list"),
    path("aliases/<int:pk>/delete/", views.AliasDeleteView.as_view(), name="alias-delete"),
    path("mappings/", views.MappingView.as_view(), name="mapping-list"),
]
