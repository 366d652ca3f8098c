from django.urls import path

from convoy.reports import briefing_views, picture, search, start, views

urlpatterns = [
    path("", start.StartView.as_view(), name="home"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("picture/", picture.HomeView.as_view(), name="picture"),
    path("reports/", views.ReportIndexView.as_view(), name="report-index"),
    path("reports/briefings/", briefing_views.BriefingListView.as_view(), name="briefing-list"),
    path("reports/briefings/<int:pk>/", briefing_views.BriefingDetailView.as_view(),
         name="briefing-detail"),
    path("reports/briefings/<int:pk>/progress/", briefing_views.BriefingProgressView.as_view(),
         name="briefing-progress"),
    path("reports/briefings/<int:pk>/pdf/", briefing_views.BriefingPdfView.as_view(),
         name="briefing-pdf"),
    path("reports/coalitions/<int:pk>/", views.CoalitionReportView.as_view(),
         name="coalition-report"),
    path("reports/<slug:name>/", views.ReportView.as_view(), name="report"),
]
