"""Provincial staff's pages: screening, extensions, rounds and the live final."""

from django.urls import path

from ..views import staff

urlpatterns = [
    path("<int:contest_pk>/screening/", staff.ScreeningListView.as_view(), name="screening-list"),
    path("entries/<int:pk>/screen/", staff.entry_screen, name="entry-screen"),
    path("<int:contest_pk>/extensions/new/", staff.ExtensionCreateView.as_view(), name="extension-create"),
    path("rounds/<int:pk>/", staff.RoundDetailView.as_view(), name="round-detail"),
    path("rounds/<int:pk>/assign/", staff.round_assign, name="round-assign"),
    path(
        "rounds/<int:pk>/assignments/new/", staff.RoundAssignmentCreateView.as_view(), name="round-assignment-create"
    ),
    path("assignments/<int:pk>/reopen/", staff.assignment_reopen, name="assignment-reopen"),
    path("rounds/<int:pk>/open/", staff.round_open, name="round-open"),
    path("rounds/<int:pk>/window/", staff.round_move_window, name="round-move-window"),
    path("rounds/<int:pk>/advance/", staff.round_advance, name="round-advance"),
    path("rounds/<int:pk>/complete/", staff.round_complete_coaching, name="round-complete-coaching"),
    path("rounds/<int:pk>/live/", staff.RoundLiveView.as_view(), name="round-live"),
    path("rounds/<int:pk>/live/status/", staff.RoundLiveStatusView.as_view(), name="round-live-status"),
    path("rounds/<int:pk>/stage/", staff.round_stage, name="round-stage"),
    path("rounds/<int:pk>/reveal/", staff.round_reveal, name="round-reveal"),
]
