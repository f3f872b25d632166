"""Model programmes.

A programme such as "Bí thư Chi đoàn tiên phong khởi nghiệp 2017–2018": an organising
unit sets a target and a registration deadline, communes below it register ventures,
the organiser selects them, trains and supports them, follows their periodic reports
and evaluates them at the end.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModelBase, RulesModelMixin
from simple_history.models import HistoricalRecords

from accounts.models import OwnedByUnit, OwnedQuerySet, Unit
from accounts.scoping import UnitScopedQuerySet
from common.history import history_user
from common.models import TimeStampedModel, actor_field
from common.validators import validate_not_in_future
from ventures.models import Venture, VentureUpdate

from . import rules as r


def default_eligible_kinds() -> list[str]:
    return [Venture.Kind.PIONEER_SECRETARY.value]


class ModelProgrammeQuerySet(OwnedQuerySet):
    def visible_to(self, user):
        """Programmes run in the user's subtree, and those run above the user's units once
        published (a commune sees its province's programmes to register; not its drafts)."""
        from accounts.scoping import unit_scope_q

        return (
            super()
            .visible_to(user)
            .filter(unit_scope_q(user, lookup="owner") | ~Q(status=ModelProgramme.Status.DRAFT))
        )


class ModelProgramme(RulesModelMixin, OwnedByUnit, TimeStampedModel, metaclass=RulesModelBase):
    """A youth economic model programme run by a unit (its `owner`) for the units below it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ACTIVE = "active", _("Đang triển khai")
        CLOSED = "closed", _("Đã tổng kết")

    name = models.CharField(_("tên chương trình"), max_length=255)
    plan_number = models.CharField(
        _("số kế hoạch"), max_length=100, blank=True, help_text=_("Ví dụ: 45-KH/ĐTN, ngày 05/6/2017.")
    )
    description = models.TextField(_("mục đích, đối tượng, tiêu chuẩn"), blank=True)
    start_date = models.DateField(_("bắt đầu"))
    end_date = models.DateField(_("kết thúc"))
    registration_deadline = models.DateField(
        _("hạn đăng ký"), help_text=_("Ngày cuối cùng các đơn vị gửi danh sách đăng ký (theo mẫu).")
    )
    target_models = models.PositiveSmallIntegerField(
        _("chỉ tiêu mô hình thành công"), default=10, validators=[MinValueValidator(1)]
    )
    reports_monthly = models.BooleanField(_("báo cáo hằng tháng"), default=True)
    reports_half_yearly = models.BooleanField(_("báo cáo 6 tháng"), default=True)
    reports_yearly = models.BooleanField(_("báo cáo năm"), default=True)
    reporting_from = models.DateField(
        _("báo cáo tiến độ từ ngày"),
        null=True,
        blank=True,
        help_text=_("Các kỳ báo cáo tính từ ngày này; để trống thì tính từ ngày bắt đầu."),
    )
    evaluation_from = models.DateField(
        _("đánh giá, tổng kết từ ngày"),
        null=True,
        blank=True,
        help_text=_("Trước ngày này chưa được đánh giá mô hình; để trống nếu đánh giá lúc nào cũng được."),
    )
    eligible_kinds = models.JSONField(
        _("loại hình mô hình được đăng ký"),
        default=default_eligible_kinds,
        blank=True,
        help_text=_("Để trống: mọi loại hình."),
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = actor_field(_("người tạo"))

    objects = ModelProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("chương trình xây dựng mô hình")
        verbose_name_plural = _("chương trình xây dựng mô hình")
        ordering = ["-start_date", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="programmes_modelprogramme_dates_in_order",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__gte=models.F("start_date"))
                & Q(registration_deadline__lte=models.F("end_date")),
                name="programmes_modelprogramme_deadline_within",
                violation_error_message=_("Hạn đăng ký phải nằm trong thời gian của chương trình."),
            ),
            models.CheckConstraint(
                condition=Q(reports_monthly=True) | Q(reports_half_yearly=True) | Q(reports_yearly=True),
                name="programmes_modelprogramme_has_cadence",
                violation_error_message=_("Chọn ít nhất một kỳ báo cáo: tháng, 6 tháng hoặc năm."),
            ),
        ]
        rules_permissions = {
            "view": r.can_view_programme,
            "add": r.runs_programme_of,
            "change": r.runs_programme_of,
            "delete": r.runs_programme_of,
        }

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme-detail", kwargs={"pk": self.pk})

    @property
    def report_kinds(self) -> list[str]:
        """The VentureUpdate period kinds participants owe, shortest first."""
        kinds = VentureUpdate.PeriodKind
        chosen = [(self.reports_monthly, kinds.MONTH), (self.reports_half_yearly, kinds.HALF_YEAR)]
        chosen.append((self.reports_yearly, kinds.YEAR))
        return [kind for wanted, kind in chosen if wanted]

    @property
    def reporting_start(self) -> datetime.date:
        return self.reporting_from or self.start_date

    def accepts_kind(self, kind: str) -> bool:
        return not self.eligible_kinds or kind in self.eligible_kinds

    @property
    def default_kind(self) -> str:
        """The kind given to a venture declared while registering."""
        return self.eligible_kinds[0] if self.eligible_kinds else Venture.Kind.PIONEER_SECRETARY

    @property
    def eligible_kind_labels(self) -> list[str]:
        labels = dict(Venture.Kind.choices)
        return [str(labels.get(kind, kind)) for kind in self.eligible_kinds]

    def clean(self) -> None:
        super().clean()
        errors = {}
        unknown = [k for k in self.eligible_kinds or [] if k not in Venture.Kind.values]
        if not isinstance(self.eligible_kinds, list) or unknown:
            errors["eligible_kinds"] = _("Loại hình mô hình không hợp lệ.")
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                errors["end_date"] = _("Ngày kết thúc phải sau ngày bắt đầu.")
            window = (self.start_date, self.end_date)
            for name, label in (
                ("registration_deadline", _("Hạn đăng ký")),
                ("reporting_from", _("Ngày bắt đầu báo cáo")),
                ("evaluation_from", _("Ngày bắt đầu đánh giá")),
            ):
                value = getattr(self, name)
                if value and not window[0] <= value <= window[1] and name not in errors:
                    errors[name] = _("%(label)s phải nằm trong thời gian của chương trình.") % {"label": label}
        if not (self.reports_monthly or self.reports_half_yearly or self.reports_yearly):
            errors["reports_monthly"] = _("Chọn ít nhất một kỳ báo cáo: tháng, 6 tháng hoặc năm.")
        if errors:
            raise ValidationError(errors)


class ProgrammeParticipant(RulesModelMixin, TimeStampedModel, metaclass=RulesModelBase):
    """A venture registered in a programme by a unit, and what became of it."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Đã đăng ký")
        SELECTED = "selected", _("Được lựa chọn")
        NOT_SELECTED = "not_selected", _("Không được lựa chọn")
        WITHDRAWN = "withdrawn", _("Đã rút")

    # Participants still in the running: they can be supported and trained.
    TAKING_PART = (Status.REGISTERED, Status.SELECTED)

    programme = models.ForeignKey(
        ModelProgramme, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="participants"
    )
    venture = models.ForeignKey(
        Venture, verbose_name=_("mô hình"), on_delete=models.PROTECT, related_name="programme_participations"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị đăng ký"), on_delete=models.PROTECT, related_name="programme_participants"
    )
    branch_name = models.CharField(
        _("chi đoàn"),
        max_length=150,
        blank=True,
        help_text=_("Chi đoàn mà chủ mô hình làm Bí thư, ví dụ: Chi đoàn thôn 3."),
    )
    sector = models.CharField(_("nhóm ngành nghề"), max_length=30, choices=Venture.Sector.choices)
    support_needs = models.TextField(_("nhu cầu hỗ trợ"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=15, choices=Status.choices, default=Status.REGISTERED)
    registered_by = actor_field(_("người đăng ký"))
    selected_by = actor_field(_("người xét chọn"))
    selected_at = models.DateTimeField(_("xét chọn lúc"), null=True, blank=True)
    selection_note = models.TextField(_("ý kiến xét chọn"), blank=True)
    is_successful = models.BooleanField(_("xây dựng thành công"), default=False)
    to_commend = models.BooleanField(_("đề nghị tuyên dương"), default=False)
    to_replicate = models.BooleanField(_("nhân rộng"), default=False)
    evaluation_note = models.TextField(_("nhận xét, đánh giá"), blank=True)
    evaluated_by = actor_field(_("người đánh giá"))
    evaluated_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)

    history = HistoricalRecords(get_user=history_user)
    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mô hình tham gia chương trình")
        verbose_name_plural = _("mô hình tham gia chương trình")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "venture"],
                name="programmes_programmeparticipant_unique_venture",
                violation_error_message=_("Mô hình này đã đăng ký tham gia chương trình."),
            ),
            models.CheckConstraint(
                condition=Q(is_successful=True) | (Q(to_commend=False) & Q(to_replicate=False)),
                name="programmes_programmeparticipant_commend_needs_success",
                violation_error_message=_("Chỉ đề nghị tuyên dương, nhân rộng mô hình đã xây dựng thành công."),
            ),
            models.CheckConstraint(
                condition=Q(status="selected") | Q(is_successful=False),
                name="programmes_programmeparticipant_success_needs_selection",
                violation_error_message=_("Chỉ đánh giá mô hình đã được lựa chọn."),
            ),
        ]
        # Change and delete happen in the admin only: the programme's runners correct records.
        rules_permissions = {
            "view": r.can_view_unit_record,
            "add": r.runs_programme_of,
            "change": r.runs_programme_of,
            "delete": r.runs_programme_of,
        }

    def __str__(self) -> str:
        return f"{self.venture} · {self.programme}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:participant-detail", kwargs={"pk": self.pk})

    @property
    def is_taking_part(self) -> bool:
        return self.status in self.TAKING_PART


class ProgrammeChildQuerySet(UnitScopedQuerySet):
    """Rows that belong to a programme as a whole (its training sessions): seen by
    whoever sees the programme."""

    unit_lookup = "programme__owner"

    def visible_to(self, user):
        return self.filter(programme__in=ModelProgramme.objects.visible_to(user).values("pk"))


class ThroughParticipantQuerySet(UnitScopedQuerySet):
    unit_lookup = "participant__unit"


class TrainingSession(RulesModelMixin, TimeStampedModel, metaclass=RulesModelBase):
    """A training class, study visit or forum the programme holds for its participants."""

    programme = models.ForeignKey(
        ModelProgramme, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="training_sessions"
    )
    title = models.CharField(_("tên lớp, hoạt động"), max_length=255)
    date = models.DateField(_("ngày"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    topic = models.TextField(_("nội dung"), blank=True)
    trainer = models.CharField(_("báo cáo viên, đơn vị phối hợp"), max_length=255, blank=True)
    participants = models.ManyToManyField(
        ProgrammeParticipant,
        verbose_name=_("học viên"),
        through="TrainingAttendance",
        related_name="training_sessions",
        blank=True,
    )
    created_by = actor_field(_("người tạo"))

    objects = ProgrammeChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("lớp tập huấn")
        verbose_name_plural = _("lớp tập huấn")
        ordering = ["date", "pk"]
        rules_permissions = {
            "view": r.can_view_programme,
            "add": r.runs_programme_of,
            "change": r.runs_programme_of,
            "delete": r.runs_programme_of,
        }

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("programmes:training-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        programme = self.programme if self.programme_id else None
        if programme and self.date and not programme.start_date <= self.date <= programme.end_date:
            raise ValidationError({"date": _("Ngày tập huấn phải nằm trong thời gian của chương trình.")})


class TrainingAttendance(TimeStampedModel):
    """Whether one participant attended one training session."""

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("lớp tập huấn"), on_delete=models.CASCADE, related_name="attendances"
    )
    participant = models.ForeignKey(
        ProgrammeParticipant, verbose_name=_("mô hình"), on_delete=models.CASCADE, related_name="attendances"
    )
    attended = models.BooleanField(_("có mặt"), default=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects = ThroughParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("điểm danh tập huấn")
        verbose_name_plural = _("điểm danh tập huấn")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="programmes_trainingattendance_one_per_participant"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.participant.venture}"


class SupportRecord(RulesModelMixin, TimeStampedModel, metaclass=RulesModelBase):
    """Support given to a participating model: a loan, a partner, a fair, a registration."""

    class Kind(models.TextChoices):
        LOAN_VBSP = "loan_vbsp", _("Vay vốn Ngân hàng Chính sách xã hội")
        LOAN_FUND_120 = "loan_fund_120", _("Vay vốn Quỹ 120 (kênh Trung ương Đoàn)")
        LOAN_OTHER = "loan_other", _("Vay vốn chương trình tín dụng khác")
        PARTNER = "partner", _("Doanh nghiệp đồng hành, liên kết đầu vào/đầu ra")
        TRADE_FAIR = "trade_fair", _("Gian hàng tại hội chợ thương mại")
        TRADEMARK = "trademark", _("Đăng ký nhãn hiệu, thương hiệu")
        FOOD_SAFETY = "food_safety", _("Chứng nhận vệ sinh an toàn thực phẩm")
        ADVICE = "advice", _("Tư vấn, chuyển giao kỹ thuật")
        FORUM = "forum", _("Diễn đàn, tham quan học tập")
        OTHER = "other", _("Hỗ trợ khác")

    LOAN_KINDS = (Kind.LOAN_VBSP, Kind.LOAN_FUND_120, Kind.LOAN_OTHER)

    participant = models.ForeignKey(
        ProgrammeParticipant, verbose_name=_("mô hình"), on_delete=models.CASCADE, related_name="support_records"
    )
    kind = models.CharField(_("hình thức hỗ trợ"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("ngày"), validators=[validate_not_in_future])
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"), null=True, blank=True)
    provider = models.CharField(
        _("đơn vị hỗ trợ, đối tác"), max_length=255, blank=True, help_text=_("Ví dụ: NHCSXH huyện, Công ty ABC.")
    )
    description = models.TextField(_("nội dung"), blank=True)
    recorded_by = actor_field(_("người ghi nhận"))

    objects = ThroughParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("hỗ trợ mô hình")
        verbose_name_plural = _("hỗ trợ mô hình")
        ordering = ["-date", "-pk"]
        rules_permissions = {
            "view": r.can_view_participant_record,
            "add": r.runs_programme_of,
            "change": r.runs_programme_of,
            "delete": r.runs_programme_of,
        }

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.participant.venture}"

    @property
    def is_loan(self) -> bool:
        return self.kind in self.LOAN_KINDS

    def clean(self) -> None:
        super().clean()
        if self.is_loan and not self.amount:
            raise ValidationError({"amount": _("Ghi số tiền được vay.")})
        programme = self.participant.programme if self.participant_id else None
        if programme and self.date and self.date < programme.start_date:
            raise ValidationError({"date": _("Ngày hỗ trợ không được trước ngày bắt đầu chương trình.")})
