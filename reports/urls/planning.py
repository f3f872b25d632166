from django.urls import path

from ..planning import views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan-create"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("plans/<int:pk>/edit/", views.PlanUpdateView.as_view(), name="plan-update"),
    path("plans/<int:pk>/document/", views.plan_document_download, name="plan-document"),
    path("plans/<int:pk>/export/", views.plan_export, name="plan-export"),
    path("plans/<int:pk>/units/<int:unit_pk>/", views.PlanUnitView.as_view(), name="plan-unit"),
    path("plans/<int:plan_pk>/activities/new/", views.ActivityCreateView.as_view(), name="activity-create"),
    path("activities/<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity-update"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity-delete"),
    path("plans/<int:plan_pk>/targets/new/", views.TargetCreateView.as_view(), name="target-create"),
    path("targets/<int:pk>/edit/", views.TargetUpdateView.as_view(), name="target-update"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target-delete"),
    path("consolidated/", views.ConsolidatedListView.as_view(), name="consolidated-list"),
    path("consolidated/<int:pk>/<str:fmt>/", views.consolidated_download, name="consolidated-download"),
    path("exports/<int:pk>/", views.ExportJobDetailView.as_view(), name="export-detail"),
    path("exports/<int:pk>/download/", views.export_download, name="export-download"),
]
