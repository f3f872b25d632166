"""Forms of a unit's side of the contest: an entry with its team, and its attachments.

Forms only validate. The view creates the new team members in the registry and
saves the entry through the services, so window, quota, team size, a single lead
and the age range are decided in one place (`services._validate_team`).
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.choices import Ethnicity, Gender
from common.forms import DateInput, VndField, VndInput
from common.uploads import FILE_KINDS, FileContentValidator
from common.validators import normalize_phone
from ventures.forms import UnitChoiceMixin, columns, section
from ventures.models import Entrepreneur

from ..models import Contest, Entry, EntryAttachment
from ..services.entries import TeamRow

# --- the entry ------------------------------------------------------------------------


class EntryForm(UnitChoiceMixin, forms.ModelForm):
    """The idea and the unit sending it; the team comes in `TeamFormSet` beside it."""

    video_url = forms.URLField(
        label=_("Đường dẫn video giới thiệu"),
        required=False,
        assume_scheme="https",
        max_length=200,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    class Meta:
        model = Entry
        fields = [
            "title",
            "category",
            "unit",
            "summary",
            "problem",
            "solution",
            "market",
            "business_model",
            "capital_needed",
            "video_url",
        ]
        field_classes = {"capital_needed": VndField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "problem": forms.Textarea(attrs={"rows": 3}),
            "solution": forms.Textarea(attrs={"rows": 3}),
            "market": forms.Textarea(attrs={"rows": 3}),
            "business_model": forms.Textarea(attrs={"rows": 3}),
            "capital_needed": VndInput(),
        }

    def __init__(self, *args, contest: Contest, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.contest = contest
        self.fields["category"].queryset = contest.categories.all()
        self.fields["category"].empty_label = _("— Chọn lĩnh vực —")
        self.limit_units(user=user)
        self.fields["capital_needed"].help_text = _("Ghi số đồng, ví dụ 300.000.000.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            section(_("Ý tưởng, dự án")),
            "title",
            columns("category", "unit"),
            "summary",
            "problem",
            "solution",
            section(_("Thị trường và mô hình kinh doanh")),
            "market",
            "business_model",
            columns("capital_needed", "video_url"),
        )

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())


# --- the team -------------------------------------------------------------------------

# Fields that describe a person not yet in the registry.
NEW_PERSON_FIELDS = ("full_name", "date_of_birth", "gender", "ethnicity", "phone")


def people_choices(people) -> list[tuple[int, str]]:
    """Select options for registry people, from plain rows (pk, full_name, date_of_birth, unit__name)."""
    return [(p["pk"], f"{p['full_name']} · {p['date_of_birth']:%d/%m/%Y} · {p['unit__name']}") for p in people]


class TeamMemberForm(forms.Form):
    entrepreneur = forms.TypedChoiceField(
        label=_("Chọn trong danh sách thanh niên"), coerce=int, empty_value=None, required=False
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    date_of_birth = forms.DateField(label=_("Ngày sinh"), required=False, widget=DateInput())
    gender = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), *Gender.choices], required=False)
    # Not required: the page's script disables a row's new-person fields while a registry
    # person is picked, and a disabled field is not posted.
    ethnicity = forms.ChoiceField(
        label=_("Dân tộc"), choices=Ethnicity.choices, initial=Ethnicity.KINH, required=False
    )
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    is_lead = forms.BooleanField(label=_("Trưởng nhóm"), required=False)
    responsibility = forms.CharField(label=_("Nhiệm vụ trong nhóm"), max_length=150, required=False)

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entrepreneur"].choices = [("", _("— Người mới, nhập bên dưới —")), *choices]
        self.fields["is_lead"].widget.attrs["data-team-lead"] = ""
        self.fields["entrepreneur"].widget.attrs["data-team-pick"] = ""
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            columns("entrepreneur", "responsibility"),
            Div(
                HTML(
                    '<p class="small text-muted mb-1">'
                    + str(_("Chưa có trong danh sách? Nhập người mới; người này được đăng ký vào đơn vị gửi bài."))
                    + "</p>"
                ),
                columns("full_name", "date_of_birth"),
                columns("gender", "ethnicity", "phone"),
                css_class="team-new-person",
                data_team_new="",
            ),
            Field("is_lead"),
        )
        # The formset adds a "remove" box to saved rows after this runs; render it too.
        self.helper.render_unmentioned_fields = True

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"]) if self.cleaned_data["phone"] else ""

    def clean(self):
        data = super().clean()
        picked = data.get("entrepreneur")
        # Ethnicity always carries a value (Kinh by default), so it does not count as typed.
        typed = any(data.get(name) for name in NEW_PERSON_FIELDS if name != "ethnicity") or any(
            name in self.errors for name in NEW_PERSON_FIELDS
        )
        self.is_blank = not picked and not typed
        if picked and typed:
            raise ValidationError(
                _("Hãy chọn một người trong danh sách hoặc nhập người mới, không làm cả hai."), code="both"
            )
        if self.is_blank and (data.get("is_lead") or data.get("responsibility")):
            raise ValidationError(_("Hãy chọn một người trong danh sách hoặc nhập thông tin người mới."), code="empty")
        if typed:
            for name in ("full_name", "date_of_birth", "gender"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Cần nhập với thành viên mới."))
            if not self.errors:
                self._validate_as_registry_record(data)
        return data

    def _validate_as_registry_record(self, data) -> None:
        # The registry's own validators (date of birth not in the future, phone format),
        # before anything is written; the unit is the entry's, known only to the view.
        person = Entrepreneur(**self._new_person(data))
        try:
            person.full_clean(exclude=["unit", "created_by"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)

    @staticmethod
    def _new_person(data) -> dict:
        return {
            "full_name": data["full_name"],
            "date_of_birth": data["date_of_birth"],
            "gender": data["gender"],
            "ethnicity": data.get("ethnicity") or Ethnicity.KINH,
            "phone": data.get("phone", ""),
        }

    def row(self) -> TeamRow:
        data = self.cleaned_data
        return TeamRow(
            entrepreneur_id=data.get("entrepreneur"),
            new_person=None if data.get("entrepreneur") else self._new_person(data),
            is_lead=bool(data.get("is_lead")),
            responsibility=data.get("responsibility", "").strip(),
        )


class BaseTeamFormSet(forms.BaseFormSet):
    """Up to the contest's team size of members, each picked or typed.

    The registry choices are read once and shared by every row, so the page costs
    the same number of queries whatever the team size.
    """

    def __init__(self, *args, user, contest: Contest, entry: Entry | None = None, **kwargs):
        self.user = user
        self.contest = contest
        visible = Entrepreneur.objects.visible_to(user)
        current = entry.team.values("entrepreneur_id") if entry is not None and entry.pk else None
        people = visible if current is None else Entrepreneur.objects.filter(pk__in=current) | visible
        self.choices = people_choices(
            people.order_by("full_name", "pk").values("pk", "full_name", "date_of_birth", "unit__name")
        )
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "choices": self.choices}

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Bỏ khỏi nhóm")

    def clean(self) -> None:
        if any(self.errors):
            return
        rows = self.rows()
        if not rows:
            raise ValidationError(_("Nhóm cần ít nhất một thành viên."), code="no_team")
        self._refuse_registry_duplicates(rows)

    def _refuse_registry_duplicates(self, rows: list[TeamRow]) -> None:
        """A new person who is already in the registry must be picked, not typed again:
        the young person is one record across every programme."""
        typed = [r.new_person for r in rows if r.new_person]
        if not typed:
            return
        names = {p["full_name"].casefold() for p in typed}
        births = {p["date_of_birth"] for p in typed}
        known = {
            (name.casefold(), born)
            for name, born in Entrepreneur.objects.visible_to(self.user)
            .filter(date_of_birth__in=births)
            .values_list("full_name", "date_of_birth")
            if name.casefold() in names
        }
        for person in typed:
            if (person["full_name"].casefold(), person["date_of_birth"]) in known:
                raise ValidationError(
                    _(
                        "%(name)s, sinh ngày %(born)s, đã có trong danh sách thanh niên; "
                        "hãy chọn người này trong danh sách thay vì nhập mới."
                    )
                    % {"name": person["full_name"], "born": person["date_of_birth"].strftime("%d/%m/%Y")},
                    code="already_registered",
                )

    def rows(self) -> list[TeamRow]:
        """The filled, not removed rows, in the order shown."""
        return [
            form.row()
            for form in self.forms
            if form.is_valid()
            and not getattr(form, "is_blank", True)
            and not (self.can_delete and self._should_delete_form(form))
        ]


def team_formset_class(contest: Contest, *, form=None, formset=None, can_delete: bool = True):
    """A formset class sized by the contest's team limit (a team of up to 3 shows 3 rows): the
    officer's team rows by default, or another form and formset (an applicant's typed rows)."""
    size = contest.max_team_size
    return forms.formset_factory(
        form or TeamMemberForm,
        formset=formset or BaseTeamFormSet,
        extra=size,
        max_num=size,
        # Rows beyond the limit are still read so the rules' own message can say how many
        # people were sent; a gross excess is cut off by Django's absolute maximum.
        absolute_max=size + 10,
        can_delete=can_delete,
        can_delete_extra=False,
    )


def team_initial(entry: Entry) -> list[dict]:
    """The saved team as the formset's initial rows (lead first)."""
    return [
        {"entrepreneur": m.entrepreneur_id, "is_lead": m.role == m.Role.LEAD, "responsibility": m.responsibility}
        for m in entry.team.all()
    ]


# --- attachments ----------------------------------------------------------------------

# What each kind of document may be, checked on the file's content.
ATTACHMENT_FILE_KINDS = {
    EntryAttachment.Kind.BUSINESS_PLAN: ("pdf", "docx"),
    EntryAttachment.Kind.SLIDES: ("pptx", "pdf"),
    EntryAttachment.Kind.IMAGE: ("jpeg", "png"),
    EntryAttachment.Kind.OTHER: ("pdf", "docx", "pptx", "jpeg", "png"),
}


def attachment_kinds_help() -> list[tuple[str, str]]:
    """(kind label, accepted files) for the upload page."""
    return [
        (EntryAttachment.Kind(kind).label, ", ".join(FILE_KINDS[k].label for k in kinds))
        for kind, kinds in ATTACHMENT_FILE_KINDS.items()
    ]


class EntryAttachmentForm(forms.ModelForm):
    class Meta:
        model = EntryAttachment
        fields = ["kind", "file"]

    def __init__(self, *args, entry: Entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.entry = entry
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(columns("kind", "file"))

    def clean(self):
        data = super().clean()
        kind, uploaded = data.get("kind"), data.get("file")
        if kind and uploaded:
            try:
                FileContentValidator(kinds=ATTACHMENT_FILE_KINDS[kind])(uploaded)
            except ValidationError as error:
                if error.code == "file_type":
                    error = ValidationError(
                        _("%(kind)s chỉ nhận tệp %(allowed)s; tệp này không đúng loại.")
                        % {
                            "kind": EntryAttachment.Kind(kind).label,
                            "allowed": ", ".join(FILE_KINDS[k].label for k in ATTACHMENT_FILE_KINDS[kind]),
                        },
                        code="file_type",
                    )
                self.add_error("file", error)
        return data
