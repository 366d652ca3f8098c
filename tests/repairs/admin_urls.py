"""Only the admin, so these tests do not depend on the pages other apps are still building."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("admin/", admin.site.urls)]
