"""Invitations to a contest's panel: staff invite a judge or a mentor by email."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from common.history import history_user
from common.models import TimeStampedModel, actor_field

from .contests import Contest
from .judging import Judge
from .rounds import Round


class JudgeInvitationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Invitations of the contests the user runs (the staff of the contest's owner unit)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(contest__in=Contest.objects.run_by(user))


class JudgeInvitation(TimeStampedModel):
    """Staff invited someone by email to judge (or mentor) rounds of a contest.

    Made only by `services.judge_invite`. An address with no account gets a new account
    (no usable password, no admin access) and a link to set a password: the invitation is
    `sent` until the link is used (`accepted`), and the link dies at `expires_at`, when staff
    resend it (a new link) or revoke the invitation. An address that already has an account
    keeps it, gets the role at once and an email saying so: its invitation is accepted as sent.
    The link's secret (`nonce`) is emptied once it is used or revoked.
    """

    class Role(models.TextChoices):
        JUDGE = "judge", _("Giám khảo")
        MENTOR = "mentor", _("Chuyên gia tư vấn")

    class Status(models.TextChoices):
        SENT = "sent", _("Đã gửi")
        ACCEPTED = "accepted", _("Đã nhận lời")
        REVOKED = "revoked", _("Đã thu hồi")

    EXPIRED = "expired"  # a sent invitation past `expires_at` (a state shown, never stored)

    contest = models.ForeignKey(
        Contest, verbose_name=_("cuộc thi"), on_delete=models.CASCADE, related_name="judge_invitations"
    )
    email = models.EmailField(_("email"))
    full_name = models.CharField(_("họ và tên"), max_length=150)
    title = models.CharField(_("chức danh"), max_length=150, blank=True)
    affiliation = models.ForeignKey(
        Unit, verbose_name=_("đơn vị công tác"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.JUDGE)
    rounds = models.ManyToManyField(Round, verbose_name=_("vòng thi"), related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.PROTECT, related_name="+"
    )
    judge = models.ForeignKey(
        Judge, verbose_name=_("giám khảo"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_account = models.BooleanField(_("tạo tài khoản mới"), default=False)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.SENT)
    nonce = models.CharField(max_length=64, blank=True, editable=False)
    sent_at = models.DateTimeField(_("gửi lúc"))
    send_count = models.PositiveSmallIntegerField(_("số lần gửi"), default=1)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("nhận lời lúc"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = actor_field(_("người thu hồi"))
    invited_by = actor_field(_("người mời"))

    history = HistoricalRecords(get_user=history_user, excluded_fields=["nonce"])
    objects = JudgeInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("lời mời giám khảo")
        verbose_name_plural = _("lời mời giám khảo")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "email", "role"],
                condition=Q(status="sent"),
                name="competitions_judgeinvitation_one_open_per_address",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(created_account=False) | Q(expires_at__isnull=False),
                name="competitions_judgeinvitation_link_expires",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    def state_at(self, moment: datetime.datetime) -> str:
        """sent, expired, accepted or revoked."""
        if self.status == self.Status.SENT and self.expires_at is not None and moment > self.expires_at:
            return self.EXPIRED
        return self.status

    def state_label_at(self, moment: datetime.datetime) -> str:
        if self.state_at(moment) == self.EXPIRED:
            return str(_("Hết hạn"))
        return str(self.get_status_display())
