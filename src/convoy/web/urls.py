from django.urls import path

from convoy.web import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
]
