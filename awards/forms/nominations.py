"""Forms of a unit's nomination, its evidence, and the staff steps around it.

Forms only validate. Window, quota, the nominee's uniqueness in the programme and
the eligibility rules are the services' business (`awards.services`), so a view
hands the cleaned values over and puts a refusal back on the form.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Unit, User
from accounts.rules import OFFICER, STAFF
from accounts.scoping import access_of
from common.forms import DateInput, VndField
from common.uploads import FileContentValidator
from ventures.forms import columns, section
from ventures.models import Entrepreneur, Venture

from ..models import AwardProgramme, Nomination

EVIDENCE_KINDS = ("pdf", "docx", "jpeg", "png")
PHOTO_KINDS = ("jpeg", "png")
# The fields the live eligibility panel reads from the form.
ELIGIBILITY_FIELDS = ("entrepreneur", "venture", "annual_revenue", "jobs_created", "no_violations_declared")


# --- choices the officer may pick from --------------------------------------------------


def nominee_queryset(user, *, current: int | None = None):
    """Young people of the registry the user reaches, and the current nominee when editing."""
    people = Q(pk__in=Entrepreneur.objects.visible_to(user).values("pk"))
    if current:
        people |= Q(pk=current)
    return Entrepreneur.objects.filter(people).select_related("unit").order_by("full_name", "pk")


def venture_queryset(user, *, current: int | None = None):
    """The ventures owned by those young people, each with its owners (for the page's filter)."""
    ventures = Q(owners__in=nominee_queryset(user).values("pk"))
    if current:
        ventures |= Q(pk=current)
    ids = Venture.objects.filter(ventures).values("pk")
    return Venture.objects.filter(pk__in=ids).prefetch_related("owners").order_by("name", "pk")


def nominating_units(user, *, current: Unit | None = None):
    """The units whose name a nomination goes under: an officer's own active units; staff
    any active unit they reach. The unit of the nomination being edited stays choosable."""
    today = timezone.localdate()
    access = access_of(user)
    if access.has_role(STAFF):
        units = Q(pk__in=Unit.objects.visible_to(user).active(today).values("pk"))
    else:
        units = Q(pk__in=[u.pk for u in access.units_by_role.get(OFFICER, ()) if u.is_active_on(today)])
    if current is not None:
        units |= Q(pk=current.pk)
    return Unit.objects.filter(units).order_by("path")


class NomineeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Entrepreneur) -> str:
        return f"{obj.full_name} · {obj.date_of_birth:%d/%m/%Y} · {obj.unit.name}"


class VentureSelect(forms.Select):
    """Each option names the venture's owners, so the page offers only the nominee's ventures."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-owners"] = " ".join(str(o.pk) for o in instance.owners.all())
        return option


# --- the nomination ---------------------------------------------------------------------


class NominationForm(forms.ModelForm):
    """The nominee and their venture, achievements, story and photo, the declaration and the endorsement.

    Evidence files come in `EvidenceFormSet` beside it.
    """

    entrepreneur = NomineeChoiceField(
        label=_("Người được đề nghị"),
        queryset=Entrepreneur.objects.none(),
        empty_label=_("— Chọn trong danh sách thanh niên —"),
    )
    venture = forms.ModelChoiceField(
        label=_("Mô hình kinh tế"),
        queryset=Venture.objects.none(),
        required=False,
        widget=VentureSelect(attrs={"data-nomination-venture": ""}),
        empty_label=_("— Chọn mô hình của người được đề nghị —"),
    )

    class Meta:
        model = Nomination
        fields = [
            "entrepreneur",
            "venture",
            "category",
            "unit",
            *Nomination.ACHIEVEMENT_FIELDS,
            "story",
            "photo",
            "no_violations_declared",
            "endorsement",
        ]
        field_classes = {"annual_revenue": VndField, "annual_profit": VndField, "average_wage": VndField}
        widgets = {
            "technology": forms.Textarea(attrs={"rows": 3}),
            "social_contributions": forms.Textarea(attrs={"rows": 3}),
            "previous_commendations": forms.Textarea(attrs={"rows": 2}),
            "story": forms.Textarea(attrs={"rows": 4}),
            "endorsement": forms.Textarea(attrs={"rows": 3}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
        }

    def __init__(self, *args, programme: AwardProgramme, user, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        instance.programme = programme
        editing = instance.pk is not None
        self.fields["entrepreneur"].queryset = nominee_queryset(
            user, current=instance.entrepreneur_id if editing else None
        )
        self.fields["entrepreneur"].widget.attrs["data-nomination-nominee"] = ""
        self.fields["venture"].queryset = venture_queryset(user, current=instance.venture_id if editing else None)
        self.fields["category"].queryset = programme.categories.all()
        self.fields["category"].empty_label = _("— Chọn lĩnh vực —")
        units = nominating_units(user, current=instance.unit if editing else None)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        for name in ("annual_revenue", "annual_profit", "average_wage"):
            self.fields[name].help_text = _("Ghi số đồng, ví dụ 300.000.000.")
        self.fields["no_violations_declared"].label = _(
            "Đơn vị cam kết người được đề nghị chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của "
            "Nhà nước, không vi phạm pháp luật"
        )
        self.fields["endorsement"].label = _("Ý kiến, xác nhận của đơn vị đề nghị")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            section(_("Người được đề nghị")),
            columns("entrepreneur", "venture"),
            columns("category", "unit"),
            section(_("Thành tích")),
            columns("annual_revenue", "annual_profit"),
            columns("jobs_created", "average_wage"),
            "scale",
            "technology",
            "social_contributions",
            "previous_commendations",
            section(_("Giới thiệu trên trang vinh danh")),
            "story",
            "photo",
            section(_("Cam kết và ý kiến của đơn vị")),
            Field("no_violations_declared"),
            "endorsement",
        )

    def clean(self):
        data = super().clean()
        person, venture = data.get("entrepreneur"), data.get("venture")
        if person is not None and venture is not None and not venture.owners.filter(pk=person.pk).exists():
            self.add_error("venture", _("Mô hình này không do người được đề nghị làm chủ."))
        return data


class EligibilityProbeForm(forms.Form):
    """What the live eligibility panel reads from the half-filled nomination form: leniently,
    so a field still empty or mistyped is simply treated as not given."""

    entrepreneur = forms.ModelChoiceField(queryset=Entrepreneur.objects.none(), required=False)
    venture = forms.ModelChoiceField(queryset=Venture.objects.none(), required=False)
    annual_revenue = VndField(required=False, min_value=0)
    jobs_created = forms.IntegerField(required=False, min_value=0)
    no_violations_declared = forms.BooleanField(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entrepreneur"].queryset = nominee_queryset(user)
        self.fields["venture"].queryset = Venture.objects.filter(pk__in=venture_queryset(user).values("pk"))

    def facts(self) -> dict:
        """The values for `eligibility_checks`, each field that did not validate left empty."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "entrepreneur": data.get("entrepreneur"),
            "venture": data.get("venture"),
            "annual_revenue": data.get("annual_revenue") or 0,
            "jobs_created": data.get("jobs_created") or 0,
            "no_violations_declared": bool(data.get("no_violations_declared")),
        }


# --- evidence ---------------------------------------------------------------------------


class EvidenceForm(forms.Form):
    """One evidence file and its title; a blank row is skipped."""

    title = forms.CharField(label=_("Tên minh chứng"), max_length=255, required=False)
    file = forms.FileField(
        label=_("Tệp (PDF, Word, JPEG, PNG)"),
        required=False,
        validators=[FileContentValidator(kinds=EVIDENCE_KINDS)],
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean(self):
        data = super().clean()
        title, file = data.get("title"), data.get("file")
        if file and not title:
            self.add_error("title", _("Cần ghi tên minh chứng, ví dụ “Giấy chứng nhận đăng ký kinh doanh”."))
        if title and not file and "file" not in self.errors:
            self.add_error("file", _("Chưa chọn tệp cho minh chứng này."))
        return data


class BaseEvidenceFormSet(forms.BaseFormSet):
    def pairs(self) -> list[tuple[str, object]]:
        """(title, uploaded file) of the filled rows, for `nomination_save_draft`."""
        return [
            (form.cleaned_data["title"], form.cleaned_data["file"])
            for form in self.forms
            if form.is_valid() and form.cleaned_data.get("file")
        ]


EvidenceFormSet = forms.formset_factory(EvidenceForm, formset=BaseEvidenceFormSet, extra=3, max_num=10)


def evidence_kinds_label() -> str:
    return FileContentValidator(kinds=EVIDENCE_KINDS).allowed_labels


# --- staff steps ------------------------------------------------------------------------


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do chấp nhận ngoại lệ"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Đơn vị và hồ sơ lưu lại lý do này cùng tên người chấp nhận."),
    )


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name()} ({obj.username})"


class VerificationAssignForm(forms.Form):
    officer = OfficerChoiceField(
        label=_("Cán bộ thẩm định"),
        queryset=User.objects.none(),
        empty_label=_("— Chọn cán bộ —"),
        help_text=_("Cán bộ đơn vị hoặc cán bộ Tỉnh đoàn đến thăm mô hình, ghi kết quả và ảnh."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        holders = Membership.objects.filter(role__in=[Membership.Role.OFFICER, Membership.Role.STAFF])
        self.fields["officer"].queryset = User.objects.filter(
            is_active=True, pk__in=holders.values("user_id")
        ).order_by("full_name", "username")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several photos at once, each checked by its content (JPEG or PNG)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleImageField, self).clean(f, initial) for f in files]
        if not cleaned and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return [f for f in cleaned if f]


class VerificationRecordForm(forms.Form):
    visited_on = forms.DateField(label=_("Ngày thẩm định"), widget=DateInput())
    findings = forms.CharField(
        label=_("Kết quả thẩm định"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Quy mô thực tế, sản phẩm, lao động, đóng góp cho địa phương; điểm khác với hồ sơ nếu có."),
    )
    confirmed = forms.TypedChoiceField(
        label=_("Thông tin trong hồ sơ"),
        choices=[("yes", _("Đúng thực tế")), ("no", _("Không đúng thực tế"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    photos = MultipleImageField(
        label=_("Ảnh thẩm định (JPEG, PNG; chọn được nhiều ảnh)"),
        required=False,
        validators=[FileContentValidator(kinds=PHOTO_KINDS)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            columns("visited_on", "confirmed"),
            "findings",
            "photos",
        )

    @staticmethod
    def initial_for(verification) -> dict:
        confirmed = {None: None, True: "yes", False: "no"}[verification.confirmed]
        return {
            "visited_on": verification.visited_on or timezone.localdate(),
            "findings": verification.findings,
            "confirmed": confirmed,
        }
