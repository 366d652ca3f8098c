from django.urls import path

from convoy.donations import views

app_name = "donations"

urlpatterns = [
    path("requirements/", views.RequirementListView.as_view(), name="requirement-list"),
    path("requirements/new/", views.RequirementCreateView.as_view(), name="requirement-create"),
    path("requirements/<int:pk>/", views.RequirementDetailView.as_view(),
         name="requirement-detail"),
    path("requirements/<int:pk>/edit/", views.RequirementEditView.as_view(),
         name="requirement-edit"),
    path("requirements/<int:pk>/cancel/", views.RequirementCancelView.as_view(),
         name="requirement-cancel"),
    path("pledges/", views.PledgeListView.as_view(), name="pledge-list"),
    path("pledges/new/", views.PledgeCreateView.as_view(), name="pledge-create"),
    path("pledges/<int:pk>/", views.PledgeDetailView.as_view(), name="pledge-detail"),
    path("pledges/<int:pk>/edit/", views.PledgeEditView.as_view(), name="pledge-edit"),
    path("pledges/<int:pk>/commit/", views.PledgeCommitView.as_view(), name="pledge-commit"),
    path("pledges/<int:pk>/start-delivery/", views.PledgeStartDeliveryView.as_view(),
         name="pledge-start-delivery"),
    path("pledges/<int:pk>/mark-delivered/", views.PledgeMarkDeliveredView.as_view(),
         name="pledge-mark-delivered"),
    path("pledges/<int:pk>/cancel/", views.PledgeCancelView.as_view(), name="pledge-cancel"),
    path("allocations/", views.AllocationListView.as_view(), name="allocation-list"),
    path("allocations/new/", views.AllocationCreateView.as_view(), name="allocation-create"),
    path("allocations/<int:pk>/", views.AllocationDetailView.as_view(),
         name="allocation-detail"),
    path("allocations/<int:pk>/cancel/", views.AllocationCancelView.as_view(),
         name="allocation-cancel"),
]
