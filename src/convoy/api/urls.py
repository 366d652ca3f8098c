"""/api/: every main record type, read through the permission rule, written through the services."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from convoy.catalog.api import ItemGroupViewSet, ItemViewSet
from convoy.core.api import NationViewSet
from convoy.development.api import CapabilityTargetViewSet
from convoy.donations.api import AllocationViewSet, PledgeViewSet, RequirementViewSet
from convoy.funding.api import DisbursementViewSet, FinancialPledgeViewSet
from convoy.intake.spreadsheets.api import SpreadsheetImportAPIView
from convoy.logistics.api import DiscrepancyViewSet, ShipmentViewSet
from convoy.manning.api import PostViewSet
from convoy.planning.api import PlanRunViewSet
from convoy.repairs.api import RepairOrderViewSet
from convoy.training.api import CourseSessionViewSet, EnrolmentViewSet, TrainingRequestViewSet

router = DefaultRouter()
for prefix, viewset in [
    ("nations", NationViewSet),
    ("item-groups", ItemGroupViewSet),
    ("items", ItemViewSet),
    ("requirements", RequirementViewSet),
    ("pledges", PledgeViewSet),
    ("allocations", AllocationViewSet),
    ("shipments", ShipmentViewSet),
    ("repair-orders", RepairOrderViewSet),
    ("course-sessions", CourseSessionViewSet),
    ("training-requests", TrainingRequestViewSet),
    ("enrolments", EnrolmentViewSet),
    ("financial-pledges", FinancialPledgeViewSet),
    ("disbursements", DisbursementViewSet),
    ("posts", PostViewSet),
    ("capability-targets", CapabilityTargetViewSet),
    ("plan-runs", PlanRunViewSet),
    ("discrepancies", DiscrepancyViewSet),
]:
    router.register(prefix, viewset, basename=prefix)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("imports/<slug:type>/", SpreadsheetImportAPIView.as_view(), name="api-import"),
    *router.urls,
]
