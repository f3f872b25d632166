"""Staff and unit officers: events, registrations, attendance, booths, clubs, exports."""

from django.urls import path

from ..views import attendance, clubs, manage

urlpatterns = [
    path("", manage.EventListView.as_view(), name="event-list"),
    path("export.xlsx", manage.event_list_export, name="event-list-export"),
    path("new/", manage.EventCreateView.as_view(), name="event-create"),
    path("<int:pk>/", manage.EventDetailView.as_view(), name="event-detail"),
    path("<int:pk>/edit/", manage.EventUpdateView.as_view(), name="event-update"),
    path("<int:pk>/cancel/", manage.event_cancel, name="event-cancel"),
    path("<int:pk>/void/", manage.EventVoidView.as_view(), name="event-void"),
    path("<int:pk>/registrations/", manage.RegistrationListView.as_view(), name="registration-list"),
    path("<int:pk>/registrations/new/", manage.RegistrationCreateView.as_view(), name="registration-create"),
    path("<int:pk>/registrations.xlsx", manage.registration_export, name="registration-export"),
    path("registrations/<int:pk>/cancel/", manage.registration_cancel, name="registration-cancel"),
    path("<int:pk>/check-in/", attendance.check_in, name="check-in"),
    path("<int:pk>/attendance/template.xlsx", attendance.attendance_template, name="attendance-template"),
    path("<int:pk>/attendance/import/", attendance.attendance_import, name="attendance-import"),
    path("<int:pk>/attendance/close/", attendance.attendance_close, name="attendance-close"),
    path("<int:pk>/report/", manage.AttendanceReportView.as_view(), name="attendance-report"),
    path("<int:pk>/report.xlsx", manage.attendance_report_export, name="attendance-report-export"),
    path("<int:pk>/certificates.pdf", manage.certificates_pdf, name="certificates-pdf"),
    path("<int:pk>/materials/", manage.material_upload, name="material-upload"),
    path("materials/<int:pk>/", manage.material_download, name="material-download"),
    path("materials/<int:pk>/delete/", manage.material_delete, name="material-delete"),
    path("<int:pk>/booths/", manage.booth_add, name="booth-add"),
    path("<int:pk>/booths.xlsx", manage.booths_export, name="booth-export"),
    path("booths/<int:pk>/delete/", manage.booth_delete, name="booth-delete"),
    path("trained/", manage.TrainedView.as_view(), name="trained"),
    path("trained.xlsx", manage.trained_export, name="trained-export"),
    path("clubs/", clubs.ClubListView.as_view(), name="club-list"),
    path("clubs/new/", clubs.ClubCreateView.as_view(), name="club-create"),
    path("clubs/<int:pk>/edit/", clubs.ClubUpdateView.as_view(), name="club-update"),
    path("clubs.xlsx", clubs.club_export, name="club-export"),
    path("spaces/new/", clubs.SpaceCreateView.as_view(), name="space-create"),
    path("spaces/<int:pk>/edit/", clubs.SpaceUpdateView.as_view(), name="space-update"),
    path("spaces.xlsx", clubs.space_export, name="space-export"),
]
