from django.urls import path

from . import programme_views, views

app_name = "ventures"

urlpatterns = [
    path("entrepreneurs/", views.EntrepreneurListView.as_view(), name="entrepreneur-list"),
    path("entrepreneurs/new/", views.EntrepreneurCreateView.as_view(), name="entrepreneur-create"),
    path("entrepreneurs/export/", views.entrepreneur_export, name="entrepreneur-export"),
    path("entrepreneurs/import/", views.EntrepreneurImportView.as_view(), name="entrepreneur-import"),
    path("entrepreneurs/import/template/", views.entrepreneur_import_template, name="entrepreneur-import-template"),
    path("entrepreneurs/<int:pk>/", views.EntrepreneurDetailView.as_view(), name="entrepreneur-detail"),
    path("entrepreneurs/<int:pk>/edit/", views.EntrepreneurUpdateView.as_view(), name="entrepreneur-update"),
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

# Model programmes ("Bí thư Chi đoàn tiên phong khởi nghiệp" and the like), kept in
# their own block so the registry's routes above stay as they were.

programme_urlpatterns = [
    path("programmes/", programme_views.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/new/", programme_views.ProgrammeCreateView.as_view(), name="programme-create"),
    path("programmes/<int:pk>/", programme_views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("programmes/<int:pk>/edit/", programme_views.ProgrammeUpdateView.as_view(), name="programme-update"),
    path(
        "programmes/<int:programme_pk>/participants/",
        programme_views.ParticipantListView.as_view(),
        name="programme-participant-list",
    ),
    path(
        "programmes/<int:programme_pk>/participants/new/",
        programme_views.ParticipantCreateView.as_view(),
        name="programme-participant-create",
    ),
    path(
        "programmes/<int:programme_pk>/participants/export/",
        programme_views.participant_export,
        name="programme-participant-export",
    ),
    path(
        "programmes/<int:programme_pk>/participants/import/",
        programme_views.ParticipantImportView.as_view(),
        name="programme-participant-import",
    ),
    path(
        "programmes/<int:programme_pk>/participants/import/template/",
        programme_views.participant_import_template,
        name="programme-participant-import-template",
    ),
    path(
        "programmes/<int:programme_pk>/support/",
        programme_views.SupportRecordListView.as_view(),
        name="programme-support-list",
    ),
    path(
        "programmes/<int:programme_pk>/trainings/new/",
        programme_views.TrainingSessionCreateView.as_view(),
        name="programme-training-create",
    ),
    path(
        "programmes/trainings/<int:pk>/",
        programme_views.TrainingSessionDetailView.as_view(),
        name="programme-training-detail",
    ),
    path(
        "programmes/participants/<int:pk>/",
        programme_views.ParticipantDetailView.as_view(),
        name="programme-participant-detail",
    ),
    path(
        "programmes/participants/<int:pk>/select/",
        programme_views.participant_select,
        name="programme-participant-select",
    ),
    path(
        "programmes/participants/<int:pk>/withdraw/",
        programme_views.participant_withdraw,
        name="programme-participant-withdraw",
    ),
    path(
        "programmes/participants/<int:pk>/evaluate/",
        programme_views.ParticipantEvaluateView.as_view(),
        name="programme-participant-evaluate",
    ),
    path(
        "programmes/participants/<int:pk>/support/new/",
        programme_views.SupportRecordCreateView.as_view(),
        name="programme-support-create",
    ),
]
urlpatterns += programme_urlpatterns
