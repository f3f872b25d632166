"""Forms of the invitations: staff invite a judge or mentor; the judge accepts the pledge and
declares conflicts of interest."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Contest, Entry, JudgeInvitation, Round
from ..selectors import invitations as selectors


class RoundChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Round) -> str:
        return f"{obj.order}. {obj.name} ({obj.get_kind_display()})"


class JudgeInvitationForm(forms.Form):
    """Who is invited (email, name, title, unit), as what, for which rounds. The service
    decides the rest (an existing account, a judge already on the panel)."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        error_messages={"invalid": _("Địa chỉ email không hợp lệ, ví dụ: nguyenvana@gmail.com.")},
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    title = forms.CharField(
        label=_("Chức danh"), max_length=150, required=False, help_text=_("Ví dụ: Giảng viên, Giám đốc doanh nghiệp.")
    )
    affiliation = forms.ModelChoiceField(
        label=_("Đơn vị công tác"),
        queryset=None,
        required=False,
        help_text=_(
            "Nếu giám khảo thuộc một đơn vị Đoàn; giám khảo không chấm bài của đơn vị đó và cấp trên, cấp dưới."
        ),
    )
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=JudgeInvitation.Role.choices, initial=JudgeInvitation.Role.JUDGE
    )
    rounds = RoundChoiceField(label=_("Vòng thi"), queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, contest: Contest, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest = contest
        self.fields["affiliation"].queryset = units
        self.fields["rounds"].queryset = selectors.invitable_rounds(contest=contest)
        self.fields["rounds"].error_messages["required"] = _("Chọn ít nhất một vòng thi.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("email", css_class="col-md-6"), Column("full_name", css_class="col-md-6")),
            Row(Column("title", css_class="col-md-6"), Column("affiliation", css_class="col-md-6")),
            Row(Column("role", css_class="col-md-4"), Column("rounds", css_class="col-md-8")),
        )

    def clean(self):
        cleaned = super().clean()
        role, rounds = cleaned.get("role"), cleaned.get("rounds")
        if role and rounds:
            if role == JudgeInvitation.Role.JUDGE and any(not r.is_scoring for r in rounds):
                self.add_error("rounds", _("Giám khảo chỉ chấm vòng chấm điểm; bỏ chọn vòng tư vấn."))
            if role == JudgeInvitation.Role.MENTOR and any(r.is_scoring for r in rounds):
                self.add_error("rounds", _("Chuyên gia tư vấn chỉ tham gia vòng tư vấn, hoàn thiện."))
        return cleaned


class PledgeForm(forms.Form):
    agree = forms.BooleanField(
        label=_("Tôi đã đọc và cam kết thực hiện đúng nội dung trên."),
        error_messages={"required": _("Hãy đánh dấu ô cam kết để tiếp tục.")},
    )


class EntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Entry) -> str:
        return f"{obj.code} · {obj.title}" if obj.code else obj.title


class ConflictForm(forms.Form):
    """One conflict: a unit, a person of the registry (by citizen id or phone) or an entry."""

    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=None,
        required=False,
        help_text=_("Bạn sẽ không được giao bài của đơn vị này và các đơn vị trực thuộc."),
    )
    person = forms.CharField(
        label=_("Người trong danh sách thanh niên (số CCCD hoặc số điện thoại)"),
        max_length=20,
        required=False,
        help_text=_("Ví dụ người thân, đối tác kinh doanh; bạn sẽ không được giao bài có người này trong nhóm."),
    )
    entry = EntryChoiceField(label=_("Bài dự thi"), queryset=None, required=False)
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=255,
        error_messages={"required": _("Cần ghi lý do xung đột lợi ích.")},
    )

    def __init__(self, *args, contest: Contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.conflict_units(contest=contest)
        self.fields["entry"].queryset = selectors.conflict_entries(contest=contest)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_person(self):
        identifier = self.cleaned_data["person"].strip()
        if not identifier:
            return None
        people = selectors.registry_people_matching(identifier=identifier)
        if not people:
            raise forms.ValidationError(_("Không tìm thấy người có số CCCD hoặc số điện thoại này trong danh sách."))
        if len(people) > 1:
            raise forms.ValidationError(_("Nhiều người dùng số điện thoại này; hãy nhập số CCCD."))
        return people[0]

    def clean(self):
        cleaned = super().clean()
        chosen = [name for name in ("unit", "person", "entry") if cleaned.get(name)]
        if not self.errors and len(chosen) != 1:
            raise forms.ValidationError(_("Chọn đúng một: đơn vị, người trong danh sách hoặc bài dự thi."))
        return cleaned

    def targets(self) -> dict:
        return {
            "unit": self.cleaned_data.get("unit"),
            "entrepreneur": self.cleaned_data.get("person"),
            "entry": self.cleaned_data.get("entry"),
        }
