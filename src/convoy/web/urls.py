from django.urls import path

from convoy.web import guide

urlpatterns = [
    path("help/", guide.HelpPageView.as_view(), name="help"),
    path("help/<slug:slug>/", guide.HelpPageView.as_view(), name="help-page"),
]
