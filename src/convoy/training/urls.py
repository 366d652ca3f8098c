from django.urls import path

from convoy.training import views

app_name = "training"

urlpatterns = [
    path("sessions/", views.SessionListView.as_view(), name="session-list"),
    path("sessions/new/", views.SessionCreateView.as_view(), name="session-create"),
    path("sessions/calendar/", views.CalendarView.as_view(), name="calendar"),
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session-detail"),
    path("sessions/<int:pk>/edit/", views.SessionEditView.as_view(), name="session-edit"),
    path("sessions/<int:pk>/cancel/", views.SessionCancelView.as_view(), name="session-cancel"),
    path("sessions/<int:pk>/enrol/", views.SessionEnrolView.as_view(), name="session-enrol"),
    path("enrolments/<int:pk>/trained/", views.EnrolmentTrainedView.as_view(),
         name="enrolment-trained"),
    path("enrolments/<int:pk>/withdraw/", views.EnrolmentWithdrawView.as_view(),
         name="enrolment-withdraw"),
    path("requests/", views.RequestListView.as_view(), name="request-list"),
    path("requests/new/", views.RequestCreateView.as_view(), name="request-create"),
    path("requests/<int:pk>/", views.RequestDetailView.as_view(), name="request-detail"),
    path("requests/<int:pk>/edit/", views.RequestEditView.as_view(), name="request-edit"),
    path("requests/<int:pk>/cancel/", views.RequestCancelView.as_view(), name="request-cancel"),
]
