"""Public pages, no login: the calendar, an event's page and registration, the ticket."""

from django.urls import path

from ..views import public

urlpatterns = [
    path("calendar/", public.calendar, name="public-calendar"),
    path("calendar/<int:pk>/", public.PublicEventView.as_view(), name="public-event"),
    path("tickets/<str:code>/", public.ticket, name="ticket"),
    path("tickets/<str:code>/cancel/", public.ticket_cancel, name="ticket-cancel"),
    path("tickets/<str:code>/feedback/", public.ticket_feedback, name="ticket-feedback"),
    path("tickets/<str:code>/certificate.pdf", public.ticket_certificate, name="ticket-certificate"),
    path("verify/<str:code>/", public.certificate_verify, name="certificate-verify"),
]
