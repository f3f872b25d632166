"""Generated files: consolidated reports of a period and large exports run by Celery.

A file field is set only once the file sits complete in its final place, in the same
UPDATE that marks the row done; a failed run leaves the fields empty and the error.

A run claims its row with a time stamp (`claimed_at`, which also tells that run's writes
from a later run's) and counts its `attempts`; while it works it refreshes `updated_at`
with its progress. A RUNNING row not refreshed for a while belongs to a dead worker and is
taken up again (see `reports.planning.services`).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import OwnedByUnit, OwnedQuerySet
from common.models import TimeStampedModel, actor_field

__all__ = ["ConsolidatedReport", "ExportJob"]


class OutputStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class ConsolidatedReportQuerySet(OwnedQuerySet):
    def visible_to(self, user):
        """Reports of the units whose plans the user may see (its owner's, above and below),
        and those the user asked for."""
        from accounts.scoping import access_of, owner_scope_q

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if access_of(user).is_superuser:  # Q() | Q(...) would keep only the second half
            return self.all()
        return self.filter(owner_scope_q(user) | Q(created_by=user))


class ConsolidatedReport(OwnedByUnit, TimeStampedModel):
    """A unit's figures for a period (its own and its subtree's, nothing beside it), as an
    Excel workbook and a PDF. Owned by that unit: its staff ask for it and are notified."""

    class Kind(models.TextChoices):
        MONTH = "month", _("Báo cáo tháng")
        QUARTER = "quarter", _("Báo cáo quý")
        HALF_YEAR = "half_year", _("Báo cáo 6 tháng")
        YEAR = "year", _("Báo cáo năm")
        CUSTOM = "custom", _("Theo khoảng thời gian")

    Status = OutputStatus

    kind = models.CharField(_("loại báo cáo"), max_length=10, choices=Kind.choices, default=Kind.CUSTOM)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    excel_file = models.FileField(_("tệp Excel"), upload_to="reports/consolidated/", blank=True)
    pdf_file = models.FileField(_("tệp PDF"), upload_to="reports/consolidated/", blank=True)
    scheduled = models.BooleanField(_("tạo tự động"), default=False)
    error = models.TextField(_("lỗi"), blank=True)
    generated_at = models.DateTimeField(_("tạo xong lúc"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("nhận xử lý lúc"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    created_by = actor_field(_("người yêu cầu"))

    objects = ConsolidatedReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("báo cáo tổng hợp")
        ordering = ["-period_end", "-created_at"]
        indexes = [models.Index(fields=["status", "updated_at"], name="reports_consolidated_claim_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="reports_consolidatedreport_period_in_order",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
            # The monthly beat run makes one report per period, however often it fires.
            models.UniqueConstraint(
                fields=["owner", "kind", "period_start", "period_end"],
                condition=Q(scheduled=True),
                name="reports_consolidatedreport_one_scheduled_per_period",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(excel_file="") & ~Q(pdf_file="")),
                name="reports_consolidatedreport_done_has_files",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("reports:consolidated-list")

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE


class ExportJob(TimeStampedModel):
    """A large export run by Celery, with its progress and, once done, its file."""

    class Kind(models.TextChoices):
        CONSOLIDATED = "consolidated", _("Báo cáo tổng hợp (Excel và PDF)")
        TARGETS_UNITS = "targets_units", _("Chỉ tiêu × đơn vị của kế hoạch (Excel)")

    Status = OutputStatus

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0, validators=[MaxValueValidator(100)])
    file = models.FileField(_("tệp"), upload_to="reports/exports/", blank=True)
    report = models.ForeignKey(
        ConsolidatedReport,
        verbose_name=_("báo cáo tổng hợp"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
    )
    error = models.TextField(_("lỗi"), blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("nhận xử lý lúc"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    requested_by = actor_field(_("người yêu cầu"))

    class Meta:
        verbose_name = _("tác vụ xuất dữ liệu")
        verbose_name_plural = _("tác vụ xuất dữ liệu")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "updated_at"], name="reports_exportjob_claim_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="reports_exportjob_progress_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("reports:export-detail", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
