"""The judge's pages (mounted under /contests/judging/)."""

from django.urls import path

from ..views import judging

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
]
