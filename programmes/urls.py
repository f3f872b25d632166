from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="programme-list"),
    path("new/", views.ProgrammeCreateView.as_view(), name="programme-create"),
    path("<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("<int:pk>/edit/", views.ProgrammeUpdateView.as_view(), name="programme-update"),
    path("<int:programme_pk>/participants/", views.ParticipantListView.as_view(), name="participant-list"),
    path("<int:programme_pk>/participants/new/", views.ParticipantCreateView.as_view(), name="participant-create"),
    path("<int:programme_pk>/participants/export/", views.participant_export, name="participant-export"),
    path("<int:programme_pk>/participants/import/", views.ParticipantImportView.as_view(), name="participant-import"),
    path(
        "<int:programme_pk>/participants/import/template/",
        views.participant_import_template,
        name="participant-import-template",
    ),
    path("<int:programme_pk>/support/", views.SupportRecordListView.as_view(), name="support-list"),
    path("<int:programme_pk>/trainings/new/", views.TrainingSessionCreateView.as_view(), name="training-create"),
    path("trainings/<int:pk>/", views.TrainingSessionDetailView.as_view(), name="training-detail"),
    path("participants/<int:pk>/", views.ParticipantDetailView.as_view(), name="participant-detail"),
    path("participants/<int:pk>/select/", views.participant_select, name="participant-select"),
    path("participants/<int:pk>/withdraw/", views.participant_withdraw, name="participant-withdraw"),
    path("participants/<int:pk>/evaluate/", views.ParticipantEvaluateView.as_view(), name="participant-evaluate"),
    path("participants/<int:pk>/support/new/", views.SupportRecordCreateView.as_view(), name="support-create"),
]


# The pages lived under /ventures/programmes/ until the programmes had their own app:
# links in emails already sent and bookmarks answer with a permanent redirect to the same
# page here (the query string kept). Mounted by config/urls.py, outside the namespace.
def _moved(route: str, name: str):
    return path(route, RedirectView.as_view(pattern_name=f"programmes:{name}", permanent=True, query_string=True))


old_urlpatterns = [_moved(str(pattern.pattern), pattern.name) for pattern in urlpatterns]
