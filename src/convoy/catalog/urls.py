from django.urls import path

from convoy.catalog import views

app_name = "catalog"

urlpatterns = [
    path("areas/", views.AreaListView.as_view(), name="area-list"),
    path("areas/new/", views.AreaCreateView.as_view(), name="area-create"),
    path("areas/<int:pk>/", views.AreaDetailView.as_view(), name="area-detail"),
    path("areas/<int:pk>/edit/", views.AreaEditView.as_view(), name="area-edit"),
    path("item-groups/", views.GroupListView.as_view(), name="group-list"),
    path("item-groups/new/", views.GroupCreateView.as_view(), name="group-create"),
    path("item-groups/<int:pk>/", views.GroupDetailView.as_view(), name="group-detail"),
    path("item-groups/<int:pk>/edit/", views.GroupEditView.as_view(), name="group-edit"),
    path("items/", views.ItemListView.as_view(), name="item-list"),
    path("items/new/", views.ItemCreateView.as_view(), name="item-create"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="item-detail"),
    path("items/<int:pk>/edit/", views.ItemEditView.as_view(), name="item-edit"),
    path("coalitions/", views.CoalitionListView.as_view(), name="coalition-list"),
    path("coalitions/new/", views.CoalitionCreateView.as_view(), name="coalition-create"),
    path("coalitions/<int:pk>/", views.CoalitionDetailView.as_view(), name="coalition-detail"),
    path("coalitions/<int:pk>/edit/", views.CoalitionEditView.as_view(), name="coalition-edit"),
]
