from django.urls import path

from convoy.logistics import views

app_name = "logistics"

urlpatterns = [
    path("shipments/", views.ShipmentListView.as_view(), name="shipment-list"),
    path("shipments/new/", views.ShipmentPlanView.as_view(), name="shipment-create"),
    path("shipments/<int:pk>/", views.ShipmentDetailView.as_view(), name="shipment-detail"),
    path("shipments/<int:pk>/dispatch/", views.ShipmentDispatchView.as_view(),
         name="shipment-dispatch"),
    path("shipments/<int:pk>/arrival/", views.ShipmentArriveView.as_view(),
         name="shipment-arrive"),
    path("shipments/<int:pk>/departure/", views.ShipmentDepartView.as_view(),
         name="shipment-depart"),
    path("shipments/<int:pk>/handover/", views.ShipmentHandoverView.as_view(),
         name="shipment-handover"),
    path("shipments/<int:pk>/cancel/", views.ShipmentCancelView.as_view(),
         name="shipment-cancel"),
    path("discrepancies/", views.DiscrepancyListView.as_view(), name="discrepancy-list"),
    path("discrepancies/<int:pk>/", views.DiscrepancyDetailView.as_view(),
         name="discrepancy-detail"),
    path("discrepancies/<int:pk>/resolve/", views.DiscrepancyResolveView.as_view(),
         name="discrepancy-resolve"),
    path("nodes/", views.NodeListView.as_view(), name="node-list"),
    path("nodes/<int:pk>/", views.NodeBoardView.as_view(), name="node-board"),
    path("nodes/<int:pk>/capacity/", views.NodeCapacityView.as_view(), name="node-capacity"),
    path("lanes/", views.LaneListView.as_view(), name="lane-list"),
    path("lanes/new/", views.LaneCreateView.as_view(), name="lane-create"),
    path("lanes/<int:pk>/", views.LaneDetailView.as_view(), name="lane-detail"),
    path("lanes/<int:pk>/edit/", views.LaneEditView.as_view(), name="lane-edit"),
]
