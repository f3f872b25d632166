"""Events and training: forums, training classes, startup days, study visits, talks,
creative festivals and trade days; who registered, who came, what they thought; the
booths at festivals; and the startup clubs and spaces of schools.

An event belongs to its organising unit. People register through the public page or
are registered by a unit; a registration links to the registry's `Entrepreneur` when
the person is in it, and otherwise holds the few details of a plain registrant. The
"youth trained" count is read from the attended registrations of events that count as
startup training (see `selectors.trained`).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Unit
from accounts.scoping import UnitScopedQuerySet, access_of, province_scope_q, unit_scope_q
from common.choices import Ethnicity, Gender
from common.history import history_user
from common.models import CertificateIssuer, TimeStampedModel, VoidableModel, VoidableQuerySetMixin, actor_field
from common.search import FoldedTextIndex, SearchTextMixin, SearchTextQuerySet
from common.uploads import FileContentValidator
from common.validators import validate_vietnamese_phone
from ventures.models import Entrepreneur, Venture


class EventQuerySet(SearchTextQuerySet, VoidableQuerySetMixin, UnitScopedQuerySet):
    def visible_to(self, user):
        """Staff and officers see their units' events and every published event of their
        province (to register their people), never another province's; others see none."""
        access = access_of(user)
        if not access.scoped_paths and not access.is_superuser:
            return self.none()
        return self.filter(unit_scope_q(user) | (province_scope_q(user) & ~Q(status=Event.Status.DRAFT)))

    def managed_by(self, user):
        """Events whose organising unit the user reaches: they edit them and check people in."""
        return self.filter(unit_scope_q(user))

    def public(self):
        return self.filter(status=Event.Status.PUBLISHED, is_public=True, voided_at__isnull=True)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())


class Event(SearchTextMixin, VoidableModel, CertificateIssuer, TimeStampedModel):
    search_text_from = ("title", "venue")

    class Kind(models.TextChoices):
        FORUM = "forum", _("Diễn đàn")
        TRAINING = "training", _("Lớp tập huấn")
        STARTUP_DAY = "startup_day", _("Ngày hội khởi nghiệp")
        STUDY_VISIT = "study_visit", _("Tham quan học tập")
        TALK = "talk", _("Tọa đàm, giao lưu")
        FESTIVAL = "festival", _("Liên hoan sáng tạo")
        MARKET = "market", _("Phiên chợ")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        PUBLISHED = "published", _("Đã công bố")
        CANCELLED = "cancelled", _("Đã hủy")

    class Audience(models.TextChoices):
        STUDENTS = "students", _("Học sinh, sinh viên")
        UNION_OFFICERS = "union_officers", _("Cán bộ Đoàn")
        TEACHERS = "teachers", _("Giáo viên, giảng viên")
        ENTREPRENEURS = "entrepreneurs", _("Thanh niên khởi nghiệp, doanh nhân trẻ")
        RURAL_YOUTH = "rural_youth", _("Thanh niên nông thôn")

    kind = models.CharField(_("loại sự kiện"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tên sự kiện"), max_length=255)
    description = models.TextField(_("giới thiệu"), blank=True)
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    online_url = models.URLField(_("đường dẫn trực tuyến"), blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="organised_events"
    )
    partners = models.TextField(
        _("đơn vị phối hợp"), blank=True, help_text=_("Mỗi dòng một đơn vị, ví dụ: Trường Đại học Tây Bắc.")
    )
    # TODO(reports): becomes a link to the plan activity once the reports app has plans.
    plan_reference = models.CharField(
        _("thực hiện kế hoạch"),
        max_length=255,
        blank=True,
        help_text=_("Số kế hoạch và mục, ví dụ: KH 106-KH/TĐTN-PT, mục II.3."),
    )
    capacity = models.PositiveIntegerField(
        _("số chỗ"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Để trống nếu không giới hạn; quá số chỗ, người đăng ký vào danh sách chờ."),
    )
    audiences = models.JSONField(_("đối tượng"), default=list, blank=True)
    agenda = models.TextField(_("chương trình"), blank=True, help_text=_("Mỗi dòng một mục: giờ, nội dung."))
    speakers = models.TextField(_("báo cáo viên, diễn giả"), blank=True)
    counts_as_training = models.BooleanField(
        _("tính là tập huấn khởi nghiệp"),
        default=False,
        help_text=_("Người tham dự được tính vào chỉ tiêu thanh niên được tập huấn kiến thức khởi nghiệp."),
    )
    is_public = models.BooleanField(
        _("công khai, nhận đăng ký trực tuyến"),
        default=True,
        help_text=_("Hiện trên lịch sự kiện công khai và cho phép mọi người tự đăng ký."),
    )
    registration_closes_at = models.DateTimeField(
        _("hạn đăng ký"), null=True, blank=True, help_text=_("Để trống: nhận đăng ký đến khi sự kiện bắt đầu.")
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    attendance_closed_at = models.DateTimeField(_("chốt điểm danh lúc"), null=True, blank=True)
    attendance_closed_by = actor_field(_("người chốt điểm danh"))
    created_by = actor_field(_("người tạo"))

    history = HistoricalRecords(get_user=history_user, excluded_fields=["search_text"])
    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        ordering = ["-starts_at", "pk"]
        indexes = [FoldedTextIndex(name="events_event_search")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="events_event_ends_after_start",
                violation_error_message=_("Thời gian kết thúc phải sau thời gian bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="events_event_capacity_positive",
                violation_error_message=_("Số chỗ phải từ 1 trở lên."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event-detail", kwargs={"pk": self.pk})

    def get_public_url(self) -> str:
        return reverse("events:public-event", kwargs={"pk": self.pk})

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(self.Audience.choices)
        return [str(labels[a]) for a in self.audiences if a in labels]

    @property
    def partner_lines(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    @property
    def agenda_lines(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    @property
    def registration_deadline(self):
        return self.registration_closes_at or self.starts_at

    def has_ended(self, now=None) -> bool:
        return self.ends_at < (now or timezone.now())

    def accepts_registrations(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.PUBLISHED and now <= self.registration_deadline

    @property
    def gives_certificates(self) -> bool:
        return self.kind == self.Kind.TRAINING


class RegistrationQuerySet(SearchTextQuerySet):
    def visible_to(self, user):
        """Registrations of the events a user manages, and those of their own units' people."""
        access = access_of(user)
        if not access.scoped_paths and not access.is_superuser:
            return self.none()
        return self.filter(unit_scope_q(user, lookup="event__unit") | unit_scope_q(user, lookup="unit"))

    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def attended(self):
        return self.filter(status=Registration.Status.CONFIRMED, checked_in_at__isnull=False)


class Registration(SearchTextMixin, TimeStampedModel):
    """One person's place at one event: confirmed, on the waiting list, or cancelled.

    A person from the registry is linked through `entrepreneur` (their name and
    details are read from there); a plain registrant's details are kept here. `phone`
    is always the normalised number ("0912345678") when the person has one: it is the
    key that keeps a person from registering twice and that counts distinct people.
    """

    search_text_from = ("full_name", "phone")

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Đã xác nhận")
        WAITING = "waiting", _("Danh sách chờ")
        CANCELLED = "cancelled", _("Đã hủy")

    class Source(models.TextChoices):
        PUBLIC = "public", _("Tự đăng ký trực tuyến")
        UNIT = "unit", _("Đơn vị đăng ký")

    event = models.ForeignKey(Event, verbose_name=_("sự kiện"), on_delete=models.CASCADE, related_name="registrations")
    entrepreneur = models.ForeignKey(
        Entrepreneur,
        verbose_name=_("thanh niên trong danh sách"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=2, choices=Ethnicity.choices, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True, validators=[validate_vietnamese_phone])
    email = models.EmailField(_("email"), blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị, trường"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.CharField(
        _("nơi học tập, công tác"), max_length=255, blank=True, help_text=_("Trường, lớp, cơ quan hoặc thôn, bản.")
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    waiting_position = models.PositiveIntegerField(_("thứ tự chờ"), null=True, blank=True)
    source = models.CharField(_("cách đăng ký"), max_length=10, choices=Source.choices, default=Source.PUBLIC)
    ticket_code = models.CharField(_("mã vé"), max_length=16, unique=True)
    registered_by = actor_field(_("người đăng ký hộ"))
    checked_in_at = models.DateTimeField(_("điểm danh lúc"), null=True, blank=True)
    checked_in_by = actor_field(_("người điểm danh"))
    cancelled_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("được chuyển từ danh sách chờ lúc"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("đánh giá"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("góp ý"), blank=True)
    feedback_at = models.DateTimeField(_("góp ý lúc"), null=True, blank=True)
    # A training class's certificate of attendance, given the first time it is printed
    # (`certificates_issue`): its number in the event's register, and the code of its public
    # verification page (not the ticket code, which opens the ticket's own page).
    certificate_serial = models.PositiveIntegerField(_("số giấy chứng nhận"), null=True, blank=True, editable=False)
    certificate_code = models.CharField(_("mã xác minh giấy chứng nhận"), max_length=12, blank=True, editable=False)

    history = HistoricalRecords(get_user=history_user, excluded_fields=["search_text"])
    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đăng ký tham dự")
        verbose_name_plural = _("đăng ký tham dự")
        ordering = ["event", "status", "waiting_position", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "phone"],
                condition=~Q(status="cancelled") & ~Q(phone=""),
                name="events_registration_once_per_phone",
                violation_error_message=_("Số điện thoại này đã đăng ký tham dự sự kiện."),
            ),
            models.UniqueConstraint(
                fields=["event", "entrepreneur"],
                condition=~Q(status="cancelled") & Q(entrepreneur__isnull=False),
                name="events_registration_once_per_entrepreneur",
                violation_error_message=_("Người này đã đăng ký tham dự sự kiện."),
            ),
            models.UniqueConstraint(
                fields=["event", "certificate_serial"], name="events_registration_unique_certificate_serial"
            ),
            models.UniqueConstraint(
                fields=["certificate_code"],
                condition=~Q(certificate_code=""),
                name="events_registration_unique_certificate_code",
            ),
            models.UniqueConstraint(
                fields=["event", "waiting_position"],
                condition=Q(status="waiting"),
                name="events_registration_unique_waiting_position",
            ),
            models.CheckConstraint(
                condition=Q(entrepreneur__isnull=False) | ~Q(full_name=""),
                name="events_registration_has_person",
                violation_error_message=_("Cần chọn người trong danh sách hoặc ghi họ tên người đăng ký."),
            ),
            models.CheckConstraint(
                condition=~Q(status="waiting") | Q(waiting_position__isnull=False),
                name="events_registration_waiting_has_position",
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                name="events_registration_checked_in_confirmed",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                name="events_registration_rating_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"]), FoldedTextIndex(name="events_reg_search")]

    def __str__(self) -> str:
        return f"{self.person_name} · {self.event}"

    def get_ticket_url(self) -> str:
        return reverse("events:ticket", kwargs={"code": self.ticket_code})

    # What the pages show, read from the registry when the person is in it.
    @property
    def person_name(self) -> str:
        return self.entrepreneur.full_name if self.entrepreneur_id else self.full_name

    @property
    def person_gender(self) -> str:
        return self.entrepreneur.gender if self.entrepreneur_id else self.gender

    @property
    def person_ethnicity(self) -> str:
        return self.entrepreneur.ethnicity if self.entrepreneur_id else self.ethnicity

    @property
    def person_birth(self):
        return self.entrepreneur.date_of_birth if self.entrepreneur_id else self.date_of_birth

    @property
    def person_email(self) -> str:
        return (self.entrepreneur.email if self.entrepreneur_id else "") or self.email

    @property
    def gender_label(self) -> str:
        return str(dict(Gender.choices).get(self.person_gender, ""))

    @property
    def ethnicity_label(self) -> str:
        return str(dict(Ethnicity.choices).get(self.person_ethnicity, ""))

    @property
    def attended(self) -> bool:
        return self.checked_in_at is not None


def material_path(instance: EventMaterial, filename: str) -> str:
    return f"events/{instance.event_id}/{filename}"


class EventMaterial(TimeStampedModel):
    """A document handed out at the event, or a photo of it; served only to its managers."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Tài liệu")
        PHOTO = "photo", _("Ảnh")

    event = models.ForeignKey(Event, verbose_name=_("sự kiện"), on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.DOCUMENT)
    title = models.CharField(_("tên"), max_length=255)
    file = models.FileField(
        _("tệp"),
        upload_to=material_path,
        validators=[
            FileContentValidator(kinds=("pdf", "docx", "pptx", "xlsx", "jpeg", "png"), max_bytes=20 * 1024 * 1024)
        ],
    )
    uploaded_by = actor_field(_("người tải lên"))

    class Meta:
        verbose_name = _("tài liệu, hình ảnh sự kiện")
        verbose_name_plural = _("tài liệu, hình ảnh sự kiện")
        ordering = ["kind", "-created_at"]

    def __str__(self) -> str:
        return self.title


class Booth(TimeStampedModel):
    """A venture exhibiting at a festival, startup day or trade day."""

    event = models.ForeignKey(Event, verbose_name=_("sự kiện"), on_delete=models.CASCADE, related_name="booths")
    venture = models.ForeignKey(
        Venture, verbose_name=_("mô hình trưng bày"), on_delete=models.PROTECT, related_name="event_booths"
    )
    number = models.CharField(_("số gian hàng"), max_length=20, blank=True)
    products = models.TextField(_("sản phẩm trưng bày"), help_text=_("Mỗi dòng một sản phẩm."))
    # The ocop app's product, when an exhibited product is OCOP-rated (string reference: no import).
    ocop_product = models.ForeignKey(
        "ocop.Product",
        verbose_name=_("sản phẩm OCOP"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_booths",
    )
    added_by = actor_field(_("người thêm"))

    class Meta:
        verbose_name = _("gian hàng")
        verbose_name_plural = _("gian hàng")
        ordering = ["event", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "venture"],
                name="events_booth_once_per_venture",
                violation_error_message=_("Mô hình này đã có gian hàng tại sự kiện."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.venture} · {self.event}"

    @property
    def product_lines(self) -> list[str]:
        return [line.strip() for line in self.products.splitlines() if line.strip()]


class StartupClub(TimeStampedModel):
    """A startup club a unit runs, usually in a school or college (plan-son-la §II.4)."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị quản lý"), on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        Unit,
        verbose_name=_("trường"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="startup_clubs",
        limit_choices_to={"kind": Unit.Kind.SCHOOL},
        help_text=_("Đoàn trường nơi câu lạc bộ sinh hoạt; để trống nếu câu lạc bộ không thuộc trường nào."),
    )
    name = models.CharField(_("tên câu lạc bộ"), max_length=255)
    members = models.PositiveIntegerField(_("số thành viên"), default=0)
    mentor = models.CharField(_("người hướng dẫn"), max_length=255, blank=True)
    activities = models.TextField(_("hoạt động"), blank=True)
    founded_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_by = actor_field(_("người tạo"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("câu lạc bộ khởi nghiệp")
        verbose_name_plural = _("câu lạc bộ khởi nghiệp")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="events_startupclub_unique_name",
                violation_error_message=_("Đơn vị đã có câu lạc bộ cùng tên."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StartupSpace(TimeStampedModel):
    """A startup or science-technology space (plan-dong-thap §II: spaces in three high schools)."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị quản lý"), on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        Unit,
        verbose_name=_("trường"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="startup_spaces",
        limit_choices_to={"kind": Unit.Kind.SCHOOL},
    )
    name = models.CharField(_("tên không gian"), max_length=255)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    area_m2 = models.PositiveIntegerField(_("diện tích (m²)"), null=True, blank=True)
    equipment = models.TextField(_("trang thiết bị"), blank=True)
    opened_on = models.DateField(_("ngày đưa vào hoạt động"), null=True, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_by = actor_field(_("người tạo"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("không gian khởi nghiệp")
        verbose_name_plural = _("không gian khởi nghiệp")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="events_startupspace_unique_name",
                violation_error_message=_("Đơn vị đã có không gian cùng tên."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
