"""The judge's pages (mounted under /contests/judging/), and the invitations of judges."""

from django.urls import path

from ..views import invitations, judging

urlpatterns = [
    path("judging/", judging.JudgeHomeView.as_view(), name="judge-home"),
    path("judging/rounds/<int:round_pk>/", judging.JudgeRoundView.as_view(), name="judge-round"),
    path("judging/assignments/<int:pk>/", judging.JudgeScorecardView.as_view(), name="judge-scorecard"),
    path("judging/assignments/<int:pk>/abstain/", judging.judge_abstain, name="judge-abstain"),
    path(
        "judging/assignments/<int:pk>/attachments/<int:attachment_pk>/",
        judging.judge_attachment_download,
        name="judge-attachment-download",
    ),
    # Judges invited, not created by hand: staff invite and follow; the invitee's link; the
    # judge's pledge, conflicts and load.
    path("<int:contest_pk>/invitations/", invitations.JudgeInviteView.as_view(), name="judge-invite"),
    path("invitations/<int:pk>/resend/", invitations.judge_invitation_resend, name="judge-invitation-resend"),
    path("invitations/<int:pk>/revoke/", invitations.judge_invitation_revoke, name="judge-invitation-revoke"),
    path(
        "judging/invitation/<str:token>/",
        invitations.JudgeInvitationAcceptView.as_view(),
        name="judge-invitation-accept",
    ),
    path("judging/contests/<int:contest_pk>/", invitations.JudgeContestView.as_view(), name="judge-contest"),
    path("judging/contests/<int:contest_pk>/pledge/", invitations.JudgePledgeView.as_view(), name="judge-pledge"),
    path(
        "judging/contests/<int:contest_pk>/conflicts/",
        invitations.JudgeConflictsView.as_view(),
        name="judge-conflicts",
    ),
    path(
        "judging/contests/<int:contest_pk>/conflicts/none/",
        invitations.judge_conflicts_none,
        name="judge-conflicts-none",
    ),
]
