"""Periodic unit reports: schedules, their forms, periods and the reports units send.

Due rules (how a period's due date is found):

- RELATIVE: day `due_day` of the month `due_month_offset` months after the last month
  of the period (0 = inside the period's last month: "trước ngày 05 tháng cuối quý";
  1 = the month after the period: "trước ngày 05 tháng sau"). The day must exist in
  every month the rule can land on (day 30 is fine for quarters, not for months); for
  "the last day of the month" choose `due_last_day`, which is the month's own end
  (28/29 February, 30 April, 31 May).
- FIXED (yearly only): `due_day`/`due_month` of the reporting year (15/11). A date that
  does not exist every year (31/2, 30/2, 29/2) is refused; `due_last_day` with month 2
  means 28 or 29 February depending on the year.
"""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import OwnedByUnit, OwnedQuerySet, Unit
from accounts.scoping import UnitScopedQuerySet
from common.history import history_user
from common.models import TimeStampedModel, VoidableModel, VoidableQuerySetMixin, actor_field

__all__ = [
    "ReportField",
    "ReportValue",
    "ReportingPeriod",
    "ReportingSchedule",
    "UnitReport",
    "add_months",
    "month_end",
]


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


class ReportingScheduleQuerySet(OwnedQuerySet):
    pass


class ReportingSchedule(OwnedByUnit, TimeStampedModel):
    """A duty to report: how often, by when, which units, and the form to fill.

    Owned by the unit that runs it: the units of `unit_kinds` below that unit report to it,
    and the owner's staff review what they send."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Hằng tháng")
        QUARTERLY = "quarterly", _("Hằng quý")
        HALF_YEARLY = "half_yearly", _("6 tháng")
        YEARLY = "yearly", _("Hằng năm")

    class DueKind(models.TextChoices):
        RELATIVE = "relative", _("Ngày trong tháng, tính theo tháng cuối kỳ")
        FIXED = "fixed", _("Ngày/tháng cố định trong năm (chỉ báo cáo năm)")

    MONTHS_PER_PERIOD = {
        Frequency.MONTHLY: 1,
        Frequency.QUARTERLY: 3,
        Frequency.HALF_YEARLY: 6,
        Frequency.YEARLY: 12,
    }

    name = models.CharField(_("tên báo cáo"), max_length=200, unique=True)
    basis = models.CharField(
        _("căn cứ"), max_length=300, blank=True, help_text=_("Ví dụ: Kế hoạch số 106-KH/TĐTN-PT, mục IV.2.")
    )
    description = models.TextField(_("hướng dẫn"), blank=True)
    frequency = models.CharField(_("kỳ báo cáo"), max_length=20, choices=Frequency.choices)
    due_kind = models.CharField(_("cách tính hạn"), max_length=10, choices=DueKind.choices, default=DueKind.RELATIVE)
    due_day = models.PositiveSmallIntegerField(
        _("ngày hạn"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Để trống nếu chọn ngày cuối tháng."),
    )
    due_last_day = models.BooleanField(_("ngày cuối tháng"), default=False)
    due_month_offset = models.SmallIntegerField(
        _("tháng hạn so với tháng cuối kỳ"),
        default=0,
        validators=[MinValueValidator(-11), MaxValueValidator(12)],
        help_text=_("0 = trong tháng cuối kỳ (ví dụ: trước ngày 05 tháng cuối quý); 1 = tháng sau kỳ."),
    )
    due_month = models.PositiveSmallIntegerField(
        _("tháng hạn (ngày cố định)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    unit_kinds = models.JSONField(
        _("loại đơn vị phải báo cáo"), default=list, help_text=_("Ví dụ: Đoàn xã, phường, đặc khu.")
    )
    active_from = models.DateField(_("áp dụng từ"))
    active_until = models.DateField(_("áp dụng đến"), null=True, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    created_by = actor_field(_("người tạo"))

    objects = ReportingScheduleQuerySet.as_manager()

    class Meta:
        verbose_name = _("lịch báo cáo định kỳ")
        verbose_name_plural = _("lịch báo cáo định kỳ")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True) | Q(active_until__gte=F("active_from")),
                name="reports_schedule_active_in_order",
            ),
            models.CheckConstraint(
                condition=Q(due_day__isnull=False, due_last_day=False) | Q(due_day__isnull=True, due_last_day=True),
                name="reports_schedule_day_or_last_day",
            ),
            models.CheckConstraint(
                condition=Q(due_kind="relative", due_month__isnull=True)
                | Q(due_kind="fixed", frequency="yearly", due_month__isnull=False),
                name="reports_schedule_fixed_is_yearly_with_month",
            ),
            models.CheckConstraint(
                condition=Q(due_day__isnull=True) | Q(due_day__gte=1, due_day__lte=31),
                name="reports_schedule_due_day_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def reports_from(self, unit: Unit) -> bool:
        """True when `unit` owes this schedule's reports: of a listed kind, below the owner."""
        return unit.kind in self.unit_kinds and (unit.path or "").startswith(self.owner.path)

    # --- due rule -------------------------------------------------------------------

    @property
    def months_per_period(self) -> int:
        return self.MONTHS_PER_PERIOD[self.frequency]

    def _landing_months(self) -> set[int]:
        """The calendar months a relative rule can put a due date in."""
        step = self.months_per_period
        return {add_months(2000, end_month, self.due_month_offset)[1] for end_month in range(step, 13, step)}

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.due_last_day and self.due_day:
            errors["due_day"] = _("Chọn một ngày cụ thể hoặc “ngày cuối tháng”, không chọn cả hai.")
        elif not self.due_last_day and not self.due_day:
            errors["due_day"] = _("Nhập ngày hạn (1–31) hoặc chọn “ngày cuối tháng”.")
        if self.due_kind == self.DueKind.FIXED:
            if self.frequency != self.Frequency.YEARLY:
                errors["due_kind"] = _("Hạn ngày/tháng cố định chỉ dùng cho báo cáo năm.")
            if not self.due_month:
                errors["due_month"] = _("Nhập tháng của hạn cố định (1–12).")
            elif self.due_day and not self.due_last_day:
                # 2001 is not a leap year: a day must exist every year.
                longest = calendar.monthrange(2001, self.due_month)[1]
                if self.due_day > longest:
                    errors["due_day"] = _(
                        "Ngày %(day)02d/%(month)02d không có trong mọi năm. Chọn ngày khác hoặc “ngày cuối tháng”."
                    ) % {"day": self.due_day, "month": self.due_month}
        else:
            if self.due_month:
                errors["due_month"] = _("Tháng cố định chỉ dùng với hạn ngày/tháng cố định.")
            if self.due_day and not self.due_last_day and self.frequency:
                shortest = min(calendar.monthrange(2001, m)[1] for m in self._landing_months())
                if self.due_day > shortest:
                    errors["due_day"] = _(
                        "Ngày %(day)d không có trong mọi tháng hạn của lịch này (tháng ngắn nhất có %(short)d ngày). "
                        "Chọn ngày nhỏ hơn hoặc “ngày cuối tháng”."
                    ) % {"day": self.due_day, "short": shortest}
        if self.active_until and self.active_from and self.active_until < self.active_from:
            errors["active_until"] = _("Ngày kết thúc áp dụng phải sau ngày bắt đầu.")
        if not self.unit_kinds:
            errors["unit_kinds"] = _("Chọn ít nhất một loại đơn vị phải báo cáo.")
        else:
            unknown = set(self.unit_kinds) - set(Unit.Kind.values)
            if unknown:
                errors["unit_kinds"] = _("Loại đơn vị không hợp lệ: %(kinds)s.") % {
                    "kinds": ", ".join(sorted(unknown))
                }
        if errors:
            raise ValidationError(errors)

    def period_bounds(self, day: datetime.date) -> tuple[datetime.date, datetime.date]:
        """The period of this schedule that contains `day`."""
        step = self.months_per_period
        first_month = ((day.month - 1) // step) * step + 1
        start = datetime.date(day.year, first_month, 1)
        end = month_end(*add_months(day.year, first_month, step - 1))
        return start, end

    def due_for(self, start: datetime.date, end: datetime.date) -> datetime.date:
        """The due date of the period [start, end] (see the module docstring)."""
        if self.due_kind == self.DueKind.FIXED:
            year, month = end.year, self.due_month
        else:
            year, month = add_months(end.year, end.month, self.due_month_offset)
        last = calendar.monthrange(year, month)[1]
        if self.due_last_day:
            return datetime.date(year, month, last)
        # clean() refuses days that do not exist; clamp defensively for rows made elsewhere.
        return datetime.date(year, month, min(self.due_day or last, last))

    def period_label(self, start: datetime.date) -> str:
        if self.frequency == self.Frequency.MONTHLY:
            return _("Tháng %(month)02d/%(year)d") % {"month": start.month, "year": start.year}
        if self.frequency == self.Frequency.QUARTERLY:
            return _("Quý %(q)s/%(year)d") % {
                "q": ["I", "II", "III", "IV"][(start.month - 1) // 3],
                "year": start.year,
            }
        if self.frequency == self.Frequency.HALF_YEARLY:
            if start.month == 1:
                return _("6 tháng đầu năm %(year)d") % {"year": start.year}
            return _("6 tháng cuối năm %(year)d") % {"year": start.year}
        return _("Năm %(year)d") % {"year": start.year}

    @property
    def due_rule_display(self) -> str:
        if self.due_kind == self.DueKind.FIXED:
            if self.due_last_day:
                return _("Ngày cuối tháng %(month)02d hằng năm") % {"month": self.due_month}
            return _("Ngày %(day)02d/%(month)02d hằng năm") % {"day": self.due_day, "month": self.due_month}
        day = _("ngày cuối") if self.due_last_day else _("ngày %(day)02d") % {"day": self.due_day}
        offset = self.due_month_offset
        if offset == 0:
            where = _("tháng cuối kỳ")
        elif offset > 0:
            where = _("%(n)d tháng sau tháng cuối kỳ") % {"n": offset}
        else:
            where = _("%(n)d tháng trước tháng cuối kỳ") % {"n": -offset}
        return f"{day} {where}".capitalize()


class ReportField(models.Model):
    """One line of a schedule's report form."""

    class Kind(models.TextChoices):
        INTEGER = "integer", _("Số nguyên")
        NUMBER = "number", _("Số (có thể lẻ)")
        TEXT = "text", _("Văn bản")

    schedule = models.ForeignKey(
        ReportingSchedule, verbose_name=_("lịch báo cáo"), on_delete=models.CASCADE, related_name="fields"
    )
    code = models.SlugField(
        _("mã"), max_length=60, help_text=_("Mã ổn định, dùng cho chỉ tiêu và tổng hợp (ví dụ: so_mo_hinh_moi).")
    )
    label = models.CharField(_("nội dung"), max_length=300)
    kind = models.CharField(_("kiểu"), max_length=10, choices=Kind.choices, default=Kind.INTEGER)
    unit_label = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    required = models.BooleanField(_("bắt buộc"), default=True)
    indicator_code = models.CharField(
        _("chỉ số tính sẵn"),
        max_length=80,
        blank=True,
        help_text=_("Nếu có, ô được điền sẵn số liệu cổng đã ghi nhận cho đơn vị trong kỳ; đơn vị có thể sửa."),
    )
    help_text = models.CharField(_("hướng dẫn"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu báo cáo")
        verbose_name_plural = _("mẫu báo cáo")
        ordering = ["schedule", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "code"], name="reports_field_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_numeric(self) -> bool:
        return self.kind in (self.Kind.INTEGER, self.Kind.NUMBER)

    def clean(self) -> None:
        if self.indicator_code and self.kind == self.Kind.TEXT:
            raise ValidationError({"indicator_code": _("Chỉ ô số mới điền sẵn từ chỉ số.")})
        if self.indicator_code:
            from reports.periodic.selectors import indicator_catalogue

            if self.indicator_code not in indicator_catalogue():
                raise ValidationError(
                    {"indicator_code": _("Không có chỉ số mã “%(code)s”.") % {"code": self.indicator_code}}
                )


class ReportingPeriod(TimeStampedModel):
    """One period of a schedule (Quý I/2026) with its due date."""

    schedule = models.ForeignKey(
        ReportingSchedule, verbose_name=_("lịch báo cáo"), on_delete=models.CASCADE, related_name="periods"
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    due = models.DateField(_("hạn nộp"))
    label = models.CharField(_("kỳ"), max_length=60)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-start", "schedule__name"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "start"], name="reports_period_unique_start"),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="reports_period_in_order"),
        ]
        indexes = [models.Index(fields=["due"])]

    def __str__(self) -> str:
        return f"{self.schedule.name} – {self.label}"


class UnitReportQuerySet(VoidableQuerySetMixin, UnitScopedQuerySet):
    def with_related(self):
        return self.select_related("period__schedule__owner", "unit", "submitted_by", "reviewed_by")


class UnitReport(VoidableModel, TimeStampedModel):
    """What one unit reports for one period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
        RETURNED = "returned", _("Trả lại để sửa")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    # Statuses in which the unit has sent its report (the duty is done unless returned).
    SENT = (Status.SUBMITTED, Status.ACCEPTED)
    EDITABLE = (Status.DRAFT, Status.RETURNED)

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="reports"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="unit_reports")
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    notes = models.TextField(_("ghi chú của đơn vị"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = actor_field(_("người gửi"))
    submitted_late = models.BooleanField(_("gửi trễ hạn"), default=False)
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    reviewed_by = actor_field(_("người duyệt"))
    review_comment = models.TextField(_("ý kiến của Tỉnh đoàn"), blank=True)
    created_by = actor_field(_("người tạo"))

    history = HistoricalRecords(get_user=history_user)
    objects = UnitReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["period__due", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="reports_unitreport_unique_period_unit"),
            models.CheckConstraint(
                condition=Q(status__in=["draft"]) | Q(submitted_at__isnull=False),
                name="reports_unitreport_sent_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("reports:periodic-report", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_late(self) -> bool:
        """Sent after the due date, or still not sent after it."""
        if self.status in self.SENT:
            return self.submitted_late
        return timezone.localdate() > self.period.due


class ReportValue(models.Model):
    """One answer of a unit report."""

    report = models.ForeignKey(UnitReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="values")
    field = models.ForeignKey(ReportField, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="+")
    number = models.DecimalField(_("số liệu"), max_digits=18, decimal_places=2, null=True, blank=True)
    text = models.TextField(_("nội dung"), blank=True)
    prefilled = models.DecimalField(_("số liệu cổng ghi nhận"), max_digits=18, decimal_places=2, null=True, blank=True)

    # The figures of unit reports keep their history: every value a unit typed, who and when.
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = _("số liệu báo cáo")
        verbose_name_plural = _("số liệu báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["report", "field"], name="reports_value_unique_field"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=Decimal("0")), name="reports_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field.code}: {self.value}"

    @property
    def value(self):
        return self.number if self.field.is_numeric else self.text
