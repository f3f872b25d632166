"""Job fairs, their employers and vacancies, job seekers with tickets, applications and
hires, and career counselling sessions held at schools.

A fair is owned by the unit that runs it (`owner`: its staff run the fair) and held by a
unit at or below it (`unit`: its officers and those above help run it on the ground).
Everything registered for the fair is reached through it, so `visible_to(user)` of every
child narrows by the fair's unit (the school, for a counselling session). Employers and seekers have no accounts:
an employer manages its vacancies through a private link (`Employer.access_token`)
and a seeker's ticket page is reached only through its unguessable code.
"""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import OwnedByUnit, OwnedQuerySet, Unit
from accounts.scoping import UnitScopedQuerySet, owner_scope_q
from common.choices import Gender
from common.history import history_user
from common.models import TimeStampedModel, VoidableModel, VoidableQuerySetMixin, actor_field
from common.search import FoldedTextIndex, SearchTextMixin, SearchTextQuerySet
from common.validators import validate_not_in_future, validate_vietnamese_phone

from .choices import Education
from .validators import validate_tax_code


def new_access_token() -> str:
    return secrets.token_urlsafe(32)


class JobFairQuerySet(VoidableQuerySetMixin, OwnedQuerySet):
    def visible_to(self, user):
        """Fairs held by a unit the user reaches or by a unit above theirs (so run by a unit
        they see, `OwnedQuerySet`), not a fair held by the commune beside theirs."""
        return self.filter(owner_scope_q(user, lookup="unit"))

    def published(self):
        return self.filter(status=JobFair.Status.PUBLISHED, voided_at__isnull=True)


class JobFair(OwnedByUnit, VoidableModel, TimeStampedModel):
    """A job fair, a job exchange session or a recruitment day, on site or online."""

    class Kind(models.TextChoices):
        JOB_FAIR = "job_fair", _("Ngày hội việc làm")
        EXCHANGE = "exchange", _("Sàn giao dịch việc làm")
        RECRUITMENT_DAY = "recruitment_day", _("Ngày hội tuyển dụng")
        ONLINE = "online", _("Phiên giao dịch việc làm trực tuyến")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang chuẩn bị")
        PUBLISHED = "published", _("Đã công bố")
        CANCELLED = "cancelled", _("Đã hủy")

    name = models.CharField(_("tên ngày hội"), max_length=255)
    slug = models.SlugField(_("đường dẫn công khai"), max_length=80, unique=True)
    kind = models.CharField(_("hình thức"), max_length=20, choices=Kind.choices, default=Kind.JOB_FAIR)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))
    venue = models.CharField(
        _("địa điểm"), max_length=255, help_text=_("Địa chỉ tổ chức, hoặc nền tảng trực tuyến và đường dẫn tham gia.")
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị tổ chức"),
        on_delete=models.PROTECT,
        related_name="job_fairs",
        help_text=_("Đơn vị chủ trì hoặc một đơn vị trực thuộc; cán bộ đơn vị này cùng điều hành ngày hội tại chỗ."),
    )
    partners = models.TextField(
        _("đơn vị phối hợp"),
        blank=True,
        help_text=_("Mỗi dòng một đơn vị, ví dụ: Trung tâm Dịch vụ việc làm tỉnh Sơn La."),
    )
    capacity = models.PositiveIntegerField(
        _("số người tìm việc tối đa"), null=True, blank=True, help_text=_("Để trống nếu không giới hạn.")
    )
    description = models.TextField(_("giới thiệu"), blank=True)
    created_by = actor_field(_("người tạo"))

    history = HistoricalRecords(get_user=history_user)
    objects = JobFairQuerySet.as_manager()

    class Meta:
        verbose_name = _("ngày hội việc làm")
        verbose_name_plural = _("ngày hội việc làm")
        ordering = ["-starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="jobs_jobfair_window_in_order",
                violation_error_message=_("Thời gian kết thúc phải sau thời gian bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="jobs_jobfair_capacity_positive",
                violation_error_message=_("Số người tìm việc tối đa phải từ 1 trở lên."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("jobs:fair-detail", kwargs={"pk": self.pk})

    def get_public_url(self) -> str:
        return reverse("jobs:public-fair-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if self.owner_id and self.unit_id and not self.unit.path.startswith(self.owner.path):
            raise ValidationError({"unit": _("Đơn vị tổ chức phải là đơn vị chủ trì hoặc đơn vị trực thuộc.")})

    @property
    def year(self) -> int:
        return timezone.localtime(self.starts_at).year

    @property
    def day(self) -> datetime.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def has_ended(self, moment: datetime.datetime | None = None) -> bool:
        return (moment or timezone.now()) > self.ends_at

    def accepts_registrations(self, moment: datetime.datetime | None = None) -> bool:
        return self.is_public() and not self.has_ended(moment)


class EmployerQuerySet(UnitScopedQuerySet):
    unit_lookup = "fair__unit"

    def approved(self):
        return self.filter(status=Employer.Status.APPROVED)


class Employer(TimeStampedModel):
    """An enterprise, cooperative or agency recruiting at a fair (one registration per fair)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REJECTED = "rejected", _("Không duyệt")

    class Sector(models.TextChoices):
        AGRICULTURE = "agriculture", _("Nông, lâm nghiệp, thủy sản")
        PROCESSING = "processing", _("Chế biến nông sản, thực phẩm")
        MANUFACTURING = "manufacturing", _("Sản xuất công nghiệp, may mặc, điện tử")
        CONSTRUCTION = "construction", _("Xây dựng, năng lượng")
        TRADE = "trade", _("Thương mại, dịch vụ")
        TOURISM = "tourism", _("Du lịch, nhà hàng, khách sạn")
        TECHNOLOGY = "technology", _("Công nghệ thông tin, viễn thông")
        TRANSPORT = "transport", _("Vận tải, kho bãi, logistics")
        EDUCATION_HEALTH = "education_health", _("Giáo dục, y tế")
        OVERSEAS = "overseas", _("Đưa người lao động đi làm việc ở nước ngoài")
        OTHER = "other", _("Lĩnh vực khác")

    fair = models.ForeignKey(JobFair, verbose_name=_("ngày hội"), on_delete=models.CASCADE, related_name="employers")
    name = models.CharField(_("tên doanh nghiệp, đơn vị"), max_length=255)
    tax_code = models.CharField(
        _("mã số thuế"),
        max_length=14,
        validators=[validate_tax_code],
        help_text=_("10 chữ số, hoặc 13 chữ số với chi nhánh (0100109106-001)."),
    )
    sector = models.CharField(_("ngành nghề"), max_length=20, choices=Sector.choices)
    address = models.CharField(_("địa chỉ"), max_length=255)
    contact_name = models.CharField(_("người liên hệ"), max_length=150)
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=20, validators=[validate_vietnamese_phone])
    contact_email = models.EmailField(_("email liên hệ"), blank=True)
    description = models.TextField(_("giới thiệu doanh nghiệp"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    decided_by = actor_field(_("người duyệt"))
    rejection_reason = models.TextField(_("lý do không duyệt"), blank=True)
    venture = models.ForeignKey(
        "ventures.Venture",
        verbose_name=_("mô hình thanh niên"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="job_fair_employers",
        help_text=_(
            "Khi nhà tuyển dụng là mô hình kinh tế của thanh niên, việc tuyển dụng hiện trên hành trình của mô hình."
        ),
    )
    access_token = models.CharField(max_length=64, unique=True, default=new_access_token, editable=False)

    history = HistoricalRecords(get_user=history_user, excluded_fields=["access_token"])
    objects = EmployerQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhà tuyển dụng")
        verbose_name_plural = _("nhà tuyển dụng")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["fair", "tax_code"],
                name="jobs_employer_unique_tax_code_per_fair",
                violation_error_message=_("Doanh nghiệp có mã số thuế này đã đăng ký tham gia ngày hội."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("jobs:employer-detail", kwargs={"pk": self.pk})

    def get_manage_url(self) -> str:
        return reverse("jobs:employer-manage", kwargs={"token": self.access_token})

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class VacancyQuerySet(UnitScopedQuerySet):
    unit_lookup = "employer__fair__unit"

    def public(self):
        return self.filter(employer__status=Employer.Status.APPROVED, employer__fair__status=JobFair.Status.PUBLISHED)


class Vacancy(TimeStampedModel):
    """A position an employer recruits for at a fair."""

    employer = models.ForeignKey(
        Employer, verbose_name=_("nhà tuyển dụng"), on_delete=models.CASCADE, related_name="vacancies"
    )
    position = models.CharField(_("vị trí tuyển dụng"), max_length=200)
    openings = models.PositiveIntegerField(_("số lượng cần tuyển"), validators=[MinValueValidator(1)])
    education = models.CharField(
        _("trình độ tối thiểu"), max_length=20, choices=Education.choices, default=Education.NONE
    )
    skills = models.TextField(_("yêu cầu kỹ năng, kinh nghiệm"), blank=True)
    age_min = models.PositiveSmallIntegerField(
        _("tuổi từ"), null=True, blank=True, validators=[MinValueValidator(15), MaxValueValidator(70)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("tuổi đến"), null=True, blank=True, validators=[MinValueValidator(15), MaxValueValidator(70)]
    )
    salary_min = models.PositiveBigIntegerField(_("lương từ (đồng/tháng)"), null=True, blank=True)
    salary_max = models.PositiveBigIntegerField(_("lương đến (đồng/tháng)"), null=True, blank=True)
    work_location = models.CharField(_("nơi làm việc"), max_length=255)
    is_overseas = models.BooleanField(_("làm việc ở nước ngoài"), default=False)
    description = models.TextField(_("mô tả công việc, quyền lợi"), blank=True)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        verbose_name = _("vị trí tuyển dụng")
        verbose_name_plural = _("vị trí tuyển dụng")
        ordering = ["employer", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(openings__gte=1),
                name="jobs_vacancy_openings_positive",
                violation_error_message=_("Số lượng cần tuyển phải từ 1 trở lên."),
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True) | Q(salary_max__isnull=True) | Q(salary_min__lte=F("salary_max")),
                name="jobs_vacancy_salary_in_order",
                violation_error_message=_("Mức lương tối thiểu không được lớn hơn mức lương tối đa."),
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True) | Q(age_max__isnull=True) | Q(age_min__lte=F("age_max")),
                name="jobs_vacancy_ages_in_order",
                violation_error_message=_("Tuổi tối thiểu không được lớn hơn tuổi tối đa."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position} · {self.employer}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.salary_min is not None and self.salary_max is not None and self.salary_min > self.salary_max:
            errors["salary_max"] = _("Mức lương tối thiểu không được lớn hơn mức lương tối đa.")
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = _("Tuổi tối thiểu không được lớn hơn tuổi tối đa.")
        if errors:
            raise ValidationError(errors)

    def accepts_age(self, age: int) -> bool:
        return (self.age_min is None or age >= self.age_min) and (self.age_max is None or age <= self.age_max)


class JobSeekerQuerySet(SearchTextQuerySet, UnitScopedQuerySet):
    unit_lookup = "fair__unit"

    def checked_in(self):
        return self.filter(checked_in_at__isnull=False)


class JobSeeker(SearchTextMixin, TimeStampedModel):
    """A young person registered for a fair, with a ticket they show at the entrance.

    Personal data (Decree 13/2023/NĐ-CP): seen only by the fair's organisers and by the
    employers the seeker applied to; never on a public page. The consent text shown and
    the moment it was given are kept with the registration.
    """

    search_text_from = ("full_name", "phone")

    fair = models.ForeignKey(JobFair, verbose_name=_("ngày hội"), on_delete=models.CASCADE, related_name="seekers")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    date_of_birth = models.DateField(_("ngày sinh"), validators=[validate_not_in_future])
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, validators=[validate_vietnamese_phone])
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("nơi ở hiện nay"), max_length=255, blank=True)
    education = models.CharField(_("trình độ học vấn, chuyên môn"), max_length=20, choices=Education.choices)
    major = models.CharField(_("chuyên ngành, nghề đã học"), max_length=200, blank=True)
    desired_positions = models.CharField(
        _("vị trí mong muốn"),
        max_length=255,
        help_text=_("Ví dụ: công nhân may, kế toán, lái xe (cách nhau bởi dấu phẩy)."),
    )
    wants_overseas = models.BooleanField(_("muốn đi làm việc ở nước ngoài"), default=False)
    consent_text = models.TextField(_("nội dung đồng ý xử lý dữ liệu cá nhân"))
    consented_at = models.DateTimeField(_("đồng ý lúc"))
    ticket_code = models.CharField(_("mã vé"), max_length=20, unique=True)
    checked_in_at = models.DateTimeField(_("check-in lúc"), null=True, blank=True)
    checked_in_by = actor_field(_("người check-in"))
    registered_by = actor_field(_("cán bộ đăng ký hộ"))

    objects = JobSeekerQuerySet.as_manager()

    class Meta:
        verbose_name = _("người tìm việc")
        verbose_name_plural = _("người tìm việc")
        ordering = ["full_name", "pk"]
        indexes = [FoldedTextIndex(name="jobs_seeker_search")]
        constraints = [
            models.UniqueConstraint(
                fields=["fair", "phone"],
                name="jobs_jobseeker_unique_phone_per_fair",
                violation_error_message=_("Số điện thoại này đã được dùng để đăng ký ngày hội."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("jobs:seeker-detail", kwargs={"pk": self.pk})

    def get_ticket_url(self) -> str:
        return reverse("jobs:ticket", kwargs={"code": self.ticket_code})

    def age_on(self, day: datetime.date) -> int:
        before_birthday = (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day)
        return day.year - self.date_of_birth.year - before_birthday

    @property
    def desired_keywords(self) -> list[str]:
        return [part.strip().lower() for part in self.desired_positions.replace(";", ",").split(",") if part.strip()]


class ApplicationQuerySet(UnitScopedQuerySet):
    unit_lookup = "seeker__fair__unit"

    def interviewed(self):
        return self.filter(status__in=Application.INTERVIEWED_OR_LATER)

    def hired(self):
        return self.filter(status=Application.Status.HIRED)


class Application(TimeStampedModel):
    """A seeker applying to a vacancy, and how it ended."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Đã nộp hồ sơ")
        INTERVIEWED = "interviewed", _("Đã phỏng vấn")
        OFFERED = "offered", _("Được mời nhận việc")
        HIRED = "hired", _("Đã tuyển dụng")
        NOT_SELECTED = "not_selected", _("Không trúng tuyển")
        DECLINED = "declined", _("Người lao động từ chối")

    class Source(models.TextChoices):
        TICKET = "ticket", _("Tự nộp qua vé")
        STAFF = "staff", _("Cán bộ ghi nhận tại ngày hội")
        EMPLOYER = "employer", _("Nhà tuyển dụng ghi nhận")

    INTERVIEWED_OR_LATER = (Status.INTERVIEWED, Status.OFFERED, Status.HIRED, Status.NOT_SELECTED, Status.DECLINED)

    seeker = models.ForeignKey(
        JobSeeker, verbose_name=_("người tìm việc"), on_delete=models.CASCADE, related_name="applications"
    )
    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("vị trí tuyển dụng"), on_delete=models.CASCADE, related_name="applications"
    )
    status = models.CharField(_("kết quả"), max_length=15, choices=Status.choices, default=Status.APPLIED)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices, default=Source.TICKET)
    interviewed_at = models.DateTimeField(_("phỏng vấn lúc"), null=True, blank=True)
    hired_at = models.DateTimeField(_("tuyển dụng lúc"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    updated_by = actor_field(_("người cập nhật"))

    history = HistoricalRecords(get_user=history_user)
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ ứng tuyển")
        verbose_name_plural = _("hồ sơ ứng tuyển")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seeker", "vacancy"],
                name="jobs_application_unique_seeker_vacancy",
                violation_error_message=_("Người này đã ứng tuyển vị trí này."),
            ),
            models.CheckConstraint(
                condition=~Q(status="hired") | Q(hired_at__isnull=False),
                name="jobs_application_hired_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seeker} → {self.vacancy}"


class CounsellingSessionQuerySet(UnitScopedQuerySet):
    unit_lookup = "school"

    def in_year(self, year: int):
        return self.filter(held_on__year=year)


class CounsellingSession(TimeStampedModel):
    """A career-counselling activity (tư vấn hướng nghiệp) held at a school."""

    school = models.ForeignKey(
        Unit,
        verbose_name=_("trường"),
        on_delete=models.PROTECT,
        related_name="counselling_sessions",
        limit_choices_to={"kind": Unit.Kind.SCHOOL},
    )
    held_on = models.DateField(_("ngày tổ chức"), validators=[validate_not_in_future])
    title = models.CharField(_("tên hoạt động"), max_length=255)
    topics = models.TextField(_("nội dung tư vấn"))
    speakers = models.TextField(_("báo cáo viên"), help_text=_("Mỗi dòng một người, kèm chức danh, cơ quan."))
    attendance = models.PositiveIntegerField(_("số học sinh, sinh viên tham gia"), validators=[MinValueValidator(1)])
    partners = models.CharField(_("đơn vị phối hợp"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = actor_field(_("người ghi nhận"))

    objects = CounsellingSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("buổi tư vấn hướng nghiệp")
        verbose_name_plural = _("buổi tư vấn hướng nghiệp")
        ordering = ["-held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance__gte=1),
                name="jobs_counsellingsession_attendance_positive",
                violation_error_message=_("Số người tham gia phải từ 1 trở lên."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.school}"

    def clean(self) -> None:
        super().clean()
        if self.school_id and self.school.kind != Unit.Kind.SCHOOL:
            raise ValidationError({"school": _("Chỉ ghi nhận tư vấn hướng nghiệp tại đơn vị loại Đoàn trường.")})
