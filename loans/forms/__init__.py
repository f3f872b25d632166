"""The loans forms: they validate input; limits and steps are checked again by the services."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import limit_owner_field
from accounts.models import Membership, Unit, User
from accounts.scoping import unit_scope_q
from accounts.widgets import UnitPicker, use_unit_picker
from common.forms import DateInput, VndField
from common.validators import normalize_phone
from ventures.models import Entrepreneur, Venture

from .. import workflow
from ..models import (
    BankBranch,
    GroupGrade,
    LoanProgramme,
    MobilisationEvent,
    PartnerAgreement,
    Referral,
    SavingsGroup,
)


class HelperMixin:
    def _helper(self) -> None:
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


def unit_choices(user):
    return Unit.objects.visible_to(user).active().order_by("path")


class ReferralForm(HelperMixin, forms.ModelForm):
    amount = VndField(label=_("Số tiền đề nghị vay (đồng)"), min_value=1)

    class Meta:
        model = Referral
        fields = [
            "unit",
            "entrepreneur",
            "programme",
            "borrower_kind",
            "amount",
            "term_months",
            "purpose",
            "jobs_created",
            "venture",
            "group",
            "submitted_on",
        ]
        widgets = {"submitted_on": DateInput(), "purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        self.fields["unit"].queryset = unit_choices(user)
        use_unit_picker(self.fields["unit"], active_only=True)
        self.fields["entrepreneur"].queryset = Entrepreneur.objects.visible_to(user).order_by("full_name")
        # The unit's union's programmes and those above it; the service checks the unit chosen.
        self.fields["programme"].queryset = LoanProgramme.objects.visible_to(user).filter(is_active=True)
        self.fields["venture"].queryset = Venture.objects.visible_to(user).order_by("name")
        self.fields["group"].queryset = SavingsGroup.objects.visible_to(user).filter(is_active=True)
        self.fields["submitted_on"].initial = timezone.localdate()
        self.fields["submitted_on"].help_text = _("Ngày thanh niên nộp hồ sơ tại tổ tiết kiệm và vay vốn.")
        units = list(self.fields["unit"].queryset[:2])
        if len(units) == 1:
            self.fields["unit"].initial = units[0]
        if editing:
            for name in ("unit", "entrepreneur", "submitted_on"):
                del self.fields[name]


class StepForm(HelperMixin, forms.Form):
    to_status = forms.ChoiceField(label=_("Bước tiếp theo"))
    on = forms.DateField(label=_("Ngày"), widget=DateInput())
    amount = VndField(label=_("Số tiền (đồng)"), required=False, min_value=1)
    term_months = forms.IntegerField(label=_("Thời hạn (tháng)"), required=False, min_value=1)
    branch = forms.ModelChoiceField(
        label=_("Nơi nhận hồ sơ"),
        queryset=BankBranch.objects.all(),
        required=False,
        help_text=_("Để trống: chi nhánh, phòng giao dịch phục vụ đơn vị."),
    )
    note = forms.CharField(label=_("Ghi chú, lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, referral: Referral, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        from ..services.referrals import branches_serving, may_record

        steps = [t for t in workflow.next_steps(referral.status) if may_record(user, referral, t.side)]
        self.fields["to_status"].choices = [(t.target, Referral.Status(t.target).label) for t in steps]
        self.fields["on"].initial = timezone.localdate()
        self.available = bool(steps)
        targets = {t.target for t in steps}
        if Referral.Status.SENT_TO_BANK not in targets:
            del self.fields["branch"]
        else:
            self.fields["branch"].queryset = branches_serving(referral.unit).order_by("name")
        if not targets & {Referral.Status.APPROVED, Referral.Status.DISBURSED}:
            del self.fields["amount"]
            del self.fields["term_months"]
        elif Referral.Status.APPROVED not in targets:
            del self.fields["term_months"]


class GroupForm(HelperMixin, forms.ModelForm):
    outstanding_balance = VndField(label=_("Dư nợ (đồng)"), min_value=0, initial=0)
    overdue_balance = VndField(label=_("Nợ quá hạn (đồng)"), min_value=0, initial=0)
    savings_balance = VndField(label=_("Tiền gửi tiết kiệm (đồng)"), min_value=0, initial=0)

    class Meta:
        model = SavingsGroup
        fields = [
            "unit",
            "name",
            "leader_name",
            "leader_phone",
            "hamlet",
            "branch",
            "member_count",
            "outstanding_balance",
            "overdue_balance",
            "savings_balance",
            "balances_on",
            "is_active",
        ]
        widgets = {"balances_on": DateInput()}

    def clean_leader_phone(self):
        return normalize_phone(self.cleaned_data["leader_phone"])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        self.fields["unit"].queryset = unit_choices(user)
        use_unit_picker(self.fields["unit"], active_only=True)
        self.fields["branch"].queryset = BankBranch.objects.visible_to(user)
        self.fields["member_count"].widget.attrs.update(min=5, max=60)
        self.fields["member_count"].error_messages.update(
            min_value=_("Tổ tiết kiệm và vay vốn phải có ít nhất 5 thành viên."),
            max_value=_("Tổ tiết kiệm và vay vốn có tối đa 60 thành viên."),
        )


class GradeForm(HelperMixin, forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    grade = forms.ChoiceField(label=_("Xếp loại"), choices=GroupGrade.Grade.choices)
    graded_on = forms.DateField(label=_("Ngày xếp loại"), widget=DateInput())
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["graded_on"].initial = today


class ProgrammeForm(HelperMixin, forms.ModelForm):
    max_per_borrower = VndField(label=_("Mức vay tối đa mỗi người (đồng)"), min_value=1)
    max_per_project = VndField(label=_("Mức vay tối đa mỗi dự án (đồng)"), min_value=1, required=False)

    class Meta:
        model = LoanProgramme
        fields = [
            "owner",
            "name",
            "code",
            "lender",
            "lender_name",
            "legal_basis",
            "description",
            "max_per_borrower",
            "max_per_project",
            "max_term_months",
            "interest_rate",
            "takes_contest_entries",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        limit_owner_field(self, user=user)


class BranchForm(HelperMixin, forms.ModelForm):
    class Meta:
        model = BankBranch
        fields = ["province", "name", "kind", "parent", "address", "phone", "units", "liaisons"]
        widgets = {
            "units": forms.SelectMultiple(attrs={"size": 8}),
            "liaisons": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        limit_owner_field(self, user=user, name="province")
        self.fields["province"].queryset = self.fields["province"].queryset.filter(kind=Unit.Kind.PROVINCE)
        # The units, liaisons and parent branches of the user's own province(s); the service
        # refuses a served unit outside the branch's province.
        self.fields["units"].queryset = unit_choices(user)
        liaison_roles = Membership.objects.filter(role=Membership.Role.BANK_LIAISON).filter(unit_scope_q(user))
        self.fields["liaisons"].queryset = User.objects.filter(
            pk__in=liaison_roles.values("user"), is_active=True
        ).order_by("full_name")
        parents = BankBranch.objects.run_by(user)
        self.fields["parent"].queryset = parents.exclude(pk=self.instance.pk) if self.instance.pk else parents


class EventForm(HelperMixin, forms.ModelForm):
    amount_mobilised = VndField(label=_("Số tiền huy động được (đồng)"), min_value=0, initial=0)

    class Meta:
        model = MobilisationEvent
        fields = ["unit", "title", "held_on", "place", "participants", "new_savers", "amount_mobilised", "note"]
        widgets = {"held_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        self.fields["unit"].queryset = unit_choices(user)
        use_unit_picker(self.fields["unit"], active_only=True)

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("Chỉ ghi nhận hoạt động đã tổ chức: ngày không được ở tương lai."))
        return held_on


class AgreementForm(HelperMixin, forms.ModelForm):
    amount_committed = VndField(label=_("Số tiền cam kết (đồng)"), min_value=0, initial=0)

    class Meta:
        model = PartnerAgreement
        fields = [
            "unit",
            "partner_name",
            "partner_kind",
            "title",
            "signed_on",
            "ends_on",
            "amount_committed",
            "projects_supported",
            "note",
        ]
        widgets = {"signed_on": DateInput(), "ends_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        self.fields["unit"].queryset = unit_choices(user)
        use_unit_picker(self.fields["unit"], active_only=True)


class ReferralFilterForm(forms.Form):
    q = forms.CharField(label=_("Tên người vay"), required=False)
    status = forms.ChoiceField(label=_("Bước"), required=False)
    programme = forms.ModelChoiceField(
        label=_("Chương trình"), queryset=LoanProgramme.objects.none(), required=False, empty_label=_("Tất cả")
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label=_("Tất cả"), widget=UnitPicker
    )
    date_from = forms.DateField(label=_("Nộp từ ngày"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("đến ngày"), required=False, widget=DateInput())
    late = forms.BooleanField(label=_("Chỉ hồ sơ chậm"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Tất cả"))] + list(Referral.Status.choices)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).order_by("path")
        self.fields["programme"].queryset = LoanProgramme.objects.visible_to(user)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
            else:
                field.widget.attrs["class"] = "form-control form-control-sm"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
