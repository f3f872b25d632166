"""Forms of a young person applying themselves: their account, their idea with its team, and
their unit's answer. The idea reuses the unit's `EntryForm` and team rows; the person types
every member (they do not see the registry), and the unit is chosen under the contest's owner."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.antispam import HoneypotFormMixin
from common.choices import Gender
from common.forms import DateInput
from common.validators import normalize_phone
from ventures.forms import columns

from ..models import Contest, Entry
from ..privacy import APPLICANT_CONSENT_TEXT
from ..selectors.apply import units_open_to_applicants
from .entries import BaseTeamFormSet, EntryForm, TeamMemberForm, team_formset_class


class ApplicantSignUpForm(HoneypotFormMixin, forms.Form):
    """A young person's account: verified by a code sent to the email address."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    date_of_birth = forms.DateField(label=_("Ngày sinh"), widget=DateInput())
    gender = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), *Gender.choices])
    email = forms.EmailField(
        label=_("Email"), help_text=_("Mã xác thực được gửi đến địa chỉ này; đây cũng là tên đăng nhập.")
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        help_text=_("Để đơn vị liên hệ. Cổng chưa gửi được tin nhắn SMS nên tài khoản được xác thực qua email."),
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    consent = forms.BooleanField(
        label=_("Tôi đã đọc và đồng ý với nội dung xử lý dữ liệu cá nhân ở trên."),
        required=True,
        error_messages={"required": _("Cần đồng ý cho phép xử lý dữ liệu cá nhân để đăng ký.")},
    )

    consent_text = APPLICANT_CONSENT_TEXT

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "full_name",
            columns("date_of_birth", "gender"),
            columns("email", "phone"),
            columns("password1", "password2"),
            HTML('<div class="alert alert-light border small">' + str(self.consent_text) + "</div>"),
            Field("consent"),
            "website",
        )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"]) if self.cleaned_data["phone"] else ""

    def clean(self):
        data = super().clean()
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("Hai lần nhập mật khẩu không khớp."))
        elif one:
            try:
                validate_password(one)
            except ValidationError as error:
                self.add_error("password1", error)
        return data


class ApplicantVerifyForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class ApplicationForm(EntryForm):
    """The unit's entry form, for a young person: their unit is picked among the units under the
    contest's owner (the service checks it again)."""

    def __init__(self, *args, contest: Contest, user, **kwargs):
        super().__init__(*args, contest=contest, user=user, **kwargs)
        self.fields["unit"].queryset = units_open_to_applicants(contest).order_by("path")
        self.fields["unit"].label = _("Gửi đến đơn vị Đoàn")
        self.fields["unit"].help_text = _(
            "Đơn vị Đoàn nơi bạn sinh hoạt, học tập hoặc làm việc; đơn vị sẽ xác nhận ý tưởng."
        )
        if not self.instance.pk:
            self.initial.pop("unit", None)


class ApplicantTeamMemberForm(TeamMemberForm):
    """A team row where every member is typed: the applicant does not see the registry."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entrepreneur"].widget = forms.HiddenInput()
        self.helper.layout = Layout(
            columns("full_name", "date_of_birth"),
            columns("gender", "ethnicity", "phone"),
            Div(columns("responsibility"), Field("is_lead")),
        )


class ApplicantTeamFormSet(BaseTeamFormSet):
    def __init__(self, *args, user, contest: Contest, entry: Entry | None = None, **kwargs):
        # No registry choices for an applicant: every person is typed.
        self.user, self.contest, self.choices = user, contest, []
        forms.BaseFormSet.__init__(self, *args, **kwargs)

    def clean(self) -> None:
        if any(self.errors):
            return
        if not self.rows():
            raise ValidationError(_("Nhóm cần ít nhất một thành viên."), code="no_team")


def applicant_team_formset_class(contest: Contest):
    return team_formset_class(contest, form=ApplicantTeamMemberForm, formset=ApplicantTeamFormSet, can_delete=False)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến gửi người viết ý tưởng"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
