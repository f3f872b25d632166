"""Savings-and-loan groups (tổ TK&VV) the union manages for the bank, and their yearly grade."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from accounts.scoping import UnitScopedQuerySet, access_of, unit_scope_q
from common.history import history_user
from common.models import TimeStampedModel, actor_field
from common.search import FoldedTextIndex, SearchTextMixin, SearchTextQuerySet
from common.validators import validate_vietnamese_phone

from .branches import BankBranch

MIN_GROUP_MEMBERS = 5
MAX_GROUP_MEMBERS = 60
GOOD_GRADE_TARGET = 98  # % of groups graded "khá" or better (plan-lao-cai §III.3)


class SavingsGroupQuerySet(SearchTextQuerySet, UnitScopedQuerySet):
    def visible_to(self, user):
        if access_of(user).is_superuser:
            return self.all()  # `Q() | Q(...)` would narrow a superuser's empty filter to the second part
        branches = BankBranch.objects.of_liaison(user).values("pk")
        return self.filter(unit_scope_q(user, lookup="unit") | Q(branch__in=branches))


class SavingsGroup(SearchTextMixin, TimeStampedModel):
    """A savings-and-loan group (tổ tiết kiệm và vay vốn) the union manages for the bank."""

    search_text_from = ("name", "leader_name", "hamlet")

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị quản lý"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên tổ"), max_length=255)
    leader_name = models.CharField(_("tổ trưởng"), max_length=150)
    leader_phone = models.CharField(
        _("điện thoại tổ trưởng"), max_length=20, blank=True, validators=[validate_vietnamese_phone]
    )
    hamlet = models.CharField(_("thôn, bản, tổ dân phố"), max_length=150)
    branch = models.ForeignKey(
        BankBranch,
        verbose_name=_("phòng giao dịch NHCSXH"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
    )
    member_count = models.PositiveSmallIntegerField(
        _("số thành viên"),
        validators=[MinValueValidator(MIN_GROUP_MEMBERS), MaxValueValidator(MAX_GROUP_MEMBERS)],
        help_text=_("Từ 5 đến 60 thành viên."),
    )
    outstanding_balance = models.PositiveBigIntegerField(_("dư nợ (đồng)"), default=0)
    overdue_balance = models.PositiveBigIntegerField(_("nợ quá hạn (đồng)"), default=0)
    savings_balance = models.PositiveBigIntegerField(_("tiền gửi tiết kiệm (đồng)"), default=0)
    balances_on = models.DateField(_("số liệu tính đến ngày"), null=True, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_by = actor_field(_("người tạo"))

    objects = SavingsGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("tổ tiết kiệm và vay vốn")
        verbose_name_plural = _("tổ tiết kiệm và vay vốn")
        ordering = ["unit__path", "name"]
        indexes = [FoldedTextIndex(name="loans_group_search")]
        constraints = [
            models.CheckConstraint(
                condition=Q(member_count__gte=MIN_GROUP_MEMBERS) & Q(member_count__lte=MAX_GROUP_MEMBERS),
                name="loans_savingsgroup_members_5_to_60",
                violation_error_message=_("Tổ tiết kiệm và vay vốn phải có từ 5 đến 60 thành viên."),
            ),
            models.CheckConstraint(
                condition=Q(overdue_balance__lte=F("outstanding_balance")),
                name="loans_savingsgroup_overdue_within_outstanding",
                violation_error_message=_("Nợ quá hạn không thể lớn hơn dư nợ."),
            ),
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="loans_savingsgroup_unique_name",
                violation_error_message=_("Đơn vị đã có tổ tiết kiệm và vay vốn trùng tên."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("loans:group-detail", kwargs={"pk": self.pk})


class GroupGradeQuerySet(UnitScopedQuerySet):
    unit_lookup = "group__unit"

    def good(self):
        return self.filter(grade__in=GroupGrade.GOOD)


class GroupGrade(TimeStampedModel):
    """A group's grade for one year; one per group and year."""

    class Grade(models.TextChoices):
        EXCELLENT = "tot", _("Tốt")
        GOOD = "kha", _("Khá")
        AVERAGE = "trung_binh", _("Trung bình")
        WEAK = "yeu", _("Yếu")

    GOOD = (Grade.EXCELLENT, Grade.GOOD)

    group = models.ForeignKey(SavingsGroup, verbose_name=_("tổ"), on_delete=models.CASCADE, related_name="grades")
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    grade = models.CharField(_("xếp loại"), max_length=12, choices=Grade.choices)
    graded_on = models.DateField(_("ngày xếp loại"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    recorded_by = actor_field(_("người ghi nhận"))

    history = HistoricalRecords(get_user=history_user)
    objects = GroupGradeQuerySet.as_manager()

    class Meta:
        verbose_name = _("xếp loại tổ TK&VV")
        verbose_name_plural = _("xếp loại tổ TK&VV")
        ordering = ["-year", "group__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "year"],
                name="loans_groupgrade_once_per_year",
                violation_error_message=_("Tổ này đã được xếp loại cho năm này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.year}: {self.get_grade_display()}"

    @property
    def is_good(self) -> bool:
        return self.grade in self.GOOD
