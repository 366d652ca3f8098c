from django.urls import path

from convoy.web import columns, guide

urlpatterns = [
    path("help/", guide.HelpPageView.as_view(), name="help"),
    path("help/<slug:slug>/", guide.HelpPageView.as_view(), name="help-page"),
    path("table-columns/", columns.TableColumnsView.as_view(), name="table-columns"),
]
