"""Periodic unit reports, their review, and the deadlines of every app."""

from django.urls import path

from ..periodic import views

urlpatterns = [
    path("periodic/", views.ReportListView.as_view(), name="periodic-list"),
    path("periodic/<int:period_pk>/units/<int:unit_pk>/", views.ReportFillView.as_view(), name="periodic-fill"),
    path("periodic/reports/<int:pk>/", views.ReportDetailView.as_view(), name="periodic-report"),
    path("periodic/reports/<int:pk>/void/", views.ReportVoidView.as_view(), name="periodic-report-void"),
    path("periodic/review/", views.ReviewQueueView.as_view(), name="periodic-review"),
    path("periodic/periods/<int:pk>/", views.PeriodUnitsView.as_view(), name="periodic-period"),
    path("periodic/periods/<int:pk>/export/", views.PeriodExportView.as_view(), name="periodic-period-export"),
    path("deadlines/", views.DeadlineListView.as_view(), name="periodic-deadlines"),
    path("deadlines/late/", views.LateListView.as_view(), name="periodic-late"),
]
