"""Forms of the events pages: they validate; the services decide and save."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from accounts.widgets import use_unit_picker
from common.antispam import HoneypotFormMixin
from common.choices import Ethnicity, Gender
from common.forms import DateInput, SpreadsheetField
from common.validators import normalize_phone, validate_vietnamese_phone
from ventures.models import Entrepreneur, Venture

from .models import Booth, Event, EventMaterial, StartupClub, StartupSpace


class DateTimeInput(forms.DateTimeInput):
    """A native date-and-time picker; the value is read in the portal's time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _no_tag_helper(layout=None) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    if layout is not None:
        helper.layout = layout
    return helper


class EventForm(forms.ModelForm):
    audiences = forms.MultipleChoiceField(
        label=_("Đối tượng"), choices=Event.Audience.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    online_url = forms.URLField(
        label=_("Đường dẫn trực tuyến"),
        required=False,
        assume_scheme="https",
        help_text=_("Phòng họp trực tuyến hoặc trang phát trực tiếp, nếu có."),
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "venue",
            "online_url",
            "unit",
            "partners",
            "plan_reference",
            "capacity",
            "audiences",
            "agenda",
            "speakers",
            "counts_as_training",
            "is_public",
            "registration_closes_at",
            "status",
            "signer_name",
            "signer_title",
            "certificate_symbol",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "registration_closes_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "speakers": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["status"].choices = [
            (Event.Status.DRAFT, Event.Status.DRAFT.label),
            (Event.Status.PUBLISHED, Event.Status.PUBLISHED.label),
        ]
        if self.instance.status == Event.Status.CANCELLED:
            del self.fields["status"]
        self.helper = _no_tag_helper(
            Layout(
                Fieldset(
                    _("Sự kiện"),
                    Row(Column("kind", css_class="col-md-4"), Column("title", css_class="col-md-8")),
                    "description",
                    Row(Column("starts_at", css_class="col-md-6"), Column("ends_at", css_class="col-md-6")),
                    Row(Column("venue", css_class="col-md-6"), Column("online_url", css_class="col-md-6")),
                ),
                Fieldset(
                    _("Tổ chức"),
                    Row(Column("unit", css_class="col-md-6"), Column("plan_reference", css_class="col-md-6")),
                    "partners",
                    "agenda",
                    "speakers",
                ),
                Fieldset(
                    _("Đăng ký"),
                    Row(
                        Column("capacity", css_class="col-md-4"),
                        Column("registration_closes_at", css_class="col-md-4"),
                        Column(*(["status"] if "status" in self.fields else []), css_class="col-md-4"),
                    ),
                    "audiences",
                    Field("counts_as_training"),
                    Field("is_public"),
                ),
                Fieldset(
                    _("Giấy chứng nhận (lớp tập huấn)"),
                    Row(
                        Column("signer_name", css_class="col-md-5"),
                        Column("signer_title", css_class="col-md-4"),
                        Column("certificate_symbol", css_class="col-md-3"),
                    ),
                ),
            )
        )

    def clean(self):
        cleaned = super().clean()
        starts, ends, closes = cleaned.get("starts_at"), cleaned.get("ends_at"), cleaned.get("registration_closes_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("Thời gian kết thúc phải sau thời gian bắt đầu."))
        if closes and ends and closes > ends:
            self.add_error("registration_closes_at", _("Hạn đăng ký phải trước khi sự kiện kết thúc."))
        if not cleaned.get("venue") and not cleaned.get("online_url"):
            self.add_error("venue", _("Cần ghi địa điểm hoặc đường dẫn trực tuyến."))
        return cleaned


class PersonFieldsMixin(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    date_of_birth = forms.DateField(label=_("Ngày sinh"), widget=DateInput())
    gender = forms.ChoiceField(label=_("Giới tính"), choices=Gender.choices)
    ethnicity = forms.ChoiceField(label=_("Dân tộc"), choices=Ethnicity.choices, initial=Ethnicity.KINH)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20)
    email = forms.EmailField(label=_("Email"), required=False, help_text=_("Không bắt buộc; để nhận vé qua email."))
    organisation = forms.CharField(label=_("Trường, lớp hoặc nơi công tác"), max_length=255, required=False)

    # With the `unit` each form declares: the details `services.registration_create` takes.
    DETAILS = ("full_name", "date_of_birth", "gender", "ethnicity", "phone", "email", "unit", "organisation")

    def person_details(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.DETAILS}

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data["phone"])
        validate_vietnamese_phone(phone)
        return phone

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born and born >= timezone.localdate():
            raise forms.ValidationError(_("Ngày sinh phải trước hôm nay."))
        return born


class PublicRegistrationForm(HoneypotFormMixin, PersonFieldsMixin):
    unit = forms.ModelChoiceField(
        label=_("Đơn vị Đoàn"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Đoàn xã, phường hoặc Đoàn trường của bạn, nếu biết."),
    )
    agree = forms.BooleanField(
        label=_("Tôi đồng ý để Ban tổ chức dùng thông tin trên cho việc tổ chức và thống kê sự kiện."),
        required=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.active().exclude(kind=Unit.Kind.BRANCH).order_by("path")
        self.helper = _no_tag_helper(
            Layout(
                "full_name",
                Row(Column("date_of_birth", css_class="col-sm-6"), Column("gender", css_class="col-sm-6")),
                Row(Column("ethnicity", css_class="col-sm-6"), Column("phone", css_class="col-sm-6")),
                "email",
                "unit",
                "organisation",
                "agree",
                "website",
            )
        )


class UnitRegistrationForm(PersonFieldsMixin):
    """A unit registers someone: from the registry, or a new person with their details."""

    entrepreneur = forms.ModelChoiceField(
        label=_("Thanh niên trong danh sách của đơn vị"),
        queryset=Entrepreneur.objects.none(),
        required=False,
        help_text=_("Chọn người đã có trong danh sách; nếu chưa có, để trống và ghi thông tin bên dưới."),
    )
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())

    PERSON_FIELDS = ("full_name", "date_of_birth", "gender", "ethnicity", "phone")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entrepreneur"].queryset = (
            Entrepreneur.objects.visible_to(user).select_related("unit").order_by("full_name")
        )
        self.fields["unit"].queryset = Unit.objects.visible_to(user).active().order_by("path")
        use_unit_picker(self.fields["unit"], active_only=True)
        self.fields["unit"].required = False
        for name in self.PERSON_FIELDS:
            self.fields[name].required = False
        self.helper = _no_tag_helper(
            Layout(
                "entrepreneur",
                Fieldset(
                    _("Hoặc người mới"),
                    "full_name",
                    Row(Column("date_of_birth", css_class="col-sm-6"), Column("gender", css_class="col-sm-6")),
                    Row(Column("ethnicity", css_class="col-sm-6"), Column("phone", css_class="col-sm-6")),
                    "email",
                    Row(Column("unit", css_class="col-sm-6"), Column("organisation", css_class="col-sm-6")),
                ),
            )
        )

    def clean_phone(self):
        if not self.cleaned_data.get("phone"):
            return ""
        return super().clean_phone()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("entrepreneur"):
            return cleaned
        for name in ("full_name", "date_of_birth", "gender", "phone", "unit"):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, _("Chọn người trong danh sách, hoặc ghi thông tin này cho người mới."))
        return cleaned


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Mã vé"), max_length=64)


class AttendanceImportForm(forms.Form):
    file = SpreadsheetField(label=_("Tệp danh sách điểm danh (.xlsx, .xls, .ods)"))


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Bạn đánh giá sự kiện thế nào?"),
        choices=[
            (5, _("5 – Rất hữu ích")),
            (4, _("4 – Hữu ích")),
            (3, _("3 – Bình thường")),
            (2, _("2 – Ít hữu ích")),
            (1, _("1 – Không hữu ích")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Góp ý cho Ban tổ chức"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MaterialForm(forms.ModelForm):
    class Meta:
        model = EventMaterial
        fields = ["kind", "title", "file"]


class BoothForm(forms.ModelForm):
    class Meta:
        model = Booth
        fields = ["venture", "number", "products", "ocop_product"]
        widgets = {"products": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venture"].queryset = Venture.objects.visible_to(user).order_by("name")
        if "ocop_product" in self.fields:
            self.fields["ocop_product"].required = False


def schools_within_reach(user):
    """School unions the user may register a club or space at: only their own subtree's."""
    return Unit.objects.visible_to(user).filter(kind=Unit.Kind.SCHOOL).active().order_by("name")


class ClubForm(forms.ModelForm):
    class Meta:
        model = StartupClub
        fields = ["unit", "school", "name", "members", "mentor", "activities", "founded_on", "is_active"]
        widgets = {"founded_on": DateInput(), "activities": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.visible_to(user).active()
        self.fields["unit"].queryset = units.order_by("path")
        self.fields["school"].queryset = schools_within_reach(user)


class SpaceForm(forms.ModelForm):
    class Meta:
        model = StartupSpace
        fields = ["unit", "school", "name", "address", "area_m2", "equipment", "opened_on", "is_active"]
        widgets = {"opened_on": DateInput(), "equipment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).active().order_by("path")
        use_unit_picker(self.fields["unit"], active_only=True)
        self.fields["school"].queryset = schools_within_reach(user)
