"""Forms of the jobs app. They validate only; the services save."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import limit_owner_field
from accounts.models import Unit
from accounts.selectors import units_run_by
from accounts.widgets import use_unit_picker
from common.antispam import HoneypotFormMixin
from common.forms import DateInput, VndField
from common.validators import normalize_phone
from ventures.models import Venture

from .models import Application, CounsellingSession, Employer, JobFair, JobSeeker, Vacancy
from .privacy import CONSENT_TEXT
from .validators import normalise_tax_code


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class FairForm(forms.ModelForm):
    """A fair, by staff (owned by a unit they run) or by an officer for a unit under them (owned
    by that unit: an officer runs no unit, so the form has no `owner` field for them)."""

    class Meta:
        model = JobFair
        fields = [
            "name",
            "kind",
            "slug",
            "starts_at",
            "ends_at",
            "venue",
            "owner",
            "unit",
            "partners",
            "capacity",
            "description",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "partners": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"slug": _("Chữ thường không dấu, gạch ngang; ví dụ: ngay-hoi-viec-lam-2026.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).active().order_by("path")
        use_unit_picker(self.fields["unit"], active_only=True)
        if units_run_by(user=user).exists():
            limit_owner_field(self, user=user)
        else:
            del self.fields["owner"]
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]
        self.fields["ends_at"].input_formats = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]


class EmployerRegisterForm(HoneypotFormMixin, forms.ModelForm):
    """The public form an employer fills in to take part in a fair."""

    class Meta:
        model = Employer
        fields = [
            "name",
            "tax_code",
            "sector",
            "address",
            "contact_name",
            "contact_phone",
            "contact_email",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_tax_code(self) -> str:
        return normalise_tax_code(self.cleaned_data["tax_code"])

    def clean_contact_phone(self) -> str:
        return normalize_phone(self.cleaned_data["contact_phone"])


class VacancyForm(forms.ModelForm):
    salary_min = VndField(label=_("Lương từ (đồng/tháng)"), required=False, min_value=0)
    salary_max = VndField(
        label=_("Lương đến (đồng/tháng)"),
        required=False,
        min_value=0,
        help_text=_("Để trống cả hai ô nếu lương thỏa thuận."),
    )

    class Meta:
        model = Vacancy
        fields = [
            "position",
            "openings",
            "education",
            "skills",
            "age_min",
            "age_max",
            "salary_min",
            "salary_max",
            "work_location",
            "is_overseas",
            "description",
        ]
        widgets = {"skills": forms.Textarea(attrs={"rows": 2}), "description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", _("Mức lương tối thiểu không được lớn hơn mức lương tối đa."))
        return cleaned


class SeekerRegisterForm(HoneypotFormMixin, forms.ModelForm):
    """The public registration of a job seeker; consent is required and stored with its text."""

    consent = forms.BooleanField(
        label=_("Tôi đã đọc và đồng ý với nội dung xử lý dữ liệu cá nhân ở trên."),
        required=True,
        error_messages={"required": _("Cần đồng ý cho phép xử lý dữ liệu cá nhân để đăng ký.")},
    )

    class Meta:
        model = JobSeeker
        fields = [
            "full_name",
            "date_of_birth",
            "gender",
            "phone",
            "email",
            "address",
            "education",
            "major",
            "desired_positions",
            "wants_overseas",
        ]
        widgets = {"date_of_birth": DateInput()}

    consent_text = CONSENT_TEXT

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"])


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Mã vé"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "data-qr-target": "",
                "autofocus": "",
                "class": "form-control form-control-lg font-monospace",
            }
        ),
    )


class ApplicationForm(forms.Form):
    """Staff record that a seeker applies to a vacancy of the same fair."""

    vacancy = forms.ModelChoiceField(label=_("Vị trí tuyển dụng"), queryset=Vacancy.objects.none())

    def __init__(self, *args, vacancies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancy"].queryset = vacancies
        self.fields["vacancy"].label_from_instance = lambda v: f"{v.position} · {v.employer.name}"


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(label=_("Kết quả"), choices=Application.Status.choices)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Lý do không duyệt"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VentureLinkForm(forms.Form):
    venture = forms.ModelChoiceField(
        label=_("Mô hình kinh tế của thanh niên"),
        queryset=Venture.objects.none(),
        required=False,
        help_text=_("Để trống để bỏ liên kết."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venture"].queryset = Venture.objects.visible_to(user).order_by("name")


class CounsellingSessionForm(forms.ModelForm):
    class Meta:
        model = CounsellingSession
        fields = ["school", "held_on", "title", "topics", "speakers", "attendance", "partners", "note"]
        widgets = {
            "held_on": DateInput(),
            "topics": forms.Textarea(attrs={"rows": 3}),
            "speakers": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = (
            Unit.objects.visible_to(user).active(timezone.localdate()).filter(kind=Unit.Kind.SCHOOL).order_by("name")
        )
