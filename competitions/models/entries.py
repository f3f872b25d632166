"""Entries sent by units: the team, the files, and units' extra submission time."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from accounts.scoping import UnitScopedQuerySet, unit_scope_q
from common.history import history_user
from common.models import TimeStampedModel, actor_field
from common.search import FoldedTextIndex, SearchTextMixin, SearchTextQuerySet
from common.uploads import FileContentValidator
from ventures.models import Entrepreneur

from .contests import Category, Contest
from .rounds import Round


class EntryQuerySet(SearchTextQuerySet, UnitScopedQuerySet):
    def visible_to(self, user):
        """Entries of the units the user reaches, except the drafts young people have not sent
        to their unit yet; and an applicant's own ideas, whatever their state."""
        by_unit = unit_scope_q(user, lookup=self.unit_lookup) & ~Q(applicant__isnull=False, status=Entry.Status.DRAFT)
        if not user.is_authenticated:
            return self.filter(by_unit)
        return self.filter(by_unit | Q(applicant=user))

    def submitted(self):
        return self.exclude(status__in=Entry.NOT_SUBMITTED_STATUSES)

    def counting_for_quota(self):
        """Entries that take a place in the unit's quota (drafts do not)."""
        return self.filter(status__in=Entry.QUOTA_STATUSES)


class Entry(SearchTextMixin, TimeStampedModel):
    """An idea or project a unit sends to the contest, with its team."""

    search_text_from = ("code", "title")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SUBMITTED = "submitted", _("Đã nộp, chờ thẩm định")
        WITHDRAWN = "withdrawn", _("Đã rút")
        REJECTED = "rejected", _("Không đủ điều kiện")
        IN_COMPETITION = "in_competition", _("Đang dự thi")
        ELIMINATED = "eliminated", _("Dừng ở vòng")
        FINISHED = "finished", _("Hoàn thành chung kết")
        # An idea a young person sent themselves, until their unit endorses it (it is then
        # SUBMITTED and counts in the unit's quota) or returns it with a comment.
        SENT_TO_UNIT = "sent_to_unit", _("Đã gửi đơn vị, chờ xác nhận")
        RETURNED = "returned", _("Đơn vị trả lại")

    NOT_SUBMITTED_STATUSES = (Status.DRAFT, Status.WITHDRAWN, Status.SENT_TO_UNIT, Status.RETURNED)
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
    # The entry of a lower-level contest this one was taken from (`services.entries_take_winners`):
    # the team's idea moves up a level, the lower contest keeps its own entry and result.
    promoted_from = models.ForeignKey(
        "self",
        verbose_name=_("chuyển lên từ bài"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="promotions",
    )
    created_by = actor_field(_("người tạo"))
    # A young person's own idea (`services.apply`): its author's account, the team they typed
    # (plain rows until the unit endorses it and finds or adds each person in the registry),
    # and the unit's answer.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi ý tưởng"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    applicant_team = models.JSONField(_("nhóm tác giả do người gửi nhập"), default=list, blank=True)
    sent_to_unit_at = models.DateTimeField(_("gửi đơn vị lúc"), null=True, blank=True)
    unit_comment = models.TextField(_("ý kiến của đơn vị"), blank=True)
    unit_decided_by = actor_field(_("cán bộ đơn vị xác nhận"))
    unit_decided_at = models.DateTimeField(_("đơn vị trả lời lúc"), null=True, blank=True)

    history = HistoricalRecords(get_user=history_user, excluded_fields=["search_text"])
    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài dự thi")
        verbose_name_plural = _("bài dự thi")
        ordering = ["contest", "code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "code"], condition=~Q(code=""), name="competitions_entry_unique_code"
            ),
            models.UniqueConstraint(
                fields=["contest", "promoted_from"],
                condition=Q(promoted_from__isnull=False),
                name="competitions_entry_promoted_once",
                violation_error_message=_("Bài này đã được chuyển lên cuộc thi này."),
            ),
        ]
        indexes = [
            FoldedTextIndex(name="competitions_entry_search"),
            models.Index(fields=["contest", "unit", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("competitions:entry-detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT and self.applicant_id is None

    @property
    def is_application(self) -> bool:
        return self.applicant_id is not None


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
