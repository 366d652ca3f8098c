from django.urls import path

from convoy.repairs import views

app_name = "repairs"

urlpatterns = [
    path("orders/", views.RepairOrderListView.as_view(), name="order-list"),
    path("orders/new/", views.RepairOrderCreateView.as_view(), name="order-create"),
    path("orders/<int:pk>/", views.RepairOrderDetailView.as_view(), name="order-detail"),
    path("orders/<int:pk>/receive/", views.RepairReceiveView.as_view(), name="order-receive"),
    path("orders/<int:pk>/start/", views.RepairStartView.as_view(), name="order-start"),
    path("orders/<int:pk>/return/", views.RepairReturnView.as_view(), name="order-return"),
    path("orders/<int:pk>/cancel/", views.RepairCancelView.as_view(), name="order-cancel"),
    path("facilities/", views.FacilityListView.as_view(), name="facility-list"),
    path("facilities/new/", views.FacilityCreateView.as_view(), name="facility-create"),
    path("facilities/<int:pk>/", views.FacilityDetailView.as_view(), name="facility-detail"),
    path("facilities/<int:pk>/edit/", views.FacilityEditView.as_view(), name="facility-edit"),
]
