"""Downloads for staff (Excel and PDF) and a judge's own score sheets."""

from django.urls import path

from ..views import exports

urlpatterns = [
    path("<int:contest_pk>/entries/export/", exports.contest_entries_export, name="contest-entries-export"),
    path("<int:contest_pk>/certificates.pdf", exports.prize_certificates_pdf, name="prize-certificates-pdf"),
    path("rounds/<int:pk>/matrix/export/", exports.round_matrix_export, name="round-matrix-export"),
    path("rounds/<int:pk>/ranking/export/", exports.round_ranking_export, name="round-ranking-export"),
    path("rounds/<int:pk>/ranking/pdf/", exports.round_ranking_pdf, name="round-ranking-pdf"),
    path("rounds/<int:pk>/scoresheets.pdf", exports.round_scoresheets_pdf, name="round-scoresheets-pdf"),
    path("assignments/<int:pk>/scoresheet.pdf", exports.assignment_scoresheet_pdf, name="scoresheet-pdf"),
]
