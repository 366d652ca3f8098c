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
    path("courses/", views.CourseListView.as_view(), name="course-list"),
    path("courses/new/", views.CourseCreateView.as_view(), name="course-create"),
    path("courses/<int:pk>/", views.CourseDetailView.as_view(), name="course-detail"),
    path("courses/<int:pk>/edit/", views.CourseEditView.as_view(), name="course-edit"),
    path("facilities/", views.FacilityListView.as_view(), name="facility-list"),
    path("facilities/new/", views.FacilityCreateView.as_view(), name="facility-create"),
    path("facilities/<int:pk>/", views.FacilityDetailView.as_view(), name="facility-detail"),
    path("facilities/<int:pk>/edit/", views.FacilityEditView.as_view(), name="facility-edit"),
]
