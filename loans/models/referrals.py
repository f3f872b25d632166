"""Loan programmes, the referrals made to them and the dated steps each referral went through."""

from __future__ import annotations

import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import OwnedByUnit, OwnedQuerySet, Unit
from accounts.scoping import UnitScopedQuerySet, access_of, owner_scope_q, unit_scope_q
from common.history import history_user
from common.models import TimeStampedModel, actor_field
from ventures.models import Entrepreneur, Venture

from .branches import BankBranch
from .groups import SavingsGroup


class LoanProgrammeQuerySet(OwnedQuerySet):
    def visible_to(self, user):
        """Programmes run by a unit the user reaches or by a unit above theirs (`OwnedQuerySet`),
        and for a bank liaison those of the provinces their branches serve."""
        if access_of(user).is_superuser:
            return self.all()  # `Q() | Q(...)` would narrow a superuser's empty filter to the second part
        provinces = BankBranch.objects.of_liaison(user).values("province")
        return self.filter(owner_scope_q(user) | Q(owner__in=provinces))

    def for_unit(self, unit: Unit):
        """Programmes a unit refers young people to: owned by the unit or a unit above it."""
        return self.filter(owner_id__in=[*unit.ancestor_ids, unit.pk])


class LoanProgramme(OwnedByUnit, TimeStampedModel):
    """A credit line the union refers young people to, with its limits.

    Owned by the union that refers young people to the lender under it (a province for its
    NHCSXH credit lines): its staff keep it; its units and those below refer to it."""

    class Lender(models.TextChoices):
        POLICY_BANK = "policy_bank", _("Ngân hàng Chính sách xã hội")
        UNION_FUND = "union_fund", _("Quỹ của Đoàn (Quỹ 120, Quỹ hỗ trợ thanh niên khởi nghiệp)")
        PROVINCE = "province", _("Ngân sách tỉnh ủy thác")
        OTHER = "other", _("Tổ chức khác")

    name = models.CharField(_("tên chương trình"), max_length=255)
    code = models.SlugField(_("mã"), max_length=50)
    lender = models.CharField(_("nguồn vốn"), max_length=20, choices=Lender.choices)
    lender_name = models.CharField(_("đơn vị cho vay"), max_length=255)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    description = models.TextField(_("đối tượng, điều kiện"), blank=True)
    max_per_borrower = models.PositiveBigIntegerField(
        _("mức vay tối đa mỗi người (đồng)"), validators=[MinValueValidator(1)]
    )
    max_per_project = models.PositiveBigIntegerField(
        _("mức vay tối đa mỗi dự án (đồng)"),
        null=True,
        blank=True,
        help_text=_("Cho cơ sở sản xuất kinh doanh, hợp tác xã, tổ hợp tác; để trống nếu không cho vay theo dự án."),
    )
    max_term_months = models.PositiveSmallIntegerField(_("thời hạn tối đa (tháng)"), validators=[MinValueValidator(1)])
    interest_rate = models.DecimalField(
        _("lãi suất (%/tháng)"), max_digits=5, decimal_places=3, validators=[MinValueValidator(0)]
    )
    takes_contest_entries = models.BooleanField(
        _("nhận dự án sau cuộc thi"),
        default=False,
        help_text=_("Dùng mặc định khi chuyển bài dự thi được đề xuất hỗ trợ vốn thành hồ sơ vay."),
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    objects = LoanProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("chương trình vay vốn")
        verbose_name_plural = _("chương trình vay vốn")
        ordering = ["-is_active", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_per_project__isnull=True) | Q(max_per_project__gte=F("max_per_borrower")),
                name="loans_loanprogramme_project_limit_above_borrower",
                violation_error_message=_("Mức vay mỗi dự án phải không nhỏ hơn mức vay mỗi người."),
            ),
            models.UniqueConstraint(
                fields=["owner", "code"],
                name="loans_loanprogramme_unique_code",
                violation_error_message=_("Đơn vị đã có chương trình vay vốn với mã này."),
            ),
            models.UniqueConstraint(
                fields=["owner", "name"],
                name="loans_loanprogramme_unique_name",
                violation_error_message=_("Đơn vị đã có chương trình vay vốn trùng tên."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("loans:programme-update", kwargs={"pk": self.pk})

    def limit_for(self, borrower_kind: str) -> int:
        if borrower_kind == Referral.BorrowerKind.BUSINESS and self.max_per_project:
            return self.max_per_project
        return self.max_per_borrower


class ReferralQuerySet(UnitScopedQuerySet):
    def visible_to(self, user):
        """The referring unit and the units above it, staff, and the liaisons of the branch
        it was sent to (from the "sent to the bank" step on)."""
        if access_of(user).is_superuser:
            return self.all()  # `Q() | Q(...)` would narrow a superuser's empty filter to the second part
        branches = BankBranch.objects.of_liaison(user).values("pk")
        return self.filter(
            unit_scope_q(user, lookup="unit") | Q(branch__in=branches, status__in=Referral.BANK_STATUSES)
        )

    def open(self):
        return self.exclude(status__in=Referral.FINAL_STATUSES)

    def waiting(self):
        """Referrals waiting for someone's step (not yet disbursed, rejected or closed)."""
        return self.filter(status__in=list(Referral.ALLOWED_DAYS))


class Referral(TimeStampedModel):
    """A young person referred by a unit for a loan, and where the referral stands."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Đã nộp hồ sơ tại tổ")
        GROUP_VETTED = "group_vetted", _("Tổ đã bình xét")
        UNION_APPRAISED = "union_appraised", _("Đoàn đã thẩm định")
        COMMUNE_CONFIRMED = "commune_confirmed", _("UBND xã đã xác nhận")
        SENT_TO_BANK = "sent_to_bank", _("Đã gửi ngân hàng")
        APPROVED = "approved", _("Ngân hàng đã phê duyệt")
        REJECTED = "rejected", _("Ngân hàng từ chối")
        DISBURSED = "disbursed", _("Đã giải ngân")
        REPAYING = "repaying", _("Đang trả nợ")
        OVERDUE = "overdue", _("Nợ quá hạn")
        CLOSED = "closed", _("Đã tất toán")

    class BorrowerKind(models.TextChoices):
        INDIVIDUAL = "individual", _("Cá nhân, hộ gia đình (theo người lao động)")
        BUSINESS = "business", _("Cơ sở sản xuất kinh doanh, HTX, tổ hợp tác (theo dự án)")

    # Statuses a bank liaison sees and records; the union records the others.
    BANK_STATUSES = (
        Status.SENT_TO_BANK,
        Status.APPROVED,
        Status.REJECTED,
        Status.DISBURSED,
        Status.REPAYING,
        Status.OVERDUE,
        Status.CLOSED,
    )
    FINAL_STATUSES = (Status.REJECTED, Status.CLOSED)
    # How many days a referral may wait at a step before it is flagged and its owners
    # reminded (the entrusting agreements give the union and the bank about these times).
    ALLOWED_DAYS = {
        Status.SUBMITTED: 10,
        Status.GROUP_VETTED: 7,
        Status.UNION_APPRAISED: 7,
        Status.COMMUNE_CONFIRMED: 7,
        Status.SENT_TO_BANK: 20,
        Status.APPROVED: 15,
    }
    # Whose step comes next while a referral waits at a status.
    BANK_TURN = (Status.SENT_TO_BANK, Status.APPROVED)

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị giới thiệu"), on_delete=models.PROTECT, related_name="+")
    entrepreneur = models.ForeignKey(
        Entrepreneur, verbose_name=_("người vay"), on_delete=models.PROTECT, related_name="loan_referrals"
    )
    programme = models.ForeignKey(
        LoanProgramme, verbose_name=_("chương trình vay"), on_delete=models.PROTECT, related_name="referrals"
    )
    borrower_kind = models.CharField(
        _("đối tượng vay"), max_length=12, choices=BorrowerKind.choices, default=BorrowerKind.INDIVIDUAL
    )
    amount = models.PositiveBigIntegerField(_("số tiền đề nghị vay (đồng)"), validators=[MinValueValidator(1)])
    term_months = models.PositiveSmallIntegerField(_("thời hạn vay (tháng)"), validators=[MinValueValidator(1)])
    purpose = models.TextField(_("mục đích sử dụng vốn"))
    jobs_created = models.PositiveSmallIntegerField(_("số lao động được tạo việc làm"), default=0)
    venture = models.ForeignKey(
        Venture,
        verbose_name=_("mô hình được đầu tư"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="loan_referrals",
    )
    # Where the referral came from when another programme proposed it for capital support
    # (a contest entry: "contest-entry:123"); read through `common.registry`, so this app
    # holds no foreign key into the proposing app. One referral per proposal.
    source_key = models.CharField(_("mã đề xuất"), max_length=50, blank=True, default="", editable=False)
    source_label = models.CharField(_("được đề xuất từ"), max_length=255, blank=True, default="", editable=False)
    group = models.ForeignKey(
        SavingsGroup,
        verbose_name=_("tổ tiết kiệm và vay vốn"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    branch = models.ForeignKey(
        BankBranch,
        verbose_name=_("chi nhánh, phòng giao dịch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    status = models.CharField(_("bước hiện tại"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    status_on = models.DateField(_("ngày của bước hiện tại"))
    submitted_on = models.DateField(_("ngày nộp hồ sơ"))
    approved_amount = models.PositiveBigIntegerField(_("số tiền được duyệt (đồng)"), null=True, blank=True)
    approved_term_months = models.PositiveSmallIntegerField(_("thời hạn được duyệt (tháng)"), null=True, blank=True)
    approved_on = models.DateField(_("ngày phê duyệt"), null=True, blank=True)
    rejection_reason = models.TextField(_("lý do từ chối"), blank=True)
    disbursed_amount = models.PositiveBigIntegerField(_("số tiền giải ngân (đồng)"), null=True, blank=True)
    disbursed_on = models.DateField(_("ngày giải ngân"), null=True, blank=True)
    created_by = actor_field(_("người lập"))

    history = HistoricalRecords(get_user=history_user)
    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ giới thiệu vay vốn")
        verbose_name_plural = _("hồ sơ giới thiệu vay vốn")
        ordering = ["-submitted_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "status_on"]),
            # The referral list pages by (status_on, id) through hundreds of thousands.
            models.Index(fields=["status_on", "id"], name="loans_ref_status_on_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(disbursed_amount__isnull=True)
                | (Q(approved_amount__isnull=False) & Q(disbursed_amount__lte=F("approved_amount"))),
                name="loans_referral_disbursed_within_approved",
                violation_error_message=_("Số tiền giải ngân không được lớn hơn số tiền được duyệt."),
            ),
            models.CheckConstraint(
                condition=Q(disbursed_on__isnull=True)
                | (Q(approved_on__isnull=False) & Q(disbursed_on__gte=F("approved_on"))),
                name="loans_referral_disbursed_after_approval",
                violation_error_message=_("Ngày giải ngân không được trước ngày phê duyệt."),
            ),
            models.UniqueConstraint(
                fields=["entrepreneur", "programme"],
                condition=~Q(status__in=["rejected", "closed"]),
                name="loans_referral_one_open_per_programme",
                violation_error_message=_("Thanh niên này đã có hồ sơ đang xử lý trong chương trình vay này."),
            ),
            models.CheckConstraint(
                condition=Q(status_on__gte=F("submitted_on")),
                name="loans_referral_steps_after_submission",
                violation_error_message=_("Ngày của bước không được trước ngày nộp hồ sơ."),
            ),
            models.UniqueConstraint(
                fields=["source_key"],
                condition=~Q(source_key=""),
                name="loans_referral_source_once",
                violation_error_message=_("Bài dự thi này đã được chuyển thành hồ sơ vay vốn."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entrepreneur} · {self.programme}"

    def get_absolute_url(self) -> str:
        return reverse("loans:referral-detail", kwargs={"pk": self.pk})

    @property
    def due_on(self) -> datetime.date | None:
        """When the current step should be done, if the referral waits for one."""
        days = self.ALLOWED_DAYS.get(self.status)
        return self.status_on + datetime.timedelta(days=days) if days is not None else None

    def is_late_on(self, day: datetime.date) -> bool:
        due = self.due_on
        return due is not None and day > due

    @property
    def is_late(self) -> bool:
        from django.utils import timezone

        return self.is_late_on(timezone.localdate())

    @property
    def is_bank_turn(self) -> bool:
        return self.status in self.BANK_TURN


class ReferralStep(models.Model):
    """One step a referral went through: from, to, its own date and who recorded it."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("từ bước"), max_length=20, choices=Referral.Status.choices, blank=True)
    to_status = models.CharField(_("sang bước"), max_length=20, choices=Referral.Status.choices)
    on = models.DateField(_("ngày"))
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"), null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(_("thời hạn (tháng)"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = actor_field(_("người ghi nhận"))
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bước xử lý hồ sơ vay")
        verbose_name_plural = _("bước xử lý hồ sơ vay")
        ordering = ["referral", "on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "from_status", "to_status", "on"], name="loans_referralstep_unique_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_to_status_display()} ({self.on:%d/%m/%Y})"
