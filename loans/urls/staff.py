"""Programmes, branches, contest entries to refer, the dashboard, events and agreements."""

from django.urls import path

from ..views import staff as views

urlpatterns = [
    path("programmes/", views.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/new/", views.ProgrammeCreateView.as_view(), name="programme-create"),
    path("programmes/<int:pk>/edit/", views.ProgrammeUpdateView.as_view(), name="programme-update"),
    path("branches/new/", views.BranchCreateView.as_view(), name="branch-create"),
    path("branches/<int:pk>/edit/", views.BranchUpdateView.as_view(), name="branch-update"),
    path("contest-entries/", views.CapitalEntryListView.as_view(), name="entry-list"),
    path("contest-entries/<int:entry_pk>/refer/", views.entry_refer, name="entry-refer"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("dashboard/export.xlsx", views.dashboard_export, name="dashboard-export"),
    path("mobilisation/", views.EventListView.as_view(), name="event-list"),
    path("mobilisation/new/", views.EventCreateView.as_view(), name="event-create"),
    path("agreements/new/", views.AgreementCreateView.as_view(), name="agreement-create"),
]
