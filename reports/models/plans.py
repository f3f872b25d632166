"""Issued plans (kế hoạch), their activities and their targets (chỉ tiêu).

A target reads its number either from a computed indicator of a programme app
(`reports.sources.indicators()`, by code) or from a field of the units' periodic
reports (by the report-form field code). Every target has a unit scope: each unit
of the given kinds must reach the value, or the province as a whole must.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import OwnedByUnit, OwnedQuerySet, Unit
from common.history import history_user
from common.models import TimeStampedModel, actor_field
from common.uploads import FileContentValidator

__all__ = ["Plan", "PlanActivity", "Target", "plan_document_path"]


def plan_document_path(instance: Plan, filename: str) -> str:
    return f"reports/plans/{instance.issued_on:%Y}/{filename}"


class PlanQuerySet(OwnedQuerySet):
    pass


class Plan(OwnedByUnit, TimeStampedModel):
    """An issued plan: "Kế hoạch số 106-KH/TĐTN-PT ngày 06/5/2019 …".

    Owned by the unit that runs it (its staff keep it, its activities and its targets);
    seen by the units above and below that unit."""

    number = models.CharField(_("số kế hoạch"), max_length=60, help_text=_("Ví dụ: 106-KH/TĐTN-PT."))
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=500)
    issuer = models.ForeignKey(
        Unit, verbose_name=_("đơn vị ban hành"), on_delete=models.PROTECT, related_name="reports_plans"
    )
    signed_by = models.CharField(
        _("người ký"), max_length=150, blank=True, help_text=_("Ví dụ: Phó Bí thư Thường trực Nguyễn Duy Dũng.")
    )
    start_date = models.DateField(_("thực hiện từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    summary = models.TextField(_("mục đích, yêu cầu"), blank=True)
    document = models.FileField(
        _("văn bản kế hoạch"),
        upload_to=plan_document_path,
        blank=True,
        validators=[FileContentValidator(kinds=("pdf", "docx"))],
        help_text=_("Bản PDF hoặc Word của kế hoạch đã ký."),
    )
    created_by = actor_field(_("người tạo"))

    history = HistoricalRecords(get_user=history_user)
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number"],
                name="reports_plan_unique_number",
                violation_error_message=_("Đơn vị này đã có kế hoạch mang số này."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="reports_plan_dates_in_order",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu thực hiện."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("reports:plan-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc phải sau ngày bắt đầu thực hiện.")})


class PlanActivity(TimeStampedModel):
    """One activity of a plan (§II): what, when, who leads it, which units take part."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="activities")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    content = models.TextField(_("nội dung hoạt động"))
    timeline = models.CharField(
        _("thời gian (như trong kế hoạch)"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Tháng 3/2021; trước ngày 30/8/2021."),
    )
    starts_on = models.DateField(_("bắt đầu"), null=True, blank=True)
    ends_on = models.DateField(_("hoàn thành trước"), null=True, blank=True)
    responsible = models.CharField(
        _("ban, đơn vị chủ trì"), max_length=255, blank=True, help_text=_("Ví dụ: Ban Phong trào Tỉnh đoàn.")
    )
    units = models.ManyToManyField(Unit, verbose_name=_("đơn vị thực hiện"), blank=True, related_name="+")
    units_note = models.CharField(
        _("đơn vị thực hiện (ghi chú)"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Huyện, Thành đoàn; Đoàn khối trường học."),
    )

    class Meta:
        verbose_name = _("hoạt động của kế hoạch")
        verbose_name_plural = _("hoạt động của kế hoạch")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="reports_planactivity_dates_in_order",
                violation_error_message=_("Ngày hoàn thành phải sau ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.content[:80]}"

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Ngày hoàn thành phải sau ngày bắt đầu.")})


class Target(TimeStampedModel):
    """A measurable target (chỉ tiêu) of a plan, with its unit scope and rule."""

    class Source(models.TextChoices):
        COMPUTED = "computed", _("Tính từ dữ liệu trên cổng")
        REPORTED = "reported", _("Do đơn vị báo cáo")

    class Scope(models.TextChoices):
        UNIT = "unit", _("Mỗi đơn vị phải đạt")
        PROVINCE = "province", _("Toàn tỉnh (tổng cộng)")

    class Comparison(models.TextChoices):
        AT_LEAST = "at_least", _("Ít nhất (≥ số lượng)")
        AT_LEAST_PERCENT = "at_least_percent", _("Ít nhất (≥ tỉ lệ %)")

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    label = models.CharField(
        _("chỉ tiêu"), max_length=255, help_text=_("Ví dụ: Mỗi đơn vị đăng ký ít nhất 05 ý tưởng dự thi.")
    )
    source = models.CharField(_("nguồn số liệu"), max_length=10, choices=Source.choices, default=Source.COMPUTED)
    indicator_code = models.CharField(_("chỉ số tính tự động"), max_length=100, blank=True)
    report_field_code = models.CharField(
        _("mã trường trong báo cáo định kỳ"),
        max_length=100,
        blank=True,
        help_text=_("Mã của ô số liệu trong mẫu báo cáo mà đơn vị điền, ví dụ: fanpage_posts."),
    )
    scope = models.CharField(_("phạm vi"), max_length=10, choices=Scope.choices, blank=True)
    unit_kinds = models.CharField(
        _("loại đơn vị phải đạt"),
        max_length=200,
        blank=True,
        help_text=_("Với chỉ tiêu theo từng đơn vị: các loại đơn vị phải đạt, cách nhau bởi dấu phẩy."),
    )
    comparison = models.CharField(
        _("cách so sánh"), max_length=20, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    value = models.DecimalField(
        _("mức phải đạt"), max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    period_start = models.DateField(_("tính từ ngày"), null=True, blank=True, help_text=_("Để trống: theo kế hoạch."))
    period_end = models.DateField(_("đến ngày"), null=True, blank=True, help_text=_("Để trống: theo kế hoạch."))

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=["unit", "province"]),
                name="reports_target_has_scope",
                violation_error_message=_("Chỉ tiêu phải có phạm vi: từng đơn vị hoặc toàn tỉnh."),
            ),
            models.CheckConstraint(
                condition=Q(scope="province") | ~Q(unit_kinds=""),
                name="reports_target_unit_scope_has_kinds",
                violation_error_message=_("Chỉ tiêu theo từng đơn vị phải chọn loại đơn vị phải đạt."),
            ),
            models.CheckConstraint(
                condition=(Q(source="computed") & ~Q(indicator_code=""))
                | (Q(source="reported") & ~Q(report_field_code="")),
                name="reports_target_has_source",
                violation_error_message=_("Chọn chỉ số tính tự động, hoặc mã trường báo cáo của đơn vị."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0) & (Q(comparison="at_least") | Q(value__lte=100)),
                name="reports_target_value_valid",
                violation_error_message=_("Mức phải đạt không được âm; tỉ lệ không quá 100%."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="reports_target_period_in_order",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def kinds(self) -> list[str]:
        return [k for k in (self.unit_kinds or "").split(",") if k]

    @property
    def kind_labels(self) -> list[str]:
        labels = dict(Unit.Kind.choices)
        return [str(labels.get(k, k)) for k in self.kinds]

    @property
    def start(self) -> datetime.date:
        return self.period_start or self.plan.start_date

    @property
    def end(self) -> datetime.date:
        return self.period_end or self.plan.end_date

    @property
    def is_percent(self) -> bool:
        return self.comparison == self.Comparison.AT_LEAST_PERCENT

    @property
    def indicator(self):
        from reports.planning import catalogue

        return catalogue.indicators().get(self.indicator_code) if self.source == self.Source.COMPUTED else None

    def clean(self) -> None:
        super().clean()
        from common.indicators import RATIO
        from reports.planning import catalogue

        errors: dict[str, object] = {}
        if not self.scope:
            errors["scope"] = _(
                "Chỉ tiêu phải có phạm vi: chọn “Mỗi đơn vị phải đạt” (và loại đơn vị) hoặc “Toàn tỉnh”."
            )
        elif self.scope == self.Scope.UNIT:
            unknown = [k for k in self.kinds if k not in Unit.Kind.values]
            if not self.kinds:
                errors["unit_kinds"] = _("Chỉ tiêu theo từng đơn vị phải chọn loại đơn vị phải đạt.")
            elif unknown:
                errors["unit_kinds"] = _("Loại đơn vị không hợp lệ: %(kinds)s.") % {"kinds": ", ".join(unknown)}
        if self.source == self.Source.COMPUTED:
            indicator = catalogue.indicators().get(self.indicator_code)
            if not self.indicator_code:
                errors["indicator_code"] = _("Chọn chỉ số tính tự động.")
            elif indicator is None:
                errors["indicator_code"] = _("Không có chỉ số “%(code)s” trên cổng.") % {"code": self.indicator_code}
            elif self.is_percent != (indicator.kind == RATIO):
                errors["comparison"] = (
                    _("Chỉ số này là tỉ lệ: chọn so sánh theo tỉ lệ %.")
                    if indicator.kind == RATIO
                    else _("Chỉ số này là số lượng: chọn so sánh theo số lượng.")
                )
        elif self.source == self.Source.REPORTED and not self.report_field_code.strip():
            errors["report_field_code"] = _("Nhập mã trường số liệu trong mẫu báo cáo của đơn vị.")
        if self.value is not None and self.is_percent and self.value > 100:
            errors["value"] = _("Tỉ lệ phải đạt không quá 100%.")
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("Ngày kết thúc phải sau ngày bắt đầu.")
        if errors:
            raise ValidationError(errors)
