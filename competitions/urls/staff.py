"""Provincial staff's pages: screening, extensions, rounds, decisions and prizes, the live final,
and the guided set-up of a contest."""

from django.urls import path

from ..views.staff import decisions, live, promotion, rounds, screening, setup

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
    # The guided set-up (issue 18 §1): a new contest or a copy of last year's, then step by step.
    path("setup/new/", setup.ContestSetupStartView.as_view(), name="contest-setup-start"),
    path("setup/copy/", setup.contest_setup_copy, name="contest-setup-copy"),
    path("<int:contest_pk>/setup/", setup.contest_setup, name="contest-setup"),
    path("<int:contest_pk>/setup/basics/", setup.SetupBasicsView.as_view(), name="contest-setup-basics"),
    path("<int:contest_pk>/setup/categories/", setup.SetupCategoriesView.as_view(), name="contest-setup-categories"),
    path("<int:contest_pk>/setup/submission/", setup.SetupSubmissionView.as_view(), name="contest-setup-submission"),
    path("<int:contest_pk>/setup/ages/", setup.SetupEligibilityView.as_view(), name="contest-setup-eligibility"),
    path("<int:contest_pk>/setup/team/", setup.SetupTeamView.as_view(), name="contest-setup-team"),
    path("<int:contest_pk>/setup/prizes/", setup.SetupPrizesView.as_view(), name="contest-setup-prizes"),
    path("<int:contest_pk>/setup/rounds/", setup.SetupRoundsView.as_view(), name="contest-setup-rounds"),
    path("rounds/<int:pk>/setup/criteria/", setup.RoundCriteriaView.as_view(), name="round-setup-criteria"),
    path("<int:contest_pk>/setup/judges/", setup.SetupJudgesView.as_view(), name="contest-setup-judges"),
    path("<int:contest_pk>/setup/preview/", setup.SetupPreviewView.as_view(), name="contest-setup-preview"),
    path("<int:contest_pk>/setup/open/", setup.SetupOpenView.as_view(), name="contest-setup-open"),
    path(
        "<int:contest_pk>/submission/close/",
        screening.ContestCloseSubmissionView.as_view(),
        name="contest-close-submission",
    ),
]
