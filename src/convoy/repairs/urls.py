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
]
