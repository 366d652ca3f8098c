from django.urls import path

from convoy.web import guide, views

urlpatterns = [
    path("picture/", views.HomeView.as_view(), name="picture"),
    path("help/", guide.HelpPageView.as_view(), name="help"),
    path("help/<slug:slug>/", guide.HelpPageView.as_view(), name="help-page"),
]
