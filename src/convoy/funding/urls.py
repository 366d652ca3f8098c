from django.urls import path

from convoy.funding import views

app_name = "funding"

urlpatterns = [
    path("pledges/", views.FinancialPledgeListView.as_view(), name="pledge-list"),
    path("pledges/new/", views.FinancialPledgeCreateView.as_view(), name="pledge-create"),
    path("pledges/<int:pk>/", views.FinancialPledgeDetailView.as_view(), name="pledge-detail"),
    path("pledges/<int:pk>/edit/", views.FinancialPledgeEditView.as_view(), name="pledge-edit"),
    path("baselines/set/", views.BaselineSetView.as_view(), name="baseline-set"),
    path("pledges/<int:pk>/disbursements/new/", views.DisbursementCreateView.as_view(),
         name="disbursement-create"),
]
