"""Only the admin, so the admin tests do not depend on the pages other apps are building."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("admin/", admin.site.urls)]
