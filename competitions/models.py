"""The startup idea contest: contests, rounds, criteria, entries, judging and prizes.

A contest has categories, prize tiers and an ordered list of rounds. A *scoring*
round has criteria and judges; a *coaching* round has mentors and lets teams upload
a revised version. An entry belongs to the unit that sent it, moves from draft to
submitted, is screened, then travels round by round: `Entry.round` is the round it
is in now, and `RoundResult` records how each round ended for it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from accounts.scoping import UnitScopedQuerySet
from common.history import history_user
from common.models import TimeStampedModel, actor_field
from common.uploads import FileContentValidator
from ventures.models import Entrepreneur


def contest_rules_path(instance: Contest, filename: str) -> str:
    return f"competitions/{instance.year}/rules/{filename}"


class ContestQuerySet(models.QuerySet):
    def published(self):
        return self.exclude(status=Contest.Status.DRAFT)


class Contest(TimeStampedModel):
    """One edition of the contest ("Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ IV")."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        OPEN = "open", _("Đang triển khai")
        FINISHED = "finished", _("Đã kết thúc")

    name = models.CharField(_("tên cuộc thi"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    slug = models.SlugField(_("đường dẫn công khai"), max_length=80, unique=True)
    description = models.TextField(_("giới thiệu"), blank=True)
    rules_document = models.FileField(
        _("thể lệ"),
        upload_to=contest_rules_path,
        blank=True,
        validators=[FileContentValidator(kinds=("pdf", "docx"))],
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submission_opens_at = models.DateTimeField(_("mở nhận bài từ"))
    submission_closes_at = models.DateTimeField(_("hạn nộp bài"))
    min_entries_per_unit = models.PositiveSmallIntegerField(
        _("số ý tưởng tối thiểu mỗi đơn vị"), default=5, help_text=_("Kế hoạch: mỗi đơn vị ít nhất 05 ý tưởng.")
    )
    max_entries_per_unit = models.PositiveSmallIntegerField(
        _("số ý tưởng tối đa mỗi đơn vị"), null=True, blank=True, help_text=_("Để trống nếu không giới hạn.")
    )
    max_team_size = models.PositiveSmallIntegerField(
        _("số thành viên tối đa mỗi nhóm"), default=3, validators=[MinValueValidator(1)]
    )
    min_age = models.PositiveSmallIntegerField(_("tuổi tối thiểu"), default=18)
    max_age = models.PositiveSmallIntegerField(_("tuổi tối đa"), default=35)
    age_reference_date = models.DateField(
        _("ngày tính tuổi"), help_text=_("Tuổi của thành viên được tính vào ngày này.")
    )
    results_published_at = models.DateTimeField(_("công bố kết quả lúc"), null=True, blank=True)
    results_published_by = actor_field(_("người công bố kết quả"))
    # Staff may record that an edition gives no prize (who, when, why): results can then
    # be published without awards. Set only through `services.contest_record_no_prizes`.
    no_prizes_reason = models.TextField(_("lý do không trao giải"), blank=True)
    no_prizes_at = models.DateTimeField(_("ghi nhận không trao giải lúc"), null=True, blank=True)
    no_prizes_by = actor_field(_("người ghi nhận không trao giải"))
    created_by = actor_field(_("người tạo"))

    history = HistoricalRecords(get_user=history_user)
    objects = ContestQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc thi")
        verbose_name_plural = _("cuộc thi")
        ordering = ["-year", "-submission_opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission_closes_at__gt=F("submission_opens_at")),
                name="competitions_contest_window_in_order",
                violation_error_message=_("Hạn nộp bài phải sau ngày mở nhận bài."),
            ),
            models.CheckConstraint(
                condition=Q(max_entries_per_unit__isnull=True)
                | Q(max_entries_per_unit__gte=F("min_entries_per_unit")),
                name="competitions_contest_quota_in_order",
                violation_error_message=_("Số ý tưởng tối đa phải không nhỏ hơn số tối thiểu."),
            ),
            models.CheckConstraint(
                condition=Q(max_age__gte=F("min_age")),
                name="competitions_contest_ages_in_order",
                violation_error_message=_("Tuổi tối đa phải không nhỏ hơn tuổi tối thiểu."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("competitions:contest-detail", kwargs={"pk": self.pk})

    def accepts_submissions_at(self, moment: datetime.datetime) -> bool:
        return self.status == self.Status.OPEN and self.submission_opens_at <= moment <= self.submission_closes_at


class Category(models.Model):
    """A field (lĩnh vực) entries are filed under."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("lĩnh vực"), max_length=150)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("lĩnh vực dự thi")
        verbose_name_plural = _("lĩnh vực dự thi")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "name"], name="competitions_category_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class PrizeTier(models.Model):
    """Giải Nhất, Nhì, Ba, Khuyến khích: how many of each and the amount."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="prize_tiers")
    name = models.CharField(_("tên giải"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("thứ bậc"), help_text=_("1 là giải cao nhất."))
    count = models.PositiveSmallIntegerField(_("số giải"), default=1)
    amount = models.PositiveBigIntegerField(_("tiền thưởng mỗi giải (đồng)"), default=0)

    class Meta:
        verbose_name = _("cơ cấu giải")
        verbose_name_plural = _("cơ cấu giải")
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "rank"], name="competitions_prizetier_unique_rank"),
        ]

    def __str__(self) -> str:
        return self.name


class Round(TimeStampedModel):
    """A stage of the contest: a scoring round or a coaching period."""

    class Kind(models.TextChoices):
        SCORING = "scoring", _("Vòng chấm điểm")
        COACHING = "coaching", _("Tư vấn, hoàn thiện")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chưa bắt đầu")
        OPEN = "open", _("Đang diễn ra")
        CLOSED = "closed", _("Đã kết thúc")

    contest = models.ForeignKey(Contest, verbose_name=_("cuộc thi"), on_delete=models.CASCADE, related_name="rounds")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên vòng"), max_length=150)
    kind = models.CharField(_("loại vòng"), max_length=10, choices=Kind.choices, default=Kind.SCORING)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    opens_at = models.DateTimeField(_("bắt đầu"))
    closes_at = models.DateTimeField(_("kết thúc"))
    judges_per_entry = models.PositiveSmallIntegerField(_("số giám khảo mỗi bài"), default=3)
    is_blind = models.BooleanField(
        _("chấm ẩn danh"), default=True, help_text=_("Giám khảo không thấy tên nhóm và đơn vị gửi bài.")
    )
    is_live = models.BooleanField(
        _("chung kết trực tiếp"), default=False, help_text=_("Các nhóm thuyết trình; giám khảo chấm tại chỗ.")
    )
    advance_count = models.PositiveSmallIntegerField(
        _("số bài vào vòng sau"), null=True, blank=True, help_text=_("Lấy N bài điểm cao nhất.")
    )
    advance_threshold = models.DecimalField(
        _("điểm sàn vào vòng sau"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Hoặc mọi bài có điểm trung bình từ mức này trở lên."),
    )
    mentors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("chuyên gia tư vấn"), blank=True, related_name="mentored_rounds"
    )
    on_stage = models.ForeignKey(
        "Entry",
        verbose_name=_("bài đang thuyết trình"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ranking_revealed_at = models.DateTimeField(_("công bố xếp hạng lúc"), null=True, blank=True)
    decided_at = models.DateTimeField(_("chốt kết quả lúc"), null=True, blank=True)
    decided_by = actor_field(_("người chốt kết quả"))

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = _("vòng thi")
        verbose_name_plural = _("vòng thi")
        ordering = ["contest", "order"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "order"], name="competitions_round_unique_order"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="competitions_round_window_in_order",
                violation_error_message=_("Thời gian kết thúc phải sau thời gian bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(judges_per_entry__gte=1),
                name="competitions_round_at_least_one_judge",
                violation_error_message=_("Mỗi bài cần ít nhất một giám khảo."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contest} · {self.name}"

    @property
    def is_scoring(self) -> bool:
        return self.kind == self.Kind.SCORING

    def is_open_at(self, moment: datetime.datetime) -> bool:
        return self.status == self.Status.OPEN and self.opens_at <= moment <= self.closes_at

    def state_at(self, moment: datetime.datetime) -> RoundState:
        """The one answer to "can people work in this round now, and why": status + window + now.

        Every page (staff, judge, mentor) shows this, so they never disagree.
        """
        return round_state(
            status=self.status,
            opens_at=self.opens_at,
            closes_at=self.closes_at,
            decided_at=self.decided_at,
            moment=moment,
        )

    def clean(self) -> None:
        super().clean()
        if self.advance_count is not None and self.advance_threshold is not None:
            raise ValidationError(_("Chọn một cách vào vòng sau: số bài cao nhất hoặc điểm sàn, không cả hai."))


@dataclass(frozen=True)
class RoundState:
    """A round's state at a moment and the sentence that explains it."""

    PENDING: ClassVar[str] = "pending"  # staff have not opened it
    NOT_YET: ClassVar[str] = "not_yet"  # opened, its window not yet begun
    OPEN: ClassVar[str] = "open"
    CLOSED: ClassVar[str] = "closed"  # window over or closed, not decided
    DECIDED: ClassVar[str] = "decided"

    code: str
    reason: str

    @property
    def is_open(self) -> bool:
        return self.code == self.OPEN


def round_state(
    *,
    status: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    decided_at: datetime.datetime | None,
    moment: datetime.datetime,
) -> RoundState:
    """A round's state from its own fields, for pages that read rounds as plain values."""

    def shown(value: datetime.datetime) -> str:
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")

    if decided_at is not None:
        return RoundState(RoundState.DECIDED, gettext("Đã chốt kết quả lúc %(when)s") % {"when": shown(decided_at)})
    if status == Round.Status.CLOSED:
        return RoundState(RoundState.CLOSED, gettext("Đã đóng, chờ chốt kết quả"))
    if status == Round.Status.PENDING:
        return RoundState(RoundState.PENDING, gettext("Chưa mở – dự kiến mở từ %(when)s") % {"when": shown(opens_at)})
    if moment < opens_at:
        return RoundState(RoundState.NOT_YET, gettext("Chưa mở – mở từ %(when)s") % {"when": shown(opens_at)})
    if moment > closes_at:
        return RoundState(
            RoundState.CLOSED, gettext("Đã đóng lúc %(when)s, chờ chốt kết quả") % {"when": shown(closes_at)}
        )
    return RoundState(RoundState.OPEN, gettext("Đang mở đến %(when)s") % {"when": shown(closes_at)})


class RoundDecisionException(TimeStampedModel):
    """Staff decided a round while scorecards were still missing: who, when, why and which entries.

    Made only by `services.round_advance_with_exception`; shown on the ranking page, its
    PDF and Excel, and the public results.
    """

    round = models.OneToOneField(
        Round, verbose_name=_("vòng thi"), on_delete=models.PROTECT, related_name="decision_exception"
    )
    reason = models.TextField(_("lý do"))
    entries = models.ManyToManyField("Entry", verbose_name=_("bài còn thiếu phiếu"), related_name="+")
    # What was missing when staff decided, as they saw it: code, title, submitted/required.
    missing = models.JSONField(_("phiếu còn thiếu"), default=list)
    decided_by = actor_field(_("người quyết định"))
    decided_at = models.DateTimeField(_("quyết định lúc"))

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = _("chốt kết quả khi thiếu phiếu chấm")
        verbose_name_plural = _("chốt kết quả khi thiếu phiếu chấm")

    def __str__(self) -> str:
        return str(self.round)

    @property
    def entry_codes(self) -> str:
        return ", ".join(row.get("code") or row.get("title", "") for row in self.missing)


class Criterion(models.Model):
    """One line of a scorecard (phiếu chấm): what is judged and its maximum points."""

    round = models.ForeignKey(Round, verbose_name=_("vòng thi"), on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("tiêu chí"), max_length=255)
    description = models.TextField(_("hướng dẫn chấm"), blank=True)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.5"))]
    )
    weight = models.DecimalField(
        _("hệ số"), max_digits=4, decimal_places=2, default=Decimal("1"), validators=[MinValueValidator(Decimal("0"))]
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tiêu chí chấm")
        verbose_name_plural = _("tiêu chí chấm")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class EntryQuerySet(UnitScopedQuerySet):
    def submitted(self):
        return self.exclude(status__in=[Entry.Status.DRAFT, Entry.Status.WITHDRAWN])

    def counting_for_quota(self):
        """Entries that take a place in the unit's quota (drafts do not)."""
        return self.filter(status__in=Entry.QUOTA_STATUSES)


class Entry(TimeStampedModel):
    """An idea or project a unit sends to the contest, with its team."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SUBMITTED = "submitted", _("Đã nộp, chờ thẩm định")
        WITHDRAWN = "withdrawn", _("Đã rút")
        REJECTED = "rejected", _("Không đủ điều kiện")
        IN_COMPETITION = "in_competition", _("Đang dự thi")
        ELIMINATED = "eliminated", _("Dừng ở vòng")
        FINISHED = "finished", _("Hoàn thành chung kết")

    QUOTA_STATUSES = (Status.SUBMITTED, Status.IN_COMPETITION, Status.ELIMINATED, Status.FINISHED, Status.REJECTED)

    contest = models.ForeignKey(Contest, verbose_name=_("cuộc thi"), on_delete=models.PROTECT, related_name="entries")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị gửi bài"), on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        Category, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="entries"
    )
    code = models.CharField(_("mã bài"), max_length=20, blank=True, help_text=_("Cấp khi nộp, ví dụ IV-017."))
    title = models.CharField(_("tên ý tưởng, dự án"), max_length=255)
    summary = models.TextField(_("tóm tắt"))
    problem = models.TextField(_("vấn đề cần giải quyết"), blank=True)
    solution = models.TextField(_("giải pháp, sản phẩm"), blank=True)
    market = models.TextField(_("khách hàng và thị trường"), blank=True)
    business_model = models.TextField(_("mô hình kinh doanh"), blank=True)
    capital_needed = models.PositiveBigIntegerField(_("vốn cần huy động (đồng)"), default=0)
    video_url = models.URLField(_("đường dẫn video giới thiệu"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    round = models.ForeignKey(
        Round,
        verbose_name=_("vòng hiện tại"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    rejection_reason = models.TextField(_("lý do không đủ điều kiện"), blank=True)
    screened_by = actor_field(_("người thẩm định"))
    screened_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)
    capital_support = models.BooleanField(
        _("đề xuất hỗ trợ vốn"), default=False, help_text=_("Chuyển sang giới thiệu vay vốn sau cuộc thi.")
    )
    venture = models.ForeignKey(
        "ventures.Venture",
        verbose_name=_("mô hình kinh tế"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contest_entries",
    )
    created_by = actor_field(_("người tạo"))

    history = HistoricalRecords(get_user=history_user)
    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài dự thi")
        verbose_name_plural = _("bài dự thi")
        ordering = ["contest", "code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "code"], condition=~Q(code=""), name="competitions_entry_unique_code"
            ),
        ]
        indexes = [models.Index(fields=["contest", "unit", "status"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("competitions:entry-detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class TeamMember(models.Model):
    """A young person on an entry's team, linked to the one registry record."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Trưởng nhóm")
        MEMBER = "member", _("Thành viên")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="team")
    entrepreneur = models.ForeignKey(
        Entrepreneur, verbose_name=_("thành viên"), on_delete=models.PROTECT, related_name="contest_teams"
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    responsibility = models.CharField(_("nhiệm vụ trong nhóm"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("thành viên nhóm")
        verbose_name_plural = _("thành viên nhóm")
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "entrepreneur"], name="competitions_teammember_once_per_entry"),
            models.UniqueConstraint(
                fields=["entry"], condition=Q(role="lead"), name="competitions_teammember_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entrepreneur} ({self.get_role_display()})"


def entry_attachment_path(instance: EntryAttachment, filename: str) -> str:
    return f"competitions/entries/{instance.entry_id}/{filename}"


class EntryAttachment(TimeStampedModel):
    class Kind(models.TextChoices):
        BUSINESS_PLAN = "business_plan", _("Kế hoạch kinh doanh")
        SLIDES = "slides", _("Bài trình chiếu")
        IMAGE = "image", _("Hình ảnh")
        OTHER = "other", _("Tài liệu khác")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=Kind.choices)
    file = models.FileField(
        _("tệp"),
        upload_to=entry_attachment_path,
        validators=[FileContentValidator(kinds=("pdf", "docx", "pptx", "jpeg", "png"))],
    )
    revision_round = models.ForeignKey(
        Round,
        verbose_name=_("bản hoàn thiện sau vòng"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Trống với bản gốc; ghi vòng tư vấn với bản đã hoàn thiện."),
    )
    uploaded_by = actor_field(_("người tải lên"))

    class Meta:
        verbose_name = _("tài liệu bài dự thi")
        verbose_name_plural = _("tài liệu bài dự thi")
        ordering = ["revision_round", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.entry}"


class UnitExtension(TimeStampedModel):
    """Staff let one unit submit after the contest's deadline, until a new moment."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    until = models.DateTimeField(_("gia hạn đến"))
    reason = models.TextField(_("lý do"))
    granted_by = actor_field(_("người cho gia hạn"))

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = _("gia hạn nộp bài")
        verbose_name_plural = _("gia hạn nộp bài")
        constraints = [
            models.UniqueConstraint(fields=["contest", "unit"], name="competitions_unitextension_one_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.until:%d/%m/%Y %H:%M}"


class Judge(TimeStampedModel):
    """A person on a contest's judging panel, and where they come from.

    `affiliation` is the unit the judge belongs to; with the judge's own officer
    memberships it decides conflicts of interest through the union tree. A judge
    from the province office has no affiliation and no tree conflict.
    """

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("giám khảo"), on_delete=models.PROTECT, related_name="judgeships"
    )
    affiliation = models.ForeignKey(
        Unit, verbose_name=_("đơn vị công tác"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("chức danh"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("giám khảo")
        verbose_name_plural = _("giám khảo")
        constraints = [models.UniqueConstraint(fields=["contest", "user"], name="competitions_judge_once")]

    def __str__(self) -> str:
        return str(self.user)


class Conflict(TimeStampedModel):
    """A judge's declared conflict of interest with one entry (relative, business partner…)."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="conflicts")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(_("lý do"), max_length=255)

    class Meta:
        verbose_name = _("xung đột lợi ích")
        verbose_name_plural = _("xung đột lợi ích")
        constraints = [models.UniqueConstraint(fields=["judge", "entry"], name="competitions_conflict_once")]


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


class RoundResult(TimeStampedModel):
    """How a round ended for an entry: its rank and scores when staff decided."""

    class Outcome(models.TextChoices):
        ADVANCED = "advanced", _("Vào vòng sau")
        ELIMINATED = "eliminated", _("Dừng")
        FINALIST = "finalist", _("Hoàn thành chung kết")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="results")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="round_results")
    rank = models.PositiveIntegerField(_("xếp hạng"), null=True, blank=True)
    mean = models.DecimalField(_("điểm trung bình"), max_digits=7, decimal_places=2, null=True, blank=True)
    median = models.DecimalField(_("trung vị"), max_digits=7, decimal_places=2, null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=12, choices=Outcome.choices)

    class Meta:
        verbose_name = _("kết quả vòng")
        verbose_name_plural = _("kết quả vòng")
        ordering = ["round", "rank"]
        constraints = [models.UniqueConstraint(fields=["round", "entry"], name="competitions_roundresult_once")]


class Award(TimeStampedModel):
    """A prize given to an entry after the final."""

    tier = models.ForeignKey(PrizeTier, verbose_name=_("giải"), on_delete=models.PROTECT, related_name="awards")
    entry = models.OneToOneField(Entry, verbose_name=_("bài dự thi"), on_delete=models.PROTECT, related_name="award")
    awarded_by = actor_field(_("người trao"))
    # The day the prize was given (the fact reports count by), set by the service that gives it.
    awarded_on = models.DateField(_("ngày trao giải"), null=True, blank=True)

    class Meta:
        verbose_name = _("giải thưởng")
        verbose_name_plural = _("giải thưởng")
        ordering = ["tier__rank", "entry__code"]

    def __str__(self) -> str:
        return f"{self.tier} · {self.entry}"
