"""The council's ballot and votes; staff close nominations early, open and close the council, read the
tally, record the decision."""

from django.urls import path

from ..views import council as views

urlpatterns = [
    path("<int:programme_pk>/council/", views.CouncilBallotView.as_view(), name="council-ballot"),
    path("<int:programme_pk>/nominations/close/", views.NominationsCloseView.as_view(), name="nominations-close"),
    path("<int:programme_pk>/council/open/", views.council_open, name="council-open"),
    path("<int:programme_pk>/council/close/", views.council_close, name="council-close"),
    path("<int:programme_pk>/council/tally/", views.CouncilTallyView.as_view(), name="council-tally"),
    path("<int:programme_pk>/decision/", views.ProgrammeDecisionView.as_view(), name="programme-decision"),
    path("<int:programme_pk>/publish/", views.honour_roll_publish, name="honour-roll-publish"),
    path("nominations/<int:pk>/vote/", views.council_vote, name="council-vote"),
]
