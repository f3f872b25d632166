"""Savings-and-loan groups and their grades: unit officers and staff."""

from django.urls import path

from ..views import groups as views

urlpatterns = [
    path("groups/", views.GroupListView.as_view(), name="group-list"),
    path("groups/new/", views.GroupCreateView.as_view(), name="group-create"),
    path("groups/export.xlsx", views.group_export, name="group-export"),
    path("groups/import/", views.GroupImportView.as_view(), name="group-import"),
    path("groups/import/template.xlsx", views.group_import_template, name="group-import-template"),
    path("groups/<int:pk>/", views.GroupDetailView.as_view(), name="group-detail"),
    path("groups/<int:pk>/edit/", views.GroupUpdateView.as_view(), name="group-update"),
    path("groups/<int:pk>/grades/", views.group_grade, name="group-grade"),
]
