"""/api/: every main record type, read through the permission rule, written through the services."""

from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from convoy.catalog.api import (
    CapabilityAreaViewSet,
    CapabilityCoalitionViewSet,
    ItemGroupViewSet,
    ItemViewSet,
)
from convoy.core.api import AuditRecordViewSet, NationViewSet, OrganisationViewSet
from convoy.development.api import CapabilityTargetViewSet
from convoy.donations.api import AllocationViewSet, PledgeViewSet, RequirementViewSet
from convoy.funding.api import DisbursementViewSet, FinancialPledgeViewSet, YearlyBaselineViewSet
from convoy.intake.spreadsheets.api import SpreadsheetImportAPIView
from convoy.logistics.api import (
    CapacityExceptionViewSet,
    DiscrepancyViewSet,
    LaneViewSet,
    LocationViewSet,
    NodeViewSet,
    ShipmentViewSet,
)
from convoy.manning.api import PostViewSet
from convoy.planning.api import PlanRunViewSet
from convoy.repairs.api import RepairFacilityViewSet, RepairOrderViewSet
from convoy.training.api import (
    CourseSessionViewSet,
    CourseViewSet,
    EnrolmentViewSet,
    TrainingFacilityViewSet,
    TrainingRequestViewSet,
)

router = DefaultRouter()
for prefix, viewset in [
    ("nations", NationViewSet),
    ("organisations", OrganisationViewSet),
    ("capability-areas", CapabilityAreaViewSet),
    ("capability-coalitions", CapabilityCoalitionViewSet),
    ("item-groups", ItemGroupViewSet),
    ("items", ItemViewSet),
    ("requirements", RequirementViewSet),
    ("pledges", PledgeViewSet),
    ("allocations", AllocationViewSet),
    ("locations", LocationViewSet),
    ("nodes", NodeViewSet),
    ("capacity-exceptions", CapacityExceptionViewSet),
    ("lanes", LaneViewSet),
    ("shipments", ShipmentViewSet),
    ("repair-facilities", RepairFacilityViewSet),
    ("repair-orders", RepairOrderViewSet),
    ("training-facilities", TrainingFacilityViewSet),
    ("courses", CourseViewSet),
    ("course-sessions", CourseSessionViewSet),
    ("training-requests", TrainingRequestViewSet),
    ("enrolments", EnrolmentViewSet),
    ("financial-pledges", FinancialPledgeViewSet),
    ("disbursements", DisbursementViewSet),
    ("yearly-baselines", YearlyBaselineViewSet),
    ("posts", PostViewSet),
    ("capability-targets", CapabilityTargetViewSet),
    ("plan-runs", PlanRunViewSet),
    ("discrepancies", DiscrepancyViewSet),
    ("audit-records", AuditRecordViewSet),
]:
    router.register(prefix, viewset, basename=prefix)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI sets inline styles as it draws; this page alone may use them.
    path("docs/", csp_update({"style-src": ["'unsafe-inline'"]})(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("imports/<slug:type>/", SpreadsheetImportAPIView.as_view(), name="api-import"),
    *router.urls,
]
