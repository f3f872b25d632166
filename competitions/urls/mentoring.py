"""Mentors' pages during a coaching round (mounted under /contests/mentoring/)."""

from django.urls import path

from ..views import mentoring

urlpatterns = [
    path("mentoring/rounds/<int:pk>/", mentoring.MentorRoundView.as_view(), name="mentor-round"),
    path(
        "mentoring/rounds/<int:pk>/entries/<int:entry_pk>/feedback/",
        mentoring.mentor_feedback_create,
        name="mentor-feedback-create",
    ),
]
