from django.urls import path

from convoy.intake.spreadsheets import views

app_name = "spreadsheets"

urlpatterns = [
    path("", views.SpreadsheetIndexView.as_view(), name="index"),
    path("runs/<int:pk>/", views.ImportRunView.as_view(), name="run"),
    path("runs/<int:pk>/progress/", views.ImportRunProgressView.as_view(), name="run-progress"),
    path("runs/<int:pk>/confirm/", views.ImportRunConfirmView.as_view(), name="run-confirm"),
    path("<slug:type>/export/", views.SpreadsheetExportView.as_view(), name="export"),
    path("<slug:type>/template/", views.SpreadsheetTemplateView.as_view(), name="template"),
    path("<slug:type>/import/", views.SpreadsheetImportView.as_view(), name="import"),
]
