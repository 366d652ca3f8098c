from django.urls import path

from convoy.reports import search, start

urlpatterns = [
    path("", start.StartView.as_view(), name="home"),
    path("search/", search.SearchView.as_view(), name="search"),
]
