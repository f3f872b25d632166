"""A unit's side of the contest, and the contest pages staff and officers share."""

from django.urls import path

from ..views import apply
from ..views import entries as views

urlpatterns = [
    path("", views.ContestListView.as_view(), name="contest-list"),
    path("<int:pk>/", views.ContestDetailView.as_view(), name="contest-detail"),
    path("<int:pk>/rules/", views.contest_rules_download, name="contest-rules"),
    path("<int:contest_pk>/entries/new/", views.EntryCreateView.as_view(), name="entry-create"),
    path("entries/<int:pk>/", views.EntryDetailView.as_view(), name="entry-detail"),
    path("entries/<int:pk>/edit/", views.EntryUpdateView.as_view(), name="entry-update"),
    path("entries/<int:pk>/submit/", views.entry_submit, name="entry-submit"),
    path("entries/<int:pk>/withdraw/", views.entry_withdraw, name="entry-withdraw"),
    path("entries/<int:pk>/reopen/", views.entry_reopen, name="entry-reopen"),
    path(
        "entries/<int:pk>/attachments/new/", views.EntryAttachmentCreateView.as_view(), name="entry-attachment-create"
    ),
    path("attachments/<int:pk>/download/", views.entry_attachment_download, name="entry-attachment-download"),
    path("attachments/<int:pk>/delete/", views.entry_attachment_delete, name="entry-attachment-delete"),
]

# A unit's answer to the ideas young people sent it (`views.apply`).
urlpatterns += [
    path("<int:contest_pk>/applications/", apply.UnitApplicationListView.as_view(), name="unit-applications"),
    path("applications/<int:pk>/endorse/", apply.application_endorse, name="application-endorse"),
    path("applications/<int:pk>/return/", apply.application_return, name="application-return"),
]
