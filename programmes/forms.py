"""Forms and the participant filter of the model programmes. Forms only validate;
the services in `programmes.py` write."""

from __future__ import annotations

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.forms import limit_owner_field
from accounts.models import Unit
from common.choices import Ethnicity, Gender
from common.forms import DateInput
from common.search import matching
from common.validators import normalize_phone, validate_birth_date
from ventures.filters import ScopedFilterSet, UnitSubtreeFilter
from ventures.forms import columns, section
from ventures.models import Entrepreneur, Venture

from .models import ModelProgramme, ProgrammeParticipant, SupportRecord, TrainingSession


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout)
    return helper


class ProgrammeForm(forms.ModelForm):
    eligible_kinds = forms.MultipleChoiceField(
        label=_("Loại hình mô hình được đăng ký"),
        choices=Venture.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Không chọn loại nào: nhận mọi loại hình."),
    )

    class Meta:
        model = ModelProgramme
        fields = [
            "name",
            "plan_number",
            "owner",
            "status",
            "description",
            "start_date",
            "end_date",
            "registration_deadline",
            "target_models",
            "reports_monthly",
            "reports_half_yearly",
            "reports_yearly",
            "reporting_from",
            "evaluation_from",
            "eligible_kinds",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "registration_deadline": DateInput(),
            "reporting_from": DateInput(),
            "evaluation_from": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        limit_owner_field(self, user=user)
        self.helper = _helper(
            section(_("Chương trình")),
            "name",
            columns("plan_number", "owner", "status"),
            "description",
            section(_("Thời gian và chỉ tiêu")),
            columns("start_date", "end_date", "registration_deadline"),
            columns("target_models", "evaluation_from"),
            section(_("Báo cáo tiến độ")),
            columns("reports_monthly", "reports_half_yearly", "reports_yearly"),
            "reporting_from",
            section(_("Đối tượng")),
            "eligible_kinds",
        )


def _map_errors(form: forms.Form, error: ValidationError, prefix: str, fields: set[str]) -> None:
    """Put a model's validation errors on the form fields that carry them."""
    for name, messages in error.message_dict.items():
        target = f"{prefix}{name}"
        for message in messages:
            form.add_error(target if target in fields else None, message)


class ParticipantRegisterForm(forms.Form):
    """Register a venture already on the portal, or declare one (and its owner) here."""

    unit = forms.ModelChoiceField(label=_("Đơn vị đăng ký"), queryset=Unit.objects.none())
    branch_name = forms.CharField(
        label=_("Chi đoàn"), max_length=150, required=False, help_text=_("Chi đoàn mà chủ mô hình làm Bí thư.")
    )
    venture = forms.ModelChoiceField(
        label=_("Mô hình đã có trên cổng"), queryset=Venture.objects.none(), required=False
    )
    venture_name = forms.CharField(label=_("Tên mô hình mới"), max_length=255, required=False)
    sector = forms.ChoiceField(
        label=_("Nhóm ngành nghề"),
        choices=[("", "---------"), *Venture.Sector.choices],
        required=False,
        help_text=_("Để trống khi chọn mô hình đã có: lấy theo lĩnh vực của mô hình."),
    )
    founded_on = forms.DateField(label=_("Ngày bắt đầu mô hình"), required=False, widget=DateInput())
    employees = forms.IntegerField(label=_("Số lao động"), min_value=0, required=False)
    annual_revenue = forms.IntegerField(label=_("Doanh thu năm (đồng)"), min_value=0, required=False)
    description = forms.CharField(
        label=_("Quy mô, sản phẩm"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.ModelChoiceField(
        label=_("Chủ mô hình đã có trên cổng"), queryset=Entrepreneur.objects.none(), required=False
    )
    owner_full_name = forms.CharField(label=_("Họ và tên chủ mô hình mới"), max_length=150, required=False)
    owner_date_of_birth = forms.DateField(label=_("Ngày sinh"), required=False, widget=DateInput())
    owner_gender = forms.ChoiceField(
        label=_("Giới tính"), choices=[("", "---------"), *Gender.choices], required=False
    )
    owner_ethnicity = forms.ChoiceField(label=_("Dân tộc"), choices=Ethnicity.choices, initial=Ethnicity.KINH)
    owner_phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    owner_citizen_id = forms.CharField(label=_("Số CCCD"), max_length=12, required=False)
    support_needs = forms.CharField(
        label=_("Nhu cầu hỗ trợ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vốn, kỹ thuật, đầu ra sản phẩm, đăng ký nhãn hiệu…"),
    )

    OWNER_FIELDS = ("full_name", "date_of_birth", "gender", "ethnicity", "phone", "citizen_id")
    VENTURE_FIELDS = {"name": "venture_name", "sector": "sector", "founded_on": "founded_on"}

    def __init__(self, *args, programme: ModelProgramme, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        units = Unit.objects.visible_to(user).active().filter(path__startswith=programme.owner.path)
        self.fields["unit"].queryset = units
        self.fields["unit"].initial = units.order_by("path").first()
        ventures = (
            Venture.objects.visible_to(user)
            .filter(unit__path__startswith=programme.owner.path)
            .exclude(programme_participations__programme=programme)
            .select_related("unit")
        )
        if programme.eligible_kinds:
            ventures = ventures.filter(kind__in=programme.eligible_kinds)
        self.fields["venture"].queryset = ventures
        self.fields["owner"].queryset = Entrepreneur.objects.visible_to(user).filter(
            unit__path__startswith=programme.owner.path
        )
        self.new_owner: Entrepreneur | None = None
        self.new_venture: Venture | None = None
        self.helper = _helper(
            section(_("Đơn vị đăng ký")),
            columns("unit", "branch_name"),
            section(_("Cách 1: chọn mô hình đã có trên cổng")),
            "venture",
            section(_("Cách 2: khai báo mô hình mới")),
            columns("venture_name", "founded_on"),
            columns("employees", "annual_revenue"),
            "description",
            HTML(
                '<p class="small text-muted mb-2">'
                + str(_("Chủ mô hình: chọn người đã có trên cổng, hoặc ghi thông tin người mới."))
                + "</p>"
            ),
            "owner",
            columns("owner_full_name", "owner_date_of_birth", "owner_gender"),
            columns("owner_ethnicity", "owner_phone", "owner_citizen_id"),
            section(_("Phân loại và nhu cầu")),
            "sector",
            "support_needs",
        )

    def clean_owner_phone(self) -> str:
        phone = self.cleaned_data["owner_phone"]
        return normalize_phone(phone) if phone else ""

    def clean(self):
        data = super().clean()
        unit = data.get("unit")
        if data.get("venture") and data.get("venture_name"):
            raise ValidationError(_("Chọn mô hình đã có hoặc khai báo mô hình mới, không làm cả hai."))
        if data.get("venture"):
            return data
        if not data.get("venture_name"):
            if "venture" not in self.errors:
                self.add_error("venture", _("Chọn mô hình đã có, hoặc ghi tên mô hình mới ở Cách 2."))
            return data
        if not data.get("sector"):
            self.add_error("sector", _("Chọn nhóm ngành nghề của mô hình mới."))
        if unit is None:
            return data
        self._build_owner(data, unit)
        self._build_venture(data, unit)
        return data

    def _build_owner(self, data: dict, unit: Unit) -> None:
        if data.get("owner"):
            if data.get("owner_full_name"):
                self.add_error("owner", _("Chọn người đã có hoặc ghi người mới, không làm cả hai."))
            return
        if not data.get("owner_full_name"):
            self.add_error("owner", _("Chọn chủ mô hình đã có, hoặc ghi họ tên, ngày sinh, giới tính người mới."))
            return
        person = Entrepreneur(
            unit=unit,
            **{name: data.get(f"owner_{name}") or "" for name in ("full_name", "gender", "ethnicity", "phone")},
            citizen_id=data.get("owner_citizen_id") or "",
            date_of_birth=data.get("owner_date_of_birth"),
        )
        person.full_name = " ".join(person.full_name.split())
        try:
            validate_birth_date(person.date_of_birth)
        except ValidationError as error:
            self.add_error("owner_date_of_birth", error)
            return
        try:
            person.full_clean()
        except ValidationError as error:
            _map_errors(self, error, "owner_", set(self.fields))
            return
        self.new_owner = person

    def _build_venture(self, data: dict, unit: Unit) -> None:
        venture = Venture(
            name=data["venture_name"].strip(),
            kind=self.programme.default_kind,
            sector=data.get("sector") or "",
            unit=unit,
            founded_on=data.get("founded_on"),
            employees=data.get("employees") or 0,
            annual_revenue=data.get("annual_revenue") or 0,
            description=data.get("description") or "",
        )
        try:
            venture.full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(self.VENTURE_FIELDS.get(name, name if name in self.fields else None), message)
            return
        self.new_venture = venture

    def participant(self) -> ProgrammeParticipant:
        data = self.cleaned_data
        venture = data.get("venture")
        return ProgrammeParticipant(
            programme=self.programme,
            unit=data["unit"],
            venture=venture,
            branch_name=data.get("branch_name", ""),
            sector=data.get("sector") or (venture.sector if venture else ""),
            support_needs=data.get("support_needs", ""),
        )


class ParticipantSelectForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[
            (ProgrammeParticipant.Status.SELECTED, _("Lựa chọn")),
            (ProgrammeParticipant.Status.NOT_SELECTED, _("Không lựa chọn")),
        ],
    )
    sector = forms.ChoiceField(
        label=_("Nhóm ngành nghề"),
        choices=Venture.Sector.choices,
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    note = forms.CharField(
        label=_("Ý kiến"),
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


class ParticipantEvaluateForm(forms.ModelForm):
    class Meta:
        model = ProgrammeParticipant
        fields = ["is_successful", "to_commend", "to_replicate", "evaluation_note"]
        widgets = {"evaluation_note": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(columns("is_successful", "to_commend", "to_replicate"), "evaluation_note")

    def clean(self):
        data = super().clean()
        if (data.get("to_commend") or data.get("to_replicate")) and not data.get("is_successful"):
            raise ValidationError(_("Chỉ đề nghị tuyên dương, nhân rộng mô hình đã xây dựng thành công."))
        return data


class SupportRecordForm(forms.ModelForm):
    class Meta:
        model = SupportRecord
        fields = ["kind", "date", "amount", "provider", "description"]
        widgets = {"date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, participant: ProgrammeParticipant, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.participant = participant
        self.helper = _helper(columns("kind", "date"), columns("amount", "provider"), "description")


class TrainingSessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["title", "date", "place", "trainer", "topic"]
        widgets = {"date": DateInput(), "topic": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, programme: ModelProgramme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.helper = _helper("title", columns("date", "place"), "trainer", "topic")


class ParticipantChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.venture.name} · {obj.unit.name}"


class AttendanceForm(forms.Form):
    attended = ParticipantChoiceField(
        label=_("Có mặt"),
        queryset=ProgrammeParticipant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, session: TrainingSession, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = (
            session.programme.participants.filter(status__in=ProgrammeParticipant.TAKING_PART)
            .select_related("venture", "unit")
            .order_by("unit__path", "venture__name", "pk")
        )


class ParticipantFilter(ScopedFilterSet):
    RESULTS = [
        ("successful", _("Xây dựng thành công")),
        ("commend", _("Đề nghị tuyên dương")),
        ("replicate", _("Nhân rộng")),
    ]

    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="search")
    unit = UnitSubtreeFilter(label=_("Đơn vị"), queryset=Unit.objects.none(), field_name="unit")
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=ProgrammeParticipant.Status.choices)
    sector = django_filters.ChoiceFilter(label=_("Nhóm ngành nghề"), choices=Venture.Sector.choices)
    result = django_filters.ChoiceFilter(label=_("Đánh giá"), choices=RESULTS, method="filter_result")

    class Meta:
        model = ProgrammeParticipant
        fields = ["q", "unit", "status", "sector", "result"]

    def search(self, queryset, name, value):
        # The venture's or an owner's name whatever the diacritics (common.search); the branch as typed.
        condition = matching(
            value, paths=["venture__search_text", "venture__owners__search_text"], plain=["branch_name"]
        )
        if condition is None:
            return queryset
        return queryset.filter(pk__in=ProgrammeParticipant.objects.filter(condition).values("pk"))

    def filter_result(self, queryset, name, value):
        flag = {"successful": "is_successful", "commend": "to_commend", "replicate": "to_replicate"}[value]
        return queryset.filter(**{flag: True})
