"""Young-entrepreneur commendations ("Tuyên dương thanh niên làm kinh tế giỏi").

One engine serves every award programme (the provincial commendation, a Lương Định
Của round…): a programme states its eligibility rules as data, units nominate young
people from the registry, staff may verify in the field, a council votes or scores
privately until it closes, and the programme's approval rule decides. Approved
nominations get a certificate with a verification code and a place on the public
honour roll.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import OwnedByUnit, OwnedQuerySet, Unit
from accounts.scoping import UnitScopedQuerySet
from common.certificates import certificate_number
from common.history import history_user
from common.models import CertificateIssuer, TimeStampedModel, actor_field
from common.uploads import FileContentValidator
from ventures.models import Entrepreneur, Venture


def programme_document_path(instance: AwardProgramme, filename: str) -> str:
    return f"awards/{instance.year}/guideline/{filename}"


class AwardProgrammeQuerySet(OwnedQuerySet):
    def published(self):
        """Programmes out of their draft: what officers, the council and verifiers may open."""
        return self.exclude(status=AwardProgramme.Status.DRAFT)


class AwardProgramme(OwnedByUnit, CertificateIssuer, TimeStampedModel):
    """An award programme, run by the unit that owns it (`owner`): its staff set it up, open
    and close the council and decide; the units below nominate to it. Its certificates are
    numbered in its own register and signed by `signer_name` (`CertificateIssuer`)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        NOMINATING = "nominating", _("Nhận hồ sơ đề nghị")
        REVIEWING = "reviewing", _("Hội đồng xét chọn")
        DECIDED = "decided", _("Đã có quyết định")

    class ApprovalRule(models.TextChoices):
        VOTE_SHARE = "vote_share", _("Tỉ lệ phiếu đồng ý của Hội đồng")
        TOP_SCORE = "top_score", _("N hồ sơ điểm cao nhất")

    name = models.CharField(_("tên chương trình"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    slug = models.SlugField(_("đường dẫn công khai"), max_length=80, unique=True)
    description = models.TextField(_("giới thiệu"), blank=True)
    guideline_document = models.FileField(
        _("hướng dẫn"),
        upload_to=programme_document_path,
        blank=True,
        validators=[FileContentValidator(kinds=("pdf", "docx"))],
    )
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    nomination_opens_at = models.DateTimeField(_("nhận hồ sơ từ"))
    nomination_closes_at = models.DateTimeField(_("hạn gửi hồ sơ"))
    quota_per_unit = models.PositiveSmallIntegerField(
        _("số hồ sơ tối đa mỗi đơn vị"), null=True, blank=True, help_text=_("Để trống nếu không giới hạn.")
    )
    # Eligibility, as data: each rule left empty is not checked.
    min_age = models.PositiveSmallIntegerField(_("tuổi tối thiểu"), default=18)
    max_age = models.PositiveSmallIntegerField(_("tuổi tối đa"), default=35)
    age_reference_date = models.DateField(_("ngày tính tuổi"))
    min_years_in_operation = models.PositiveSmallIntegerField(
        _("số năm hoạt động tối thiểu của mô hình"), null=True, blank=True
    )
    min_annual_revenue = models.PositiveBigIntegerField(_("doanh thu năm tối thiểu (đồng)"), null=True, blank=True)
    min_jobs = models.PositiveIntegerField(_("số lao động tạo ra tối thiểu"), null=True, blank=True)
    require_no_violations = models.BooleanField(_("phải cam kết không vi phạm pháp luật"), default=True)
    # Council and decision.
    council = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("Hội đồng xét chọn"), blank=True, related_name="award_councils"
    )
    approval_rule = models.CharField(
        _("cách xét chọn"), max_length=12, choices=ApprovalRule.choices, default=ApprovalRule.VOTE_SHARE
    )
    approval_share = models.PositiveSmallIntegerField(
        _("tỷ lệ tán thành tối thiểu (%)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Phần trăm, từ 1 đến 100. Được chọn khi phiếu đồng ý / (đồng ý + không đồng ý) đạt từ tỷ lệ này trở "
            "lên; phiếu không ý kiến không tính. Ví dụ 50: hòa phiếu vẫn được chọn; 51: phải trên một nửa."
        ),
    )
    approval_top_n = models.PositiveSmallIntegerField(_("số hồ sơ được chọn (theo điểm)"), null=True, blank=True)
    # Staff closed nominations before the deadline: when, who and why; the deadline itself moved
    # to that moment (so the council may open), the planned one is kept here.
    nominations_closed_early_at = models.DateTimeField(_("đóng nhận hồ sơ sớm lúc"), null=True, blank=True)
    nominations_closed_early_by = actor_field(_("người đóng nhận hồ sơ sớm"))
    nominations_closed_early_reason = models.TextField(_("lý do đóng nhận hồ sơ sớm"), blank=True)
    nominations_planned_close = models.DateTimeField(_("hạn gửi hồ sơ dự kiến"), null=True, blank=True)
    council_closed_at = models.DateTimeField(_("Hội đồng kết thúc lúc"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    ceremony_date = models.DateField(_("ngày tuyên dương"), null=True, blank=True)
    ceremony_place = models.CharField(_("địa điểm tuyên dương"), max_length=255, blank=True)
    honour_roll_published_at = models.DateTimeField(_("công bố danh sách lúc"), null=True, blank=True)
    created_by = actor_field(_("người tạo"))

    objects = AwardProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("chương trình tuyên dương")
        verbose_name_plural = _("chương trình tuyên dương")
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nomination_closes_at__gt=F("nomination_opens_at")),
                name="awards_awardprogramme_window_in_order",
                violation_error_message=_("Hạn gửi hồ sơ phải sau ngày bắt đầu nhận."),
            ),
            models.CheckConstraint(
                condition=Q(max_age__gte=F("min_age")),
                name="awards_awardprogramme_ages_in_order",
                violation_error_message=_("Tuổi tối đa phải không nhỏ hơn tuổi tối thiểu."),
            ),
            models.CheckConstraint(
                condition=Q(approval_share__gte=1, approval_share__lte=100),
                name="awards_awardprogramme_approval_share_percent",
                violation_error_message=_("Tỷ lệ tán thành tối thiểu phải từ 1 đến 100 (%)."),
            ),
            models.CheckConstraint(
                condition=~Q(approval_rule="top_score") | Q(approval_top_n__isnull=False),
                name="awards_awardprogramme_top_n_for_top_score",
                violation_error_message=_("Xét theo điểm cần ghi số hồ sơ được chọn."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("awards:programme-detail", kwargs={"pk": self.pk})

    def accepts_nominations_at(self, moment: datetime.datetime) -> bool:
        return (
            self.status == self.Status.NOMINATING and self.nomination_opens_at <= moment <= self.nomination_closes_at
        )

    @property
    def council_is_open(self) -> bool:
        return self.status == self.Status.REVIEWING and self.council_closed_at is None


class AwardCategory(models.Model):
    """A category of the programme: rural youth in agriculture, young business owner…"""

    programme = models.ForeignKey(AwardProgramme, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("lĩnh vực tuyên dương"), max_length=150)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("lĩnh vực tuyên dương")
        verbose_name_plural = _("lĩnh vực tuyên dương")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="awards_awardcategory_unique_name")]

    def __str__(self) -> str:
        return self.name


class NominationQuerySet(UnitScopedQuerySet):
    def counting_for_quota(self):
        return self.exclude(status__in=[Nomination.Status.DRAFT, Nomination.Status.WITHDRAWN])


class Nomination(TimeStampedModel):
    """A unit's proposal to commend a young person, with their achievements and evidence."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SUBMITTED = "submitted", _("Đã gửi")
        WITHDRAWN = "withdrawn", _("Đã rút")
        APPROVED = "approved", _("Được tuyên dương")
        NOT_APPROVED = "not_approved", _("Không được chọn")

    # The achievements the unit reports, in the order of the form and the admin.
    ACHIEVEMENT_FIELDS = (
        "annual_revenue",
        "annual_profit",
        "jobs_created",
        "average_wage",
        "scale",
        "technology",
        "social_contributions",
        "previous_commendations",
    )

    programme = models.ForeignKey(
        AwardProgramme, verbose_name=_("chương trình"), on_delete=models.PROTECT, related_name="nominations"
    )
    category = models.ForeignKey(
        AwardCategory, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="nominations"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="+")
    entrepreneur = models.ForeignKey(
        Entrepreneur, verbose_name=_("người được đề nghị"), on_delete=models.PROTECT, related_name="nominations"
    )
    venture = models.ForeignKey(
        Venture,
        verbose_name=_("mô hình"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    status = models.CharField(_("trạng thái"), max_length=15, choices=Status.choices, default=Status.DRAFT)
    # Achievements
    annual_revenue = models.PositiveBigIntegerField(_("doanh thu năm (đồng)"), default=0)
    annual_profit = models.BigIntegerField(_("lợi nhuận năm (đồng)"), default=0)
    jobs_created = models.PositiveIntegerField(_("số lao động tạo việc làm"), default=0)
    average_wage = models.PositiveBigIntegerField(_("thu nhập bình quân/người/tháng (đồng)"), default=0)
    scale = models.CharField(
        _("quy mô"), max_length=255, blank=True, help_text=_("Ví dụ: 5 ha cà phê, 200 con bò sữa.")
    )
    technology = models.TextField(_("khoa học, công nghệ áp dụng"), blank=True)
    social_contributions = models.TextField(_("đóng góp cho cộng đồng"), blank=True)
    previous_commendations = models.TextField(_("khen thưởng đã nhận"), blank=True)
    story = models.TextField(
        _("câu chuyện ngắn"), blank=True, help_text=_("Vài dòng giới thiệu đăng trên trang vinh danh.")
    )
    photo = models.FileField(
        _("ảnh chân dung"),
        upload_to="awards/photos/",
        blank=True,
        validators=[FileContentValidator(kinds=("jpeg", "png"), max_bytes=5 * 1024 * 1024)],
    )
    no_violations_declared = models.BooleanField(_("cam kết chấp hành tốt pháp luật"), default=False)
    endorsement = models.TextField(_("ý kiến của đơn vị đề nghị"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    eligibility_override_reason = models.TextField(
        _("lý do chấp nhận ngoại lệ"),
        blank=True,
        help_text=_("Cán bộ Tỉnh đoàn ghi khi cho gửi hồ sơ chưa đủ điều kiện."),
    )
    eligibility_overridden_by = actor_field(_("người chấp nhận ngoại lệ"))
    verification_code = models.CharField(_("mã xác minh"), max_length=12, blank=True)
    # The certificate's number in the programme's register, given with the approval.
    certificate_serial = models.PositiveIntegerField(_("số giấy chứng nhận"), null=True, blank=True, editable=False)
    created_by = actor_field(_("người tạo"))

    history = HistoricalRecords(get_user=history_user)
    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ đề nghị tuyên dương")
        verbose_name_plural = _("hồ sơ đề nghị tuyên dương")
        ordering = ["programme", "unit__path", "entrepreneur__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "entrepreneur"],
                condition=~Q(status="withdrawn"),
                name="awards_nomination_once_per_programme",
                violation_error_message=_("Người này đã có hồ sơ đề nghị trong chương trình."),
            ),
            models.UniqueConstraint(
                fields=["verification_code"],
                condition=~Q(verification_code=""),
                name="awards_nomination_unique_code",
            ),
            models.UniqueConstraint(
                fields=["programme", "certificate_serial"], name="awards_nomination_unique_certificate_serial"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entrepreneur} · {self.programme}"

    def get_absolute_url(self) -> str:
        return reverse("awards:nomination-detail", kwargs={"pk": self.pk})

    @property
    def certificate_number(self) -> str:
        """ "05/GCN-TĐTN": the approved nomination's certificate number (reads the programme)."""
        return certificate_number(self.certificate_serial, self.programme.certificate_symbol)


def nomination_evidence_path(instance: NominationEvidence, filename: str) -> str:
    return f"awards/nominations/{instance.nomination_id}/{filename}"


class NominationEvidence(TimeStampedModel):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("tên minh chứng"), max_length=255)
    file = models.FileField(
        _("tệp"),
        upload_to=nomination_evidence_path,
        validators=[FileContentValidator(kinds=("pdf", "docx", "jpeg", "png"))],
    )
    uploaded_by = actor_field(_("người tải lên"))

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class FieldVerification(TimeStampedModel):
    """A field visit (thẩm định thực tế) staff ask an officer to make for one nomination."""

    nomination = models.OneToOneField(Nomination, on_delete=models.CASCADE, related_name="verification")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ thẩm định"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("ngày thẩm định"), null=True, blank=True)
    findings = models.TextField(_("kết quả thẩm định"), blank=True)
    confirmed = models.BooleanField(_("thông tin đúng thực tế"), null=True, blank=True)
    assigned_by = actor_field(_("người giao"))

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = _("thẩm định thực tế")
        verbose_name_plural = _("thẩm định thực tế")

    @property
    def is_done(self) -> bool:
        return self.visited_on is not None


class VerificationPhoto(TimeStampedModel):
    verification = models.ForeignKey(FieldVerification, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(
        _("ảnh"), upload_to="awards/verifications/", validators=[FileContentValidator(kinds=("jpeg", "png"))]
    )

    class Meta:
        verbose_name = _("ảnh thẩm định")
        verbose_name_plural = _("ảnh thẩm định")


class CouncilVote(TimeStampedModel):
    """One council member's private vote (and optional score) on one nomination."""

    class Choice(models.TextChoices):
        YES = "yes", _("Đồng ý")
        NO = "no", _("Không đồng ý")
        ABSTAIN = "abstain", _("Không ý kiến")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("thành viên Hội đồng"), on_delete=models.PROTECT, related_name="+"
    )
    choice = models.CharField(_("ý kiến"), max_length=10, choices=Choice.choices)
    score = models.DecimalField(
        _("điểm"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    comment = models.TextField(_("nhận xét"), blank=True)

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = _("phiếu của Hội đồng")
        verbose_name_plural = _("phiếu của Hội đồng")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "member"], name="awards_councilvote_once"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)),
                name="awards_councilvote_score_in_range",
            ),
        ]
