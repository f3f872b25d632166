from django.urls import path

from . import views

app_name = "ventures"

urlpatterns = [
    path("entrepreneurs/", views.EntrepreneurListView.as_view(), name="entrepreneur-list"),
    path("entrepreneurs/new/", views.EntrepreneurCreateView.as_view(), name="entrepreneur-create"),
    path("entrepreneurs/export/", views.entrepreneur_export, name="entrepreneur-export"),
    path("entrepreneurs/import/", views.EntrepreneurImportView.as_view(), name="entrepreneur-import"),
    path("entrepreneurs/import/template/", views.entrepreneur_import_template, name="entrepreneur-import-template"),
    path("entrepreneurs/<int:pk>/", views.EntrepreneurDetailView.as_view(), name="entrepreneur-detail"),
    path("entrepreneurs/<int:pk>/edit/", views.EntrepreneurUpdateView.as_view(), name="entrepreneur-update"),
    path("entrepreneurs/<int:pk>/merge/", views.EntrepreneurMergeView.as_view(), name="entrepreneur-merge"),
    path(
        "entrepreneurs/<int:pk>/anonymise/",
        views.EntrepreneurAnonymiseView.as_view(),
        name="entrepreneur-anonymise",
    ),
    path("", views.VentureListView.as_view(), name="venture-list"),
    path("new/", views.VentureCreateView.as_view(), name="venture-create"),
    path("export/", views.venture_export, name="venture-export"),
    path("<int:pk>/", views.VentureDetailView.as_view(), name="venture-detail"),
    path("<int:pk>/edit/", views.VentureUpdateView.as_view(), name="venture-update"),
    path("<int:pk>/archive/", views.VentureArchiveView.as_view(), name="venture-archive"),
    path("<int:pk>/updates/new/", views.VentureUpdateCreateView.as_view(), name="venture-update-create"),
    path("<int:pk>/documents/new/", views.VentureDocumentCreateView.as_view(), name="venture-document-create"),
    path("documents/<int:pk>/download/", views.venture_document_download, name="venture-document-download"),
]
