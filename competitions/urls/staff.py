"""Provincial staff's pages: screening, extensions, rounds, decisions and prizes, the live final."""

from django.urls import path

from ..views.staff import decisions, live, promotion, rounds, screening

urlpatterns = [
    path("<int:contest_pk>/screening/", screening.ScreeningListView.as_view(), name="screening-list"),
    path("entries/<int:pk>/screen/", screening.entry_screen, name="entry-screen"),
    path("<int:contest_pk>/extensions/new/", screening.ExtensionCreateView.as_view(), name="extension-create"),
    path("rounds/<int:pk>/", rounds.RoundDetailView.as_view(), name="round-detail"),
    path("rounds/<int:pk>/assign/", rounds.round_assign, name="round-assign"),
    path(
        "rounds/<int:pk>/assignments/new/", rounds.RoundAssignmentCreateView.as_view(), name="round-assignment-create"
    ),
    path("assignments/<int:pk>/reopen/", rounds.assignment_reopen, name="assignment-reopen"),
    path("rounds/<int:pk>/open/", rounds.round_open, name="round-open"),
    path("rounds/<int:pk>/window/", rounds.round_move_window, name="round-move-window"),
    path("rounds/<int:pk>/advance/", decisions.round_advance, name="round-advance"),
    path("rounds/<int:pk>/complete/", rounds.round_complete_coaching, name="round-complete-coaching"),
    path("<int:contest_pk>/prizes/", decisions.PrizeAssignView.as_view(), name="prize-assign"),
    path("<int:contest_pk>/publish/", decisions.contest_publish, name="contest-publish"),
    path("<int:contest_pk>/no-prizes/", decisions.contest_no_prizes, name="contest-no-prizes"),
    path("<int:contest_pk>/promotions/", promotion.PromotionTakeView.as_view(), name="contest-promotions"),
    path("rounds/<int:pk>/live/", live.RoundLiveView.as_view(), name="round-live"),
    path("rounds/<int:pk>/live/status/", live.RoundLiveStatusView.as_view(), name="round-live-status"),
    path("rounds/<int:pk>/stage/", live.round_stage, name="round-stage"),
    path("rounds/<int:pk>/reveal/", live.round_reveal, name="round-reveal"),
]
