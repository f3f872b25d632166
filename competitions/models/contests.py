"""A contest edition, its categories (fields) and its prize tiers."""

from __future__ import annotations

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import OwnedByUnit, OwnedQuerySet
from accounts.scoping import access_of
from common.history import history_user
from common.models import CertificateIssuer, TimeStampedModel, actor_field
from common.uploads import FileContentValidator


def contest_rules_path(instance: Contest, filename: str) -> str:
    return f"competitions/{instance.year}/rules/{filename}"


class ContestQuerySet(OwnedQuerySet):
    def published(self):
        return self.exclude(status=Contest.Status.DRAFT)

    def visible_to(self, user):
        """Contests run by a unit the user reaches or by a unit above theirs (`OwnedQuerySet`);
        a draft only to the staff of its owner or of a unit above the owner."""
        access = access_of(user)
        visible = super().visible_to(user)
        if access.is_superuser:
            return visible
        drafts_seen = Q()
        for path in access.staff_paths:
            drafts_seen |= Q(owner__path__startswith=path)
        return visible.filter(~Q(status=Contest.Status.DRAFT) | drafts_seen) if drafts_seen else visible.published()


class Contest(OwnedByUnit, CertificateIssuer, TimeStampedModel):
    """One edition of the contest ("Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ IV"). Its prize
    certificates are numbered in its own register and signed by `signer_name` (`CertificateIssuer`)."""

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
    # The set-up steps staff have saved in the staff pages' guided set-up (`SETUP_STEPS` keys of
    # `selectors.setup`); the checklist asks for each of them before the contest may open.
    setup_steps = models.JSONField(_("các bước thiết lập đã lưu"), default=list, blank=True)
    # Staff closed the submission window before its deadline: when, who and why (the deadline
    # itself moved to that moment; the earlier one stays in the history).
    submission_closed_early_at = models.DateTimeField(_("đóng nhận bài sớm lúc"), null=True, blank=True)
    submission_closed_early_by = actor_field(_("người đóng nhận bài sớm"))
    submission_closed_early_reason = models.TextField(_("lý do đóng nhận bài sớm"), blank=True)

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
