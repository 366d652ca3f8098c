from django.urls import path

from convoy.web import views

urlpatterns = [
    path("picture/", views.HomeView.as_view(), name="picture"),
]
