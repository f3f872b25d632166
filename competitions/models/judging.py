"""Judges, their conflicts, scorecards with their scores, and mentors' feedback."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from common.history import history_user
from common.models import TimeStampedModel, actor_field

from .contests import Contest
from .entries import Entry
from .rounds import Criterion, Round


class JudgeQuerySet(models.QuerySet):
    def on_panel_of(self, round: Round):
        """Judges who judge `round`: those named for it, and those named for no round in
        particular (every scoring round of their contest)."""
        listed = Judge.rounds.through.objects.filter(judge_id=OuterRef("pk"))
        on_panel = ~Exists(listed) | Exists(listed.filter(round_id=round.pk))
        return self.filter(on_panel, contest_id=round.contest_id)

    def ready(self):
        """Judges who accepted the confidentiality pledge and declared their conflicts (or
        that they have none): the only ones given work."""
        return self.filter(pledged_at__isnull=False, conflicts_declared_at__isnull=False)


class Judge(TimeStampedModel):
    """A person on a contest's judging panel, and where they come from.

    `affiliation` is the unit the judge belongs to; with the judge's own officer
    memberships it decides conflicts of interest through the union tree. A judge
    from the province office has no affiliation and no tree conflict.

    `rounds` are the scoring rounds they judge (none named: every scoring round). Before
    any work a judge accepts the contest's confidentiality pledge (`pledged_at`, with the
    text they accepted) and declares their conflicts of interest, or that they have none
    (`conflicts_declared_at`); only then are they given entries and may they score.
    """

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("giám khảo"), on_delete=models.PROTECT, related_name="judgeships"
    )
    affiliation = models.ForeignKey(
        Unit, verbose_name=_("đơn vị công tác"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("chức danh"), max_length=150, blank=True)
    rounds = models.ManyToManyField(
        Round,
        verbose_name=_("vòng chấm"),
        blank=True,
        related_name="panel",
        help_text=_("Để trống nếu giám khảo chấm mọi vòng chấm điểm của cuộc thi."),
    )
    pledged_at = models.DateTimeField(_("cam kết bảo mật lúc"), null=True, blank=True)
    pledge_text = models.TextField(_("nội dung cam kết"), blank=True)
    conflicts_declared_at = models.DateTimeField(_("khai báo xung đột lợi ích lúc"), null=True, blank=True)

    history = HistoricalRecords(get_user=history_user)
    objects = JudgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("giám khảo")
        verbose_name_plural = _("giám khảo")
        constraints = [
            models.UniqueConstraint(fields=["contest", "user"], name="competitions_judge_once"),
            models.CheckConstraint(
                condition=Q(conflicts_declared_at__isnull=True) | Q(pledged_at__isnull=False),
                name="competitions_judge_pledge_before_declaration",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_ready(self) -> bool:
        return self.pledged_at is not None and self.conflicts_declared_at is not None


class ConflictQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A judge's own declarations, and those of the panels of the contests the user runs."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(judge__user=user) | Q(judge__contest__in=Contest.objects.run_by(user)))


class Conflict(TimeStampedModel):
    """A judge's declared conflict of interest with one entry, one unit (and the units below
    it) or one person of the registry (every entry whose team they are in), with a reason."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="conflicts")
    entry = models.ForeignKey(
        Entry, verbose_name=_("bài dự thi"), on_delete=models.CASCADE, null=True, blank=True, related_name="conflicts"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entrepreneur = models.ForeignKey(
        "ventures.Entrepreneur",
        verbose_name=_("người trong danh sách thanh niên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("lý do"), max_length=255)

    history = HistoricalRecords(get_user=history_user)
    objects = ConflictQuerySet.as_manager()

    class Meta:
        verbose_name = _("xung đột lợi ích")
        verbose_name_plural = _("xung đột lợi ích")
        constraints = [
            models.UniqueConstraint(fields=["judge", "entry"], name="competitions_conflict_once"),
            models.UniqueConstraint(fields=["judge", "unit"], name="competitions_conflict_unit_once"),
            models.UniqueConstraint(fields=["judge", "entrepreneur"], name="competitions_conflict_person_once"),
            models.CheckConstraint(
                condition=(Q(entry__isnull=False) & Q(unit__isnull=True) & Q(entrepreneur__isnull=True))
                | (Q(entry__isnull=True) & Q(unit__isnull=False) & Q(entrepreneur__isnull=True))
                | (Q(entry__isnull=True) & Q(unit__isnull=True) & Q(entrepreneur__isnull=False)),
                name="competitions_conflict_one_target",
                violation_error_message=_("Chọn đúng một: đơn vị, người hoặc bài dự thi."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judge} · {self.target}"

    @property
    def target(self):
        return self.entry or self.unit or self.entrepreneur


class Assignment(TimeStampedModel):
    """A judge is to score an entry in a round; holds the scorecard's state."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chưa chấm")
        DRAFT = "draft", _("Đang chấm")
        SUBMITTED = "submitted", _("Đã nộp phiếu")
        ABSTAINED = "abstained", _("Không chấm")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="assignments")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # Weighted total of the criteria scored so far, kept with every save so the judge's
    # list and the rankings read one column instead of summing score rows. Rankings and
    # exports count it only once the scorecard is submitted.
    total = models.DecimalField(_("tổng điểm"), max_digits=7, decimal_places=2, null=True, blank=True)
    abstain_reason = models.CharField(_("lý do không chấm"), max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    # Bumped on every save of the scorecard: two tabs saving an old version are refused.
    version = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = _("phân công chấm")
        verbose_name_plural = _("phân công chấm")
        ordering = ["round", "entry", "judge"]
        constraints = [
            models.UniqueConstraint(fields=["round", "judge", "entry"], name="competitions_assignment_once"),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(total__isnull=False),
                name="competitions_assignment_submitted_has_total",
            ),
        ]
        indexes = [models.Index(fields=["judge", "round", "status"])]

    def __str__(self) -> str:
        return f"{self.judge} · {self.entry}"

    @property
    def is_locked(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.ABSTAINED)


class Score(models.Model):
    """Points a judge gave one criterion of one entry."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2)
    # The criterion's maximum, copied so the database itself refuses a score above it.
    criterion_max = models.DecimalField(max_digits=5, decimal_places=2, editable=False)
    comment = models.TextField(_("nhận xét"), blank=True)

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="competitions_score_once"),
            models.CheckConstraint(
                condition=Q(points__gte=0) & Q(points__lte=F("criterion_max")),
                name="competitions_score_within_max",
                violation_error_message=_("Điểm phải từ 0 đến điểm tối đa của tiêu chí."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class MentorFeedback(TimeStampedModel):
    """A mentor's advice to a team during a coaching round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="feedback")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="feedback")
    mentor = actor_field(_("chuyên gia"))
    text = models.TextField(_("góp ý"))

    class Meta:
        verbose_name = _("góp ý tư vấn")
        verbose_name_plural = _("góp ý tư vấn")
        ordering = ["created_at"]
